"""What an evaluation returns: the outcome, flags, reasons with citations, and the rule trace."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from dialogs.eligibility.conditions import Check
from dialogs.eligibility.facts import FactValue
from dialogs.eligibility.rulebook import Citation, Text, localised

__all__ = ["Assessment", "Reason", "TraceStep"]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why: a rule that decided (or a flag that was raised), in plain words, with its law."""

    id: str
    kind: str  # "rule" or "flag"
    text: Text
    citations: tuple[Citation, ...]
    flag: str = ""  # for a flag reason: the flag it raises (several reasons may raise one)

    def in_language(self, lang: str) -> str:
        """The reason in ``lang`` (zh-Hans, zh-Hant or en)."""
        return localised(self.text, lang)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "id": self.id,
            "kind": self.kind,
            **({"flag": self.flag} if self.flag else {}),
            "text": dict(self.text),
            "citations": [
                {"law": c.law, "article": c.article, "note": c.note} for c in self.citations
            ],
        }


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One rule or flag as checked: matched, skipped, undecided or not reached, and the tests."""

    id: str
    kind: str  # "rule" or "flag"
    step: str
    status: str  # "matched" | "skipped" | "undecided" | "not_reached"
    checks: tuple[Check, ...] = ()
    assumes: Mapping[str, FactValue] = field(default_factory=lambda: MappingProxyType({}))

    def describe(self) -> str:
        """A one-line account, e.g. ``5a wages_arbitrate_first: skipped (has_iou = no ✗)``."""
        marks = {True: "✓", False: "✗", None: "?"}
        why = "; ".join(f"{c.test} {marks[c.result]} (is {c.actual})" for c in self.checks)
        label = f"{self.step} {self.id}" if self.step else f"flag {self.id}"
        return f"{label}: {self.status}" + (f" — {why}" if why else "")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "id": self.id,
            "kind": self.kind,
            "step": self.step,
            "status": self.status,
            "checks": [
                {"test": c.test, "fact": c.fact, "actual": c.actual, "result": c.result}
                for c in self.checks
            ],
            "assumes": dict(self.assumes),
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """The result of applying the rules to a set of facts.

    ``outcome`` is set once the rules decide it; ``missing`` lists the facts that could still
    change the outcome or a flag (in asking order). ``assumed`` holds facts that were not given
    but cannot change the result, filled in so the rules could be followed to the end.
    ``verdict`` is the outcome in one sentence that says what to do and by when: the first
    matching entry of the file's ``verdicts`` (``verdict_id``), else the outcome's own sentence.
    """

    outcome: str | None
    flags: tuple[str, ...]
    reasons: tuple[Reason, ...]
    trace: tuple[TraceStep, ...]
    missing: tuple[str, ...]
    evidence: tuple[str, ...]
    next_steps: tuple[str, ...]
    assumed: Mapping[str, FactValue] = field(default_factory=lambda: MappingProxyType({}))
    verdict: Text = field(default_factory=lambda: MappingProxyType({}))
    verdict_id: str = ""

    def verdict_in(self, lang: str) -> str:
        """The one-sentence verdict (what to do, by when) in ``lang``; empty when undecided."""
        return localised(self.verdict, lang) if self.verdict else ""

    @property
    def complete(self) -> bool:
        """True when nothing that could change the outcome or a flag is missing."""
        return self.outcome is not None and not self.missing

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the CLI's ``--json`` output)."""
        return {
            "outcome": self.outcome,
            "verdict": dict(self.verdict),
            "verdict_id": self.verdict_id,
            "flags": list(self.flags),
            "reasons": [r.to_dict() for r in self.reasons],
            "trace": [t.to_dict() for t in self.trace],
            "missing": list(self.missing),
            "evidence": list(self.evidence),
            "next_steps": list(self.next_steps),
            "assumed": dict(self.assumed),
        }
