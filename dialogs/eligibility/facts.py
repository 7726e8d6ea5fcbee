"""The eligibility fact vocabulary: the DESIGN contract's keys and values, and the asking order.

This is the contract the interview, the CLI, the policy table and the staff console share.
Changing it means changing DESIGN.md ("Eligibility facts") and the tests in the same commit,
so it lives in code, not in ``rules.yaml``; the rules are validated against it.

Version 2 (the legal review) added ``judgment``, ``days_since_award``, ``months_since_left``,
``at_work``, ``injury_recognised``, ``months_since_injury`` and the ``legal_aid`` value of
``has_lawyer``; the second legal review added the ``lost_appealable`` value of ``judgment`` (a
first-instance judgment the citizen lost that is not yet final: appeal within 15 days, not
retrial). A facts object written for version 1 is still valid: a key it lacks is a fact
the citizen has not given, so the rules ask for it (or report it as missing) when it matters.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "ASK_ORDER",
    "FACT_VALUES",
    "NUMERIC_FACTS",
    "FactError",
    "FactValue",
    "is_known_key",
    "validate_facts",
    "value_options",
]

FactValue = str | int

_YES_NO = ("yes", "no")

#: Every enumerated fact and its values, in the order the interview shows them as buttons.
FACT_VALUES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "applicant_group": (
            "migrant_worker",
            "elderly",
            "minor_or_guardian",
            "disabled",
            "dv_victim",
            "woman_hardship",
            "low_income",
            "other",
        ),
        "matter": (
            "wages",
            "training_refund",
            "maintenance",
            "injury",
            "other_civil",
            "criminal",
            "administrative",
        ),
        "relationship": ("employment", "labour_service", "unsure"),
        "has_iou": _YES_NO,
        "arbitration": ("none", "award_unpaid", "unsatisfied_award", "refused_or_late"),
        "at_work": _YES_NO,
        "injury_recognised": _YES_NO,
        "proceedings": ("none", "pending", "judged"),
        "judgment": ("won_unpaid", "lost_or_dissatisfied", "lost_appealable"),
        "has_lawyer": ("yes", "legal_aid", "no"),
        "willing_to_sue": _YES_NO,
        "capacity_weak": _YES_NO,
        "other_remedies_tried": _YES_NO,
        "urgent": _YES_NO,
        "still_employed": _YES_NO,
        "many_claimants": _YES_NO,
    }
)

#: Facts that are whole numbers rather than one of a list of values.
NUMERIC_FACTS: frozenset[str] = frozenset(
    {"months_since_due", "days_since_award", "months_since_left", "months_since_injury"}
)

#: The natural order of the interview: who and what first; for wages how the work was done
#: and whether there is an arbitration award *before* asking about courts (an award is not
#: "already in proceedings": it starts a 15-day clock); for injuries whether it happened at
#: work; then where the matter stands, then the facts that only decide flags (these are
#: asked once the outcome is known, so they come last).
ASK_ORDER: tuple[str, ...] = (
    "matter",
    "applicant_group",
    "relationship",
    "at_work",
    "injury_recognised",
    "arbitration",
    "proceedings",
    "judgment",
    "has_lawyer",
    "willing_to_sue",
    "has_iou",
    "capacity_weak",
    "other_remedies_tried",
    "urgent",
    "days_since_award",
    "still_employed",
    "months_since_left",
    "months_since_injury",
    "months_since_due",
    "many_claimants",
)


class FactError(ValueError):
    """A facts object names an unknown fact or gives a value the fact does not take."""


def value_options(key: str) -> tuple[str, ...]:
    """The values a fact takes, as button payloads; empty for numeric facts."""
    if key in NUMERIC_FACTS:
        return ()
    if key not in FACT_VALUES:
        raise FactError(f"unknown fact key {key!r}")
    return FACT_VALUES[key]


def is_known_key(key: str) -> bool:
    """True when ``key`` is a fact of the vocabulary."""
    return key in FACT_VALUES or key in NUMERIC_FACTS


def validate_facts(facts: Mapping[str, object]) -> dict[str, FactValue]:
    """Check every key and value against the vocabulary; return a plain copy or raise FactError."""
    checked: dict[str, FactValue] = {}
    for key, value in facts.items():
        if not isinstance(key, str) or not is_known_key(key):
            known = ", ".join(ASK_ORDER)
            raise FactError(f"unknown fact key {key!r} (known keys: {known})")
        checked[key] = _checked_value(key, value)
    return checked


def _checked_value(key: str, value: object) -> FactValue:
    if key in NUMERIC_FACTS:
        # bool is an int subclass; True months is a bug in the caller, not one month.
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise FactError(f"fact {key!r} must be a whole number ≥ 0, got {value!r}")
        return value
    allowed = FACT_VALUES[key]
    if not isinstance(value, str) or value not in allowed:
        raise FactError(f"fact {key!r} has no value {value!r} (allowed: {', '.join(allowed)})")
    return value
