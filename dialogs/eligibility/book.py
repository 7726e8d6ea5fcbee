"""What the rule book holds: outcomes, flags, rules, verdicts, steps, as typed records.

:mod:`dialogs.eligibility.rulebook` reads ``rules.yaml`` into these and validates it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dialogs.eligibility.conditions import Condition
from dialogs.eligibility.facts import FLAGS, OUTCOMES
from dialogs.eligibility.scheme import FactValue, Scheme
from knowledge.text import to_traditional

__all__ = [
    "FLAGS",
    "LANGUAGES",
    "OUTCOMES",
    "Citation",
    "Flag",
    "Rule",
    "RuleBook",
    "Step",
    "Text",
    "Verdict",
    "localised",
]

#: Languages written in the file; zh-Hant is generated from zh-Hans with OpenCC.
LANGUAGES = ("zh-Hans", "en")

Text = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Citation:
    """A law and article, with an optional note on how firm the source is."""

    law: str
    article: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    """Somewhere to go next: a body, its phone number, and what to do there."""

    id: str
    phone: str
    text: Text


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: if ``condition`` holds, give ``outcome`` (or, when None, go on)."""

    id: str
    step: str
    condition: Condition
    outcome: str | None
    assume: Mapping[str, FactValue]
    citations: tuple[Citation, ...]
    reason: Text
    next_steps: tuple[str, ...]
    # fact -> its value -> steps / citations (the scheme's ``steps_by`` / ``citations_by``)
    next_steps_by: Mapping[str, Mapping[str, tuple[str, ...]]]
    citations_by: Mapping[str, Mapping[str, tuple[Citation, ...]]]


@dataclass(frozen=True, slots=True)
class Flag:
    """One reason to raise the flag ``raises`` when ``condition`` holds, for ``applies_to`` only.

    Several entries may raise the same flag (an urgent award and an urgent situation both
    raise ``urgent``); each keeps its own reason and citations.
    """

    id: str
    raises: str
    condition: Condition
    applies_to: frozenset[str]
    citations: tuple[Citation, ...]
    reason: Text


@dataclass(frozen=True, slots=True)
class Verdict:
    """The one-sentence verdict for ``outcome`` when ``condition`` holds (first match wins).

    ``rule``, when set, narrows it to outcomes decided by that rule.
    """

    id: str
    outcome: str
    rule: str
    condition: Condition
    text: Text


# eq=False: a rule book is hashed by identity, so evaluation caches can key on it.
@dataclass(frozen=True, slots=True, eq=False)
class RuleBook:
    """Everything a rules file says, validated against its scheme."""

    scheme: Scheme
    rules: tuple[Rule, ...]
    flags: tuple[Flag, ...]
    outcomes: Mapping[str, Text]
    verdicts: tuple[Verdict, ...]
    steps: Mapping[str, Step]
    evidence_items: Mapping[str, Text]
    checklists: Mapping[str, tuple[str, ...]]  # by the scheme's checklist fact
    outcome_checklists: Mapping[str, tuple[str, ...]]  # override the fact's list


def localised(text: Text, lang: str) -> str:
    """The text in ``lang``; zh-Hant is converted from zh-Hans, anything else falls back to it."""
    if lang in text:
        return text[lang]
    simplified = text["zh-Hans"]
    return to_traditional(simplified) if lang == "zh-Hant" else simplified
