"""Conditions on facts, as written in ``rules.yaml``, and their three-valued evaluation.

A condition is an OR of clauses, each clause an AND of tests on single facts. A test is
equality (``matter: wages``), membership (``matter: [criminal, administrative]``) or a
comparison for whole-number facts (``months_since_due: {gt: 12}``).

Evaluation is three-valued because the interview evaluates half-answered fact sets: a test on
a fact not yet given is *unknown*, and a clause is unknown unless another of its tests is
already false. The unknown facts are exactly the ones worth asking next.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dialogs.eligibility.facts import ELIGIBILITY
from dialogs.eligibility.scheme import FactValue, Scheme

__all__ = ["Check", "Clause", "Condition", "ConditionError", "Test", "Verdict", "parse_condition"]

_COMPARISONS: Mapping[str, Callable[[int, int], bool]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}
_SYMBOLS = {"eq": "=", "in": "in", "gt": ">", "ge": "≥", "lt": "<", "le": "≤"}


class ConditionError(ValueError):
    """A condition in the rules file names an unknown fact or value, or is malformed."""


@dataclass(frozen=True, slots=True)
class Test:
    """One test on one fact: ``fact op expected``."""

    fact: str
    op: str
    expected: str | int | tuple[str, ...]

    def check(self, value: FactValue | None) -> bool | None:
        """True or False for a given value; None when the fact is not known yet."""
        if value is None:
            return None
        if self.op == "eq":
            return value == self.expected
        if self.op == "in":
            return value in self.expected  # type: ignore[operator]
        assert isinstance(value, int) and isinstance(self.expected, int)
        return _COMPARISONS[self.op](value, self.expected)

    def describe(self) -> str:
        """The test in a compact, language-neutral form, e.g. ``months_since_due > 12``."""
        expected = self.expected
        shown = "[" + ", ".join(expected) + "]" if isinstance(expected, tuple) else str(expected)
        return f"{self.fact} {_SYMBOLS[self.op]} {shown}"


@dataclass(frozen=True, slots=True)
class Check:
    """A test as applied to the facts: what it wanted, what it found, and the result."""

    test: str
    fact: str
    actual: FactValue | None
    result: bool | None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of evaluating a condition: True, False, or None (needs ``unknown`` facts)."""

    result: bool | None
    checks: tuple[Check, ...]
    unknown: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Clause:
    """Tests that must all hold."""

    tests: tuple[Test, ...]

    def evaluate(self, facts: Mapping[str, FactValue]) -> Verdict:
        """AND of the tests, three-valued."""
        checks = tuple(
            Check(t.describe(), t.fact, facts.get(t.fact), t.check(facts.get(t.fact)))
            for t in self.tests
        )
        if any(c.result is False for c in checks):
            return Verdict(False, checks, ())
        unknown = tuple(dict.fromkeys(c.fact for c in checks if c.result is None))
        return Verdict(None if unknown else True, checks, unknown)


@dataclass(frozen=True, slots=True)
class Condition:
    """Clauses of which one must hold (one clause for a plain ``when``)."""

    clauses: tuple[Clause, ...]

    def evaluate(self, facts: Mapping[str, FactValue]) -> Verdict:
        """OR of the clauses, three-valued."""
        verdicts = [clause.evaluate(facts) for clause in self.clauses]
        checks = tuple(c for v in verdicts for c in v.checks)
        if any(v.result is True for v in verdicts):
            return Verdict(True, checks, ())
        unknown = tuple(dict.fromkeys(f for v in verdicts for f in v.unknown))
        return Verdict(None if unknown else False, checks, unknown)

    def tests(self) -> tuple[Test, ...]:
        """Every test in every clause."""
        return tuple(t for clause in self.clauses for t in clause.tests)


def parse_condition(raw: object, where: str, scheme: Scheme = ELIGIBILITY) -> Condition:
    """Build a Condition from its YAML form over ``scheme``'s facts; ``where`` names the rule."""
    if raw is None:
        return Condition((Clause(()),))
    if not isinstance(raw, Mapping):
        raise ConditionError(f"{where}: 'when' must be a mapping of fact: value")
    if "any" in raw:
        if len(raw) != 1 or not isinstance(raw["any"], list) or not raw["any"]:
            raise ConditionError(f"{where}: 'any' must be the only key, with a list of mappings")
        return Condition(tuple(_parse_clause(c, where, scheme) for c in raw["any"]))
    return Condition((_parse_clause(raw, where, scheme),))


def _parse_clause(raw: object, where: str, scheme: Scheme) -> Clause:
    if not isinstance(raw, Mapping):
        raise ConditionError(f"{where}: each clause must be a mapping of fact: value")
    return Clause(tuple(_parse_test(key, spec, where, scheme) for key, spec in raw.items()))


def _parse_test(key: object, spec: object, where: str, scheme: Scheme) -> Test:
    if not isinstance(key, str) or not scheme.is_known_key(key):
        raise ConditionError(f"{where}: unknown fact key {key!r}")
    if key in scheme.numeric_facts:
        return _parse_comparison(key, spec, where)
    allowed = scheme.fact_values[key]
    if isinstance(spec, list):
        values = tuple(_enum_value(key, v, where, allowed) for v in spec)
        return Test(key, "in", values)
    return Test(key, "eq", _enum_value(key, spec, where, allowed))


def _parse_comparison(key: str, spec: object, where: str) -> Test:
    if not isinstance(spec, Mapping) or len(spec) != 1:
        raise ConditionError(f"{where}: {key} needs one comparison such as {{gt: 12}}")
    [(op, bound)] = spec.items()
    if op not in _COMPARISONS or isinstance(bound, bool) or not isinstance(bound, int):
        raise ConditionError(f"{where}: {key}: use gt/ge/lt/le with a whole number")
    return Test(key, str(op), bound)


def _enum_value(key: str, value: object, where: str, allowed: tuple[str, ...]) -> str:
    # YAML 1.1 reads a bare yes/no as a boolean; a lawyer should not have to quote them.
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if not isinstance(value, str) or value not in allowed:
        names = ", ".join(allowed)
        raise ConditionError(f"{where}: fact {key!r} has no value {value!r} (allowed: {names})")
    return value
