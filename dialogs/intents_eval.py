"""Scoring the intent matcher on its own table (``frontdesk intents eval``).

The table (``data/intent_examples.yaml``) is split in two halves by a hash of each sentence,
so the split cannot be steered by choosing which sentences go where. Patterns and the
threshold are chosen by reading the training half's misses; the held-back half is scored.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from dialogs.intents import IntentBook, intent_book, recognise
from knowledge.yamlio import read_yaml

__all__ = ["EXAMPLES_FILE", "Example", "Report", "evaluate", "half_of", "load_examples", "sweep"]

EXAMPLES_FILE = Path(__file__).parent / "data" / "intent_examples.yaml"
NONE = "none"
Half = Literal["train", "held"]


@dataclass(frozen=True, slots=True)
class Example:
    """One sentence of the table and the intent it expresses (``none`` for a question)."""

    text: str
    intent: str

    @property
    def half(self) -> Half:
        """Which half of the table the sentence belongs to."""
        return half_of(self.text)


def half_of(text: str) -> Half:
    """``train`` or ``held``, from the first byte of the sentence's SHA-256."""
    return "train" if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else "held"


def load_examples(path: Path = EXAMPLES_FILE) -> list[Example]:
    """The table's rows."""
    rows = read_yaml(path) or []
    return [Example(str(r["text"]), str(r["intent"])) for r in rows]


@dataclass
class Report:
    """Accuracy over some rows, with the misses and per-intent counts."""

    total: int = 0
    right: int = 0
    misses: list[tuple[Example, str]] = field(default_factory=list)
    per_intent: Counter[str] = field(default_factory=Counter)
    per_intent_right: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        """Share of rows whose predicted intent (or none) is the labelled one."""
        return self.right / self.total if self.total else 0.0


def predict(text: str, book: IntentBook, threshold: float) -> str:
    """The predicted label at ``threshold`` (the same decision as ``recognise``)."""
    intent = recognise(text, replace(book, threshold=threshold))
    return intent.name if intent is not None else NONE


def evaluate(
    examples: Iterable[Example], book: IntentBook | None = None, threshold: float | None = None
) -> Report:
    """Score the matcher on ``examples``."""
    book = book or intent_book()
    limit = book.threshold if threshold is None else threshold
    report = Report()
    for example in examples:
        guess = predict(example.text, book, limit)
        report.total += 1
        report.per_intent[example.intent] += 1
        if guess == example.intent:
            report.right += 1
            report.per_intent_right[example.intent] += 1
        else:
            report.misses.append((example, guess))
    return report


def sweep(
    examples: Sequence[Example], thresholds: Iterable[float], book: IntentBook | None = None
) -> list[tuple[float, float]]:
    """(threshold, accuracy) on ``examples`` for each threshold: how the threshold is chosen."""
    return [(t, evaluate(examples, book, t).accuracy) for t in thresholds]
