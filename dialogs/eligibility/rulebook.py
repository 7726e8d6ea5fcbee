"""The rule book: ``rules.yaml`` loaded into typed, validated objects.

Validation is strict because a lawyer edits the file by hand: an unknown key anywhere, an
unknown fact or value, a step or checklist item that is not defined, an outcome that no rule
gives, a flag no entry raises, a verdict for an unknown outcome, or a last rule that is not a
catch-all is a :class:`RulesError` naming the place.

A rules file is written over a :class:`~dialogs.eligibility.scheme.Scheme` (its facts,
outcomes and flags); the support-lawsuit scheme is the default, and judicial relief
(``dialogs/relief/``) loads its own file through the same functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from dialogs.eligibility.book import (
    FLAGS,
    LANGUAGES,
    OUTCOMES,
    Citation,
    Flag,
    Rule,
    RuleBook,
    Step,
    Text,
    Verdict,
    localised,
)
from dialogs.eligibility.conditions import Condition, ConditionError, parse_condition
from dialogs.eligibility.facts import ELIGIBILITY
from dialogs.eligibility.scheme import FactError, FactValue, Scheme
from knowledge.yamlio import read_yaml

__all__ = [
    "FLAGS",
    "LANGUAGES",
    "OUTCOMES",
    "Citation",
    "Flag",
    "Rule",
    "RuleBook",
    "RulesError",
    "Step",
    "Text",
    "Verdict",
    "default_rulebook",
    "load_rulebook",
    "localised",
]

RULES_FILE = Path(__file__).with_name("rules.yaml")

_TOP_KEYS = {"version", "outcomes", "verdicts", "rules", "flags", "steps", "evidence"}
_RULE_KEYS = {"id", "step", "when", "outcome", "continue", "assume", "citations", "reason"}
_RULE_KEYS |= {"next_steps"}
_FLAG_KEYS = {"id", "raises", "when", "applies_to", "citations", "reason"}
_VERDICT_KEYS = {"id", "outcome", "rule", "when", "text"}


class RulesError(ValueError):
    """The rules file is malformed; the message names the rule or section."""


@lru_cache(maxsize=1)
def default_rulebook() -> RuleBook:
    """The rule book shipped next to this module, loaded once on first use."""
    return load_rulebook(RULES_FILE)


def load_rulebook(path: Path, scheme: Scheme = ELIGIBILITY) -> RuleBook:
    """Read and validate a rules file written over ``scheme``."""
    return parse_rulebook(read_yaml(path), scheme)


def parse_rulebook(raw: object, scheme: Scheme = ELIGIBILITY) -> RuleBook:
    """Validate the parsed YAML document and build the rule book."""
    doc = _mapping(raw, "rules file", required=_TOP_KEYS, allowed=_TOP_KEYS)
    steps = _steps(doc["steps"])
    evidence = _mapping(
        doc["evidence"],
        "evidence",
        {"items", "checklists"},
        {"items", "checklists", "checklists_by_outcome"},
    )
    items = {
        k: _text(v, f"evidence item {k}") for k, v in _mapping(evidence["items"], "items").items()
    }
    book = RuleBook(
        scheme=scheme,
        rules=tuple(_rule(r, steps, scheme) for r in _list(doc["rules"], "rules")),
        flags=tuple(_flag(f, scheme) for f in _list(doc["flags"], "flags")),
        outcomes=_outcomes(doc["outcomes"], scheme),
        verdicts=tuple(_verdict(v, scheme) for v in _list(doc.get("verdicts", []), "verdicts")),
        steps=MappingProxyType(steps),
        evidence_items=MappingProxyType(items),
        checklists=MappingProxyType(_checklists(evidence["checklists"], items, scheme)),
        outcome_checklists=MappingProxyType(
            _checklists(evidence.get("checklists_by_outcome", {}), items, scheme, by_outcome=True)
        ),
    )
    _check_whole(book)
    return book


def _check_whole(book: RuleBook) -> None:
    ids = [r.id for r in book.rules]
    if len(set(ids)) != len(ids):
        raise RulesError("rule ids must be unique")
    missing = set(book.scheme.outcomes) - {r.outcome for r in book.rules}
    if missing:
        raise RulesError(f"no rule gives the outcome(s) {sorted(missing)}")
    last = book.rules[-1]
    if last.outcome is None or last.condition.tests():
        raise RulesError(f"the last rule ({last.id}) must give an outcome with no conditions")
    entries = [f.id for f in book.flags] + [v.id for v in book.verdicts]
    if len(set(entries)) != len(entries):
        raise RulesError("flag and verdict ids must be unique")
    for verdict in book.verdicts:
        rule = next((r for r in book.rules if r.id == verdict.rule), None)
        if verdict.rule and (rule is None or rule.outcome != verdict.outcome):
            raise RulesError(f"verdict {verdict.id}: no rule {verdict.rule!r} gives that outcome")
    flags = book.scheme.flags
    if {f.raises for f in book.flags} != set(flags):
        raise RulesError(f"the flag entries must raise exactly {list(flags)}")


def _rule(raw: object, steps: Mapping[str, Step], scheme: Scheme) -> Rule:
    where = f"rule {raw.get('id', '?') if isinstance(raw, Mapping) else '?'}"
    by_keys = {f"next_steps_by_{s}" for s in scheme.steps_by}
    by_keys |= {f"citations_by_{s}" for s in scheme.citations_by}
    required = {"id", "step", "citations", "reason"}
    doc = _mapping(raw, where, required=required, allowed=_RULE_KEYS | by_keys)
    if ("outcome" in doc) == bool(doc.get("continue")):
        raise RulesError(f"{where}: give either an outcome or 'continue: true'")
    outcome = doc.get("outcome")
    if outcome is not None and outcome not in scheme.outcomes:
        raise RulesError(f"{where}: unknown outcome {outcome!r}")
    return Rule(
        id=str(doc["id"]),
        step=str(doc["step"]),
        condition=_condition(doc.get("when"), where, scheme),
        outcome=outcome,
        assume=_assume(doc.get("assume"), where, scheme),
        citations=_citations(doc["citations"], where),
        reason=_text(doc["reason"], f"{where} reason"),
        next_steps=_step_ids(doc.get("next_steps", []), steps, where),
        next_steps_by=MappingProxyType(
            {
                fact: _steps_by(doc, f"next_steps_by_{suffix}", fact, steps, where, scheme)
                for suffix, fact in scheme.steps_by.items()
            }
        ),
        citations_by=MappingProxyType(
            {
                fact: _citations_by(doc, f"citations_by_{suffix}", fact, where, scheme)
                for suffix, fact in scheme.citations_by.items()
            }
        ),
    )


def _flag(raw: object, scheme: Scheme) -> Flag:
    where = f"flag {raw.get('id', '?') if isinstance(raw, Mapping) else '?'}"
    doc = _mapping(raw, where, required=_FLAG_KEYS - {"raises"}, allowed=_FLAG_KEYS)
    applies_to = frozenset(str(o) for o in _list(doc["applies_to"], f"{where} applies_to"))
    if not applies_to <= set(scheme.outcomes):
        raise RulesError(f"{where}: applies_to names unknown outcomes {sorted(applies_to)}")
    raises = str(doc.get("raises", doc["id"]))
    if raises not in scheme.flags:
        raise RulesError(f"{where}: raises unknown flag {raises!r} (flags: {list(scheme.flags)})")
    return Flag(
        id=str(doc["id"]),
        raises=raises,
        condition=_condition(doc["when"], where, scheme),
        applies_to=applies_to,
        citations=_citations(doc["citations"], where),
        reason=_text(doc["reason"], f"{where} reason"),
    )


def _verdict(raw: object, scheme: Scheme) -> Verdict:
    where = f"verdict {raw.get('id', '?') if isinstance(raw, Mapping) else '?'}"
    doc = _mapping(raw, where, required=_VERDICT_KEYS - {"rule", "when"}, allowed=_VERDICT_KEYS)
    if doc["outcome"] not in scheme.outcomes:
        raise RulesError(f"{where}: unknown outcome {doc['outcome']!r}")
    return Verdict(
        id=str(doc["id"]),
        outcome=str(doc["outcome"]),
        rule=str(doc.get("rule", "")),
        condition=_condition(doc.get("when"), where, scheme),
        text=_text(doc["text"], f"{where} text"),
    )


def _condition(raw: object, where: str, scheme: Scheme) -> Condition:
    try:
        return parse_condition(raw, where, scheme)
    except ConditionError as exc:
        raise RulesError(str(exc)) from exc


def _assume(raw: object, where: str, scheme: Scheme) -> Mapping[str, FactValue]:
    if raw is None:
        return MappingProxyType({})
    raw = _mapping(raw, f"{where} assume")
    fixed = {k: ("yes" if v else "no") if isinstance(v, bool) else v for k, v in raw.items()}
    try:
        return MappingProxyType(scheme.validate_facts(fixed))
    except FactError as exc:
        raise RulesError(f"{where} assume: {exc}") from exc


def _citations(raw: object, where: str) -> tuple[Citation, ...]:
    result = []
    for item in _list(raw, f"{where} citations"):
        doc = _mapping(item, f"{where} citation", {"law", "article"}, {"law", "article", "note"})
        result.append(Citation(str(doc["law"]), str(doc["article"]), str(doc.get("note", ""))))
    if not result:
        raise RulesError(f"{where}: at least one citation is required")
    return tuple(result)


def _citations_by(
    doc: Mapping[str, object], key: str, fact: str, where: str, scheme: Scheme
) -> Mapping[str, tuple[Citation, ...]]:
    """Extra citations for some values of a fact (the law that protects that group)."""
    table = _mapping(doc.get(key, {}), f"{where} {key}", allowed=set(scheme.fact_values[fact]))
    return MappingProxyType({str(k): _citations(v, f"{where} {k}") for k, v in table.items()})


def _steps(raw: object) -> dict[str, Step]:
    steps = {}
    for key, value in _mapping(raw, "steps").items():
        doc = _mapping(value, f"step {key}", set(LANGUAGES), {*LANGUAGES, "phone"})
        text = _text({lang: doc[lang] for lang in LANGUAGES}, f"step {key}")
        steps[str(key)] = Step(str(key), str(doc.get("phone", "")), text)
    return steps


def _step_ids(raw: object, steps: Mapping[str, Step], where: str) -> tuple[str, ...]:
    ids = tuple(str(s) for s in _list(raw, f"{where} next_steps"))
    unknown = [s for s in ids if s not in steps]
    if unknown:
        raise RulesError(f"{where}: unknown next step(s) {unknown}")
    return ids


def _steps_by(
    doc: Mapping[str, object],
    key: str,
    fact: str,
    steps: Mapping[str, Step],
    where: str,
    scheme: Scheme,
) -> Mapping[str, tuple[str, ...]]:
    table = _mapping(doc.get(key, {}), f"{where} {key}", allowed=set(scheme.fact_values[fact]))
    return MappingProxyType({str(k): _step_ids(v, steps, where) for k, v in table.items()})


def _outcomes(raw: object, scheme: Scheme) -> Mapping[str, Text]:
    names = set(scheme.outcomes)
    doc = _mapping(raw, "outcomes", required=names, allowed=names)
    return MappingProxyType({k: _text(v, f"outcome {k}") for k, v in doc.items()})


def _checklists(
    raw: object, items: Mapping[str, Text], scheme: Scheme, *, by_outcome: bool = False
) -> dict[str, tuple[str, ...]]:
    """Evidence lists by the scheme's checklist fact (each listed value required), or by
    outcome (any, when given)."""
    if by_outcome:
        doc = _mapping(raw, "checklists_by_outcome", allowed=set(scheme.outcomes))
    else:
        needed = set(scheme.checklist_values)
        doc = _mapping(raw, "checklists", required=needed, allowed=needed)
    lists = {str(k): tuple(str(i) for i in _list(v, f"checklist {k}")) for k, v in doc.items()}
    for matter, ids in lists.items():
        unknown = [i for i in ids if i not in items]
        if unknown:
            raise RulesError(f"checklist {matter}: unknown evidence item(s) {unknown}")
    return lists


def _text(raw: object, where: str) -> Text:
    doc = _mapping(raw, where, required=set(LANGUAGES), allowed=set(LANGUAGES))
    if not all(isinstance(v, str) and v.strip() for v in doc.values()):
        raise RulesError(f"{where}: every language needs a non-empty sentence")
    return MappingProxyType({k: str(v).strip() for k, v in doc.items()})


def _mapping(
    raw: object, where: str, required: set[str] | None = None, allowed: set[str] | None = None
) -> dict[str, object]:
    if not isinstance(raw, Mapping):
        raise RulesError(f"{where}: expected a mapping")
    doc = {str(k): v for k, v in raw.items()}
    if allowed is not None and set(doc) - allowed:
        raise RulesError(f"{where}: unknown key(s) {sorted(set(doc) - allowed)}")
    if required is not None and required - set(doc):
        raise RulesError(f"{where}: missing key(s) {sorted(required - set(doc))}")
    return doc


def _list(raw: object, where: str) -> list[object]:
    if not isinstance(raw, list):
        raise RulesError(f"{where}: expected a list")
    return raw
