"""Citations that apply to this citizen: the scope of each law, as data (``citation_scope.yaml``).

:func:`applicable` keeps a reason's citations whose scope holds for the facts (a law with no
scope applies to everyone the rule applies to). The conditions are the rules' own language,
parsed by :func:`dialogs.eligibility.conditions.parse_condition`, so a lawyer writes them the
same way and a typo in a fact or value is refused when the file is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

from dialogs.eligibility.conditions import Condition, ConditionError, parse_condition
from dialogs.eligibility.facts import FactValue
from knowledge.yamlio import read_yaml

__all__ = ["SCOPE_FILE", "CitationScope", "applicable", "citation_scope", "parse_scope"]

SCOPE_FILE = Path(__file__).with_name("citation_scope.yaml")


class _Cited(Protocol):
    @property
    def law(self) -> str: ...

    @property
    def article(self) -> str: ...


C = TypeVar("C", bound=_Cited)


class CitationScope:
    """Conditions by law name and by "law article"."""

    def __init__(self, laws: Mapping[str, Condition], articles: Mapping[str, Condition]):
        self.laws = dict(laws)
        self.articles = dict(articles)

    def applies(self, citation: _Cited, facts: Mapping[str, FactValue]) -> bool:
        """True when the citation's scope holds for ``facts`` (no scope: always)."""
        condition = self.articles.get(f"{citation.law} {citation.article}".strip())
        condition = condition or self.laws.get(citation.law)
        return condition is None or condition.evaluate(facts).result is True


def parse_scope(raw: object) -> CitationScope:
    """Validate the parsed scope file."""
    if not isinstance(raw, Mapping) or set(raw) - {"laws", "articles"}:
        raise ConditionError("citation scope: expected 'laws' and 'articles' mappings")
    sections = []
    for name in ("laws", "articles"):
        table = raw.get(name) or {}
        if not isinstance(table, Mapping):
            raise ConditionError(f"citation scope: {name} must be a mapping")
        sections.append(
            {str(k): parse_condition(v, f"citation scope {k}") for k, v in table.items()}
        )
    return CitationScope(*sections)


@lru_cache(maxsize=1)
def citation_scope() -> CitationScope:
    """The packaged scope file, read once."""
    return parse_scope(read_yaml(SCOPE_FILE))


def applicable(
    citations: Iterable[C], facts: Mapping[str, FactValue], scope: CitationScope | None = None
) -> tuple[C, ...]:
    """The citations that apply to ``facts``; all of them when none would be left."""
    given = tuple(citations)
    scope = scope or citation_scope()
    kept = tuple(c for c in given if scope.applies(c, facts))
    return kept or given
