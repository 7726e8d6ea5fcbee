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

from dialogs.eligibility.scheme import FactError, FactValue, Scheme

__all__ = [
    "ASK_ORDER",
    "ELIGIBILITY",
    "FACT_VALUES",
    "FLAGS",
    "NUMERIC_FACTS",
    "OUTCOMES",
    "FactError",
    "FactValue",
    "is_known_key",
    "validate_facts",
    "value_options",
]

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


#: The outcomes and flags the support-lawsuit rules may give (DESIGN, "Eligibility outcomes").
OUTCOMES = (
    "support_apply",
    "arbitration_first",
    "apply_enforcement",
    "other_remedies_first",
    "already_in_proceedings",
    "retrial_first",
    "not_civil",
    "legal_aid_referral",
    "information_only",
    "injury_recognition_first",
)
FLAGS = ("limitation_risk", "urgent", "group_dispute")

#: The support-lawsuit scheme: evidence by civil matter, next steps by matter then group,
#: extra citations by the applicant's group (the law that protects that group).
ELIGIBILITY = Scheme(
    name="eligibility",
    fact_values=FACT_VALUES,
    numeric_facts=NUMERIC_FACTS,
    ask_order=ASK_ORDER,
    outcomes=OUTCOMES,
    flags=FLAGS,
    checklist_fact="matter",
    checklist_values=tuple(
        m for m in FACT_VALUES["matter"] if m not in ("criminal", "administrative")
    ),
    # The group's own body first: a domestic-violence victim hears of the protection order
    # before village mediation, a disabled person of the disabled persons' federation.
    steps_by=MappingProxyType({"group": "applicant_group", "matter": "matter"}),
    citations_by=MappingProxyType({"group": "applicant_group"}),
)


def value_options(key: str) -> tuple[str, ...]:
    """The values a fact takes, as button payloads; empty for numeric facts."""
    return ELIGIBILITY.value_options(key)


def is_known_key(key: str) -> bool:
    """True when ``key`` is a fact of the vocabulary."""
    return ELIGIBILITY.is_known_key(key)


def validate_facts(facts: Mapping[str, object]) -> dict[str, FactValue]:
    """Check every key and value against the vocabulary; return a plain copy or raise FactError."""
    return ELIGIBILITY.validate_facts(facts)
