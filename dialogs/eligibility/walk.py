"""Following the rules over a partial set of facts, and deciding which unknown facts matter.

:func:`walk` applies the rules in order with three-valued logic. When a rule cannot be decided
yet, its unknown facts become *candidates* and the walk goes on, because the rules after it are
still reachable; it stops at the first rule that surely matches.

A candidate is only worth asking if it is *decisive*: some answer to the other unknown facts
exists under which two of its values give different results (outcome and flags).
:func:`is_decisive` searches for such an answer, branching only on the facts the rules need,
and each fact's values are reduced to one representative per behaviour (the values the rules
mention, one they do not, and the numbers either side of each threshold). :func:`settle` fills
in the candidates that cannot change the result, so a half-answered interview whose result is
already fixed still reaches it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from dialogs.eligibility.assessment import TraceStep
from dialogs.eligibility.rulebook import Flag, Rule, RuleBook
from dialogs.eligibility.scheme import FactValue

__all__ = ["Walk", "is_decisive", "sample_values", "settle", "walk"]

Facts = Mapping[str, FactValue]
Result = tuple[str | None, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Walk:
    """Where the rules stand for some facts."""

    outcome: str | None
    flag_order: tuple[str, ...]  # the scheme's flags, in their order
    decided_by: Rule | None
    matched: tuple[Rule, ...]
    flags: tuple[Flag, ...]
    trace: tuple[TraceStep, ...]
    candidates: tuple[str, ...]

    @property
    def settled(self) -> bool:
        """The outcome and every flag that applies to it are decided."""
        return self.outcome is not None and not self.candidates

    @property
    def result(self) -> Result:
        """The outcome and raised flags: what a fact must change to matter."""
        return self.outcome, self.raised

    @property
    def raised(self) -> tuple[str, ...]:
        """The flags raised, each once, in the scheme's order."""
        names = {f.raises for f in self.flags}
        return tuple(name for name in self.flag_order if name in names)


def walk(book: RuleBook, facts: Facts) -> Walk:
    """Apply the rules, then the flags, to ``facts`` (cached: the interview repeats itself)."""
    return _walk(book, frozenset(facts.items()))


@lru_cache(maxsize=65536)
def _walk(book: RuleBook, items: frozenset[tuple[str, FactValue]]) -> Walk:
    effective: dict[str, FactValue] = dict(items)
    trace: list[TraceStep] = []
    candidates: set[str] = set()
    matched: list[Rule] = []
    undecided = False
    stop_at: Rule | None = None
    for rule in book.rules:
        if stop_at is not None:
            trace.append(TraceStep(rule.id, "rule", rule.step, "not_reached"))
            continue
        verdict = rule.condition.evaluate(effective)
        status = {True: "matched", False: "skipped", None: "undecided"}[verdict.result]
        assumes = rule.assume if verdict.result else MappingProxyType({})
        trace.append(TraceStep(rule.id, "rule", rule.step, status, verdict.checks, assumes))
        if verdict.result is None:
            undecided = True
            candidates.update(verdict.unknown)
        elif verdict.result:
            # A rule reached only if the undecided ones before it fail still holds there.
            effective.update(rule.assume)
            matched.append(rule)
            stop_at = rule if rule.outcome is not None else None
    outcome = stop_at.outcome if stop_at is not None and not undecided else None
    decided_by = stop_at if outcome is not None else None
    flags = _flags(book, effective, outcome, trace, candidates)
    ordered = tuple(k for k in book.scheme.ask_order if k in candidates)
    flag_order = book.scheme.flags
    return Walk(outcome, flag_order, decided_by, tuple(matched), flags, tuple(trace), ordered)


def _flags(
    book: RuleBook,
    facts: Facts,
    outcome: str | None,
    trace: list[TraceStep],
    candidates: set[str],
) -> tuple[Flag, ...]:
    raised: list[Flag] = []
    unknown: dict[str, tuple[str, ...]] = {}  # flag entry id -> facts it still needs
    for flag in book.flags:
        if outcome not in flag.applies_to:
            trace.append(TraceStep(flag.id, "flag", "", "not_reached"))
            continue
        verdict = flag.condition.evaluate(facts)
        status = {True: "matched", False: "skipped", None: "undecided"}[verdict.result]
        trace.append(TraceStep(flag.id, "flag", "", status, verdict.checks))
        if verdict.result:
            raised.append(flag)
        elif verdict.result is None:
            unknown[flag.raises] = (*unknown.get(flag.raises, ()), *verdict.unknown)
    # A flag already raised by one entry needs nothing more from its other entries.
    done = {f.raises for f in raised}
    candidates.update(k for name, keys in unknown.items() if name not in done for k in keys)
    return tuple(raised)


@lru_cache(maxsize=256)
def sample_values(book: RuleBook, key: str) -> tuple[FactValue, ...]:
    """One value per way the rules can treat ``key`` (enough to explore every behaviour)."""
    conditions = [r.condition for r in book.rules] + [f.condition for f in book.flags]
    tests = [t for c in conditions for t in c.tests() if t.fact == key]
    if key in book.scheme.numeric_facts:
        limits = [t.expected for t in tests if isinstance(t.expected, int)]
        around = {n for limit in limits for n in (limit - 1, limit, limit + 1) if n >= 0}
        return tuple(sorted({0, *around}))
    mentioned: set[object] = set()
    for t in tests:
        mentioned.update(t.expected if isinstance(t.expected, tuple) else (t.expected,))
    values = book.scheme.fact_values[key]
    unmentioned = [v for v in values if v not in mentioned][:1]
    return tuple(v for v in values if v in mentioned or v in unmentioned)


def is_decisive(book: RuleBook, facts: Facts, key: str) -> bool:
    """True when some answer to the other unknown facts lets ``key``'s value change the result."""
    return _differs(book, dict(facts), key, sample_values(book, key))


def _differs(
    book: RuleBook, facts: dict[str, FactValue], key: str, values: tuple[FactValue, ...]
) -> bool:
    walks = [walk(book, {**facts, key: value}) for value in values]
    settled = {w.result for w in walks if w.settled}
    if len(settled) > 1:
        return True  # settled results never change as more facts arrive
    pending = [w for w in walks if not w.settled]
    if not pending:
        return False
    branch = pending[0].candidates[0]
    return any(
        _differs(book, {**facts, branch: value}, key, values)
        for value in sample_values(book, branch)
    )


def settle(book: RuleBook, facts: Facts) -> tuple[Walk, dict[str, FactValue], str | None]:
    """Walk the rules, filling facts that cannot change the result; return the next fact to ask.

    Returns the walk, the facts filled in, and the first decisive fact in asking order (None
    when the result is complete).
    """
    known = dict(facts)
    filled: dict[str, FactValue] = {}
    while True:
        current = walk(book, known)
        if current.settled:
            return current, filled, None
        for key in current.candidates:
            if is_decisive(book, known, key):
                return current, filled, key
        # None of them can change the result, whatever they are: any value will do.
        for key in current.candidates:
            filled[key] = known[key] = sample_values(book, key)[0]
