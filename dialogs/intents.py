"""Requests to *do* something, recognised before a message is searched as a question.

``recognise(text)`` reads a citizen's message and returns the :class:`Intent` it expresses
(complain, apply for help suing, a situation where that help may apply, check progress, a
person, a visit or call-back, judicial relief, a public-interest lead, delete my data) or
None for a question or a chat. Pure: the patterns are data (``data/intents.yaml``), compiled
once on first use; nothing here knows about conversations.

How a message is scored: it is normalised (Simplified, lower case, full-width folded, common
phone-keyboard typos fixed), then every intent adds the weights of its cues that match, and
the cues listed under ``against`` (questions *about* a thing, not requests to do it) take
weight away. The best intent wins if its score reaches the threshold, which was chosen on the
training half of ``data/intent_examples.yaml`` (``frontdesk intents eval``); a request to do
something that reaches it wins over a situation described ("…不退费，我要投诉" is a complaint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dialogs.choices import normalise
from knowledge.yamlio import read_yaml

__all__ = ["INTENTS_FILE", "Intent", "IntentBook", "intent_book", "recognise", "scores"]

INTENTS_FILE = Path(__file__).parent / "data" / "intents.yaml"


@dataclass(frozen=True, slots=True)
class Intent:
    """What the citizen asked to have done, and where that is done."""

    name: str
    target: str  # a payload: go:<flow>, /person, /delete
    explicit: bool  # a request to do something, not a situation described
    score: float
    matter: str | None = None  # for a situation: wages, training_refund, maintenance
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Cue:
    pattern: re.Pattern[str]
    weight: float
    matter: str | None


@dataclass(frozen=True, slots=True)
class _IntentRule:
    name: str
    target: str
    explicit: bool
    cues: tuple[_Cue, ...]
    against: tuple[_Cue, ...]


@dataclass(frozen=True, slots=True)
class IntentBook:
    """The compiled pattern file."""

    threshold: float
    typos: tuple[tuple[str, str], ...]
    against: tuple[_Cue, ...]
    rules: tuple[_IntentRule, ...]

    def prepare(self, text: str) -> str:
        """The text as the patterns see it: normalised, typos fixed, spaces single."""
        plain = re.sub(r"\s+", " ", normalise(text))
        for wrong, right in self.typos:
            plain = plain.replace(wrong, right)
        return plain


class IntentFileError(ValueError):
    """The pattern file is malformed (the message names the place)."""


def _cue(raw: Any, where: str) -> _Cue:
    if isinstance(raw, str):
        raw = {"pattern": raw}
    if not isinstance(raw, dict) or "pattern" not in raw:
        raise IntentFileError(f"{where}: a cue needs a pattern")
    try:
        pattern = re.compile(str(raw["pattern"]))
    except re.error as exc:
        raise IntentFileError(f"{where}: bad pattern {raw['pattern']!r}: {exc}") from exc
    matter = raw.get("matter")
    return _Cue(pattern, float(raw.get("weight", 1.0)), str(matter) if matter else None)


def _rule(name: str, raw: Any) -> _IntentRule:
    if not isinstance(raw, dict) or not raw.get("target") or not raw.get("cues"):
        raise IntentFileError(f"intent {name}: needs a target and cues")
    return _IntentRule(
        name=name,
        target=str(raw["target"]),
        explicit=bool(raw.get("explicit", True)),
        cues=tuple(_cue(c, f"intent {name}") for c in raw["cues"]),
        against=tuple(_cue(c, f"intent {name} against") for c in raw.get("against") or ()),
    )


def parse_book(raw: Any) -> IntentBook:
    """Validate and compile a parsed pattern file."""
    if not isinstance(raw, dict) or not isinstance(raw.get("intents"), dict):
        raise IntentFileError("intents file: expected a mapping with 'intents'")
    typos = raw.get("typos") or {}
    return IntentBook(
        threshold=float(raw.get("threshold", 2.0)),
        typos=tuple((normalise(str(k)), normalise(str(v))) for k, v in typos.items()),
        against=tuple(_cue(c, "against") for c in raw.get("against") or ()),
        rules=tuple(_rule(str(name), spec) for name, spec in raw["intents"].items()),
    )


@lru_cache(maxsize=1)
def intent_book() -> IntentBook:
    """The packaged pattern file, compiled once."""
    return parse_book(read_yaml(INTENTS_FILE))


def _score(rule: _IntentRule, plain: str, common: float) -> tuple[float, str | None, list[str]]:
    total, matter, hits = 0.0, None, []
    for number, cue in enumerate(rule.cues):
        if cue.pattern.search(plain):
            total += cue.weight
            hits.append(f"{rule.name}#{number}")
            matter = matter or cue.matter
    if total <= 0:
        return 0.0, None, []
    total -= sum(c.weight for c in rule.against if c.pattern.search(plain)) + common
    return total, matter, hits


def scores(text: str, book: IntentBook | None = None) -> list[Intent]:
    """Every intent with a positive score, best first (ties keep the file's order)."""
    book = book or intent_book()
    plain = book.prepare(text)
    if not plain:
        return []
    common = sum(c.weight for c in book.against if c.pattern.search(plain))
    found = []
    for rule in book.rules:
        score, matter, hits = _score(rule, plain, common)
        if score > 0:
            found.append(Intent(rule.name, rule.target, rule.explicit, score, matter, tuple(hits)))
    return sorted(found, key=lambda i: -i.score)


def recognise(text: str, book: IntentBook | None = None) -> Intent | None:
    """The request ``text`` makes, or None when it is a question or a chat."""
    book = book or intent_book()
    ranked = [i for i in scores(text, book) if i.score >= book.threshold]
    requests = [i for i in ranked if i.explicit]
    best = requests or ranked
    return best[0] if best else None
