"""Judicial relief (国家司法救助): a second rule scheme on the eligibility machinery.

The facts and outcomes are DESIGN.md's ("Judicial relief"); the rules, their citations, the
next steps and the materials checklists are data in ``rules.yaml`` (checked against
``policy_table.csv`` by the tests). Loading, conditions, the walk over half-answered facts
and the trace are :mod:`dialogs.eligibility`'s own — this package only names the vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from dialogs.eligibility import Assessment, RuleBook, evaluate, next_question
from dialogs.eligibility.rulebook import load_rulebook
from dialogs.eligibility.scheme import FactValue, Scheme

__all__ = [
    "HARMS",
    "OUTCOMES",
    "RELIEF",
    "RULES_FILE",
    "assess",
    "next_relief_question",
    "relief_rules",
]

RULES_FILE = Path(__file__).with_name("rules.yaml")

HARMS = (
    "serious_injury",
    "life_threatening",
    "death_of_breadwinner",
    "major_property_loss",
    "retaliation",
    "tort_injury",
    "other",
)
OUTCOMES = ("relief_apply", "relief_not_eligible", "relief_other_route")
_YES_NO = ("yes", "no")

#: The relief vocabulary. Asked in this order: what happened, whether anyone has paid, the
#: hardship, the applicant's own fault, then where the case is now (which body to apply to).
RELIEF = Scheme(
    name="relief",
    fact_values=MappingProxyType(
        {
            "harm": HARMS,
            "compensated": ("none", "partial", "full"),
            "hardship": _YES_NO,
            "at_fault": _YES_NO,
            "stage": ("police", "procuratorate", "court", "closed"),
        }
    ),
    numeric_facts=frozenset(),
    ask_order=("harm", "compensated", "hardship", "at_fault", "stage"),
    outcomes=OUTCOMES,
    flags=("urgent",),
    checklist_fact="harm",
    checklist_values=HARMS,
    steps_by=MappingProxyType({"stage": "stage"}),
    citations_by=MappingProxyType({"harm": "harm"}),
)


@lru_cache(maxsize=1)
def relief_rules() -> RuleBook:
    """The relief rule book shipped next to this module, loaded once."""
    return load_rulebook(RULES_FILE, RELIEF)


def assess(facts: Mapping[str, FactValue], book: RuleBook | None = None) -> Assessment:
    """Apply the relief rules to ``facts`` (unknown keys or values raise ``FactError``)."""
    return evaluate(facts, book or relief_rules())


def next_relief_question(facts: Mapping[str, FactValue]) -> str | None:
    """The next relief fact worth asking, or None when the result is settled."""
    return next_question(facts, relief_rules())
