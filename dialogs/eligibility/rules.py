"""The support-lawsuit pre-screen: evaluate facts against ``rules.yaml`` and pick the next question.

The rules themselves are data (``rules.yaml``, loaded and validated by
:mod:`dialogs.eligibility.rulebook`); this module is the small public surface over them:

- :func:`evaluate` — the outcome, flags, reasons with citations, rule trace, missing facts,
  evidence checklist and next steps for a (possibly partial) set of facts;
- :func:`next_question` — the next fact the interview should ask, or None when done;
- :func:`value_options` — a fact's values, for the interview's buttons.

Flag facts are asked only for outcomes where the flag matters (``applies_to`` in the file):
the months and days that decide ``limitation_risk`` for outcomes that send the citizen to sue,
arbitrate, apply or act alone; ``many_claimants`` for wage and training-refund matters on those
outcomes and on enforcement; ``urgent`` when the rules need it or the outcome is an application.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from dialogs.eligibility.assessment import Assessment, Reason
from dialogs.eligibility.facts import value_options
from dialogs.eligibility.rulebook import (
    Citation,
    Rule,
    RuleBook,
    RulesError,
    Text,
    default_rulebook,
    load_rulebook,
)
from dialogs.eligibility.scheme import FactError, FactValue
from dialogs.eligibility.walk import Walk, is_decisive, settle

__all__ = [
    "Assessment",
    "FactError",
    "RulesError",
    "evaluate",
    "load_rules",
    "next_question",
    "replay",
    "value_options",
]


def load_rules(path: Path | None = None) -> RuleBook:
    """The validated rule book at ``path``, or the shipped one (loaded once) by default."""
    return default_rulebook() if path is None else load_rulebook(path)


def evaluate(facts: Mapping[str, FactValue], book: RuleBook | None = None) -> Assessment:
    """Apply the rules to ``facts``; unknown keys or values raise :class:`FactError`."""
    book = book or default_rulebook()
    known = book.scheme.validate_facts(facts)
    current, filled, ask = settle(book, known)
    decided = current.outcome is not None
    everything = {**known, **filled}
    missing: tuple[str, ...] = ()
    if ask is not None:
        missing = tuple(k for k in current.candidates if is_decisive(book, everything, k))
    verdict_id, verdict = _verdict(book, current, known)
    return Assessment(
        outcome=current.outcome,
        verdict=verdict,
        verdict_id=verdict_id,
        flags=current.raised if decided else (),
        reasons=_reasons(current, known) if decided else (),
        trace=current.trace,
        missing=missing,
        evidence=_evidence(book, current.outcome, known) if decided else (),
        next_steps=_next_steps(book, current, known),
        assumed=MappingProxyType(filled),
    )


def next_question(facts: Mapping[str, FactValue], book: RuleBook | None = None) -> str | None:
    """The next fact key to ask, in the interview's natural order; None when nothing is needed."""
    book = book or default_rulebook()
    return settle(book, book.scheme.validate_facts(facts))[2]


def replay(
    answers: Mapping[str, FactValue], book: RuleBook | None = None
) -> tuple[dict[str, FactValue], str | None]:
    """The answers an interview would use, in asking order, and the next fact it needs (None
    when the result is settled): an answer the rules no longer ask for is dropped."""
    kept: dict[str, FactValue] = {}
    while (key := next_question(kept, book)) is not None:
        if key not in answers:
            return kept, key
        kept[key] = answers[key]
    return kept, None


def _reasons(current: Walk, facts: Mapping[str, FactValue]) -> tuple[Reason, ...]:
    rules = [Reason(r.id, "rule", r.reason, _citations(r, facts)) for r in current.matched]
    flags = [Reason(f.id, "flag", f.reason, f.citations, f.raises) for f in current.flags]
    return (*rules, *flags)


def _citations(rule: Rule, facts: Mapping[str, FactValue]) -> tuple[Citation, ...]:
    """The rule's citations, then the extra ones for these facts (``citations_by_<fact>``)."""
    extra = (
        c
        for fact, table in rule.citations_by.items()
        for c in table.get(str(facts.get(fact, "")), ())
    )
    return (*rule.citations, *extra)


def _verdict(book: RuleBook, current: Walk, facts: Mapping[str, FactValue]) -> tuple[str, Text]:
    """The first verdict written for this outcome and these facts, else the outcome's sentence.

    Only facts the citizen gave count here: a filled-in fact is arbitrary by construction.
    """
    outcome, rule = current.outcome, current.decided_by
    if outcome is None or rule is None:
        return "", MappingProxyType({})
    for verdict in book.verdicts:
        fits = verdict.outcome == outcome and verdict.rule in ("", rule.id)
        if fits and verdict.condition.evaluate(facts).result:
            return verdict.id, verdict.text
    return outcome, book.outcomes[outcome]


def _evidence(
    book: RuleBook, outcome: str | None, facts: Mapping[str, FactValue]
) -> tuple[str, ...]:
    if outcome in book.outcome_checklists:
        return book.outcome_checklists[str(outcome)]
    value = facts.get(book.scheme.checklist_fact)
    return book.checklists.get(value, ()) if isinstance(value, str) else ()


def _next_steps(book: RuleBook, current: Walk, facts: Mapping[str, FactValue]) -> tuple[str, ...]:
    rule = current.decided_by
    if rule is None:
        return ()
    by_fact = (
        step
        for fact, table in rule.next_steps_by.items()
        for step in table.get(str(facts.get(fact, "")), ())
    )
    return tuple(dict.fromkeys((*by_fact, *rule.next_steps)))
