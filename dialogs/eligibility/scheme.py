"""A rule scheme: the vocabulary one rules file is written in, so one engine serves several.

The support-lawsuit pre-screen and judicial relief (``dialogs/relief/``) are two schemes over
the same machinery — one loader (:mod:`dialogs.eligibility.rulebook`), one condition language
(:mod:`dialogs.eligibility.conditions`), one walk and trace (:mod:`dialogs.eligibility.walk`).
A scheme says which facts exist and what values they take, the order the interview asks them
in, the outcomes and flags its rules may give, and which facts key its evidence lists,
its next steps and its extra citations. Everything else is the rules file's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["FactError", "FactValue", "Scheme"]

FactValue = str | int


class FactError(ValueError):
    """A facts object names an unknown fact or gives a value the fact does not take."""


# eq=False: hashed by identity, like the rule book that carries it.
@dataclass(frozen=True, slots=True, eq=False)
class Scheme:
    """The facts, outcomes and flags of one rules file.

    ``steps_by`` and ``citations_by`` map the suffix of a rule's ``next_steps_by_<suffix>`` /
    ``citations_by_<suffix>`` key to the fact whose value picks the entry (steps are listed in
    that order, before the rule's own). Evidence checklists are keyed by ``checklist_fact``,
    and every value in ``checklist_values`` must have one.
    """

    name: str
    fact_values: Mapping[str, tuple[str, ...]]
    numeric_facts: frozenset[str]
    ask_order: tuple[str, ...]
    outcomes: tuple[str, ...]
    flags: tuple[str, ...]
    checklist_fact: str
    checklist_values: tuple[str, ...]
    steps_by: Mapping[str, str]
    citations_by: Mapping[str, str]

    def is_known_key(self, key: str) -> bool:
        """True when ``key`` is a fact of the vocabulary."""
        return key in self.fact_values or key in self.numeric_facts

    def value_options(self, key: str) -> tuple[str, ...]:
        """The values a fact takes, as button payloads; empty for numeric facts."""
        if key in self.numeric_facts:
            return ()
        if key not in self.fact_values:
            raise FactError(f"unknown fact key {key!r}")
        return self.fact_values[key]

    def validate_facts(self, facts: Mapping[str, object]) -> dict[str, FactValue]:
        """Check every key and value; return a plain copy or raise :class:`FactError`."""
        checked: dict[str, FactValue] = {}
        for key, value in facts.items():
            if not isinstance(key, str) or not self.is_known_key(key):
                known = ", ".join(self.ask_order)
                raise FactError(f"unknown fact key {key!r} (known keys: {known})")
            checked[key] = self._checked_value(key, value)
        return checked

    def _checked_value(self, key: str, value: object) -> FactValue:
        if key in self.numeric_facts:
            # bool is an int subclass; True months is a bug in the caller, not one month.
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise FactError(f"fact {key!r} must be a whole number ≥ 0, got {value!r}")
            return value
        allowed = self.fact_values[key]
        if not isinstance(value, str) or value not in allowed:
            raise FactError(f"fact {key!r} has no value {value!r} (allowed: {', '.join(allowed)})")
        return value
