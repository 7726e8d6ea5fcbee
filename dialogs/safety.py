"""Danger triage: who does what to whom, read from ``data/danger.yaml``.

:func:`danger_categories` answers, for one message, which kinds of danger it describes
(family violence, a threat to kill, suicide, sexual assault, a missing or trafficked child,
confinement, fire, hopelessness …), in the file's order. The engine sends each category's
emergency numbers before anything else and flags the case urgent.

A message is read in four passes, all driven by the data file so a reviewer can change them:
clean-up (Traditional → Simplified, width, case, spaces) and common misspellings; blanking
out hyperbole (气死我了, 想死你了, 打死也不说); matching each category's patterns, whose
``{name}`` slots stand for word lists (agents, blows, victims, objects that make 打 harmless
such as 电话 or 官司); and dropping a match that directly follows a negation in the same
clause (我不会自杀, 没有被打).

English is read by a second, smaller pass over the same categories (``english`` in the file):
words kept apart by single spaces, its own hyperbole ("this job is killing me") and its own
negations, looked for in the few words before a match ("I would never kill myself").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge.text import clean, to_simplified
from knowledge.yamlio import read_yaml

__all__ = [
    "DANGER_FILE",
    "Danger",
    "DangerError",
    "danger_categories",
    "danger_category",
    "follows_danger",
]

DANGER_FILE = Path(__file__).parent / "data" / "danger.yaml"
_SLOT = re.compile(r"\{([a-z_]+)\}")
_SPACE = re.compile(r"\s+")
_CLAUSE_END = re.compile(r"[，。！？；,.!?;\n]")
_FILLERS = "去再要"  # "我不会去跳楼": the negation may stand before these
_ALMOST = ("差点没", "差一点没", "险些没", "差点儿没")  # "差点没被打死" means it nearly happened
_LATIN = re.compile(r"[a-z]{2}", re.IGNORECASE)
_EN_CLAUSE_END = re.compile(r"[.!?;,\n，。！？；]|\bbut\b")
EN_NEGATION_WINDOW = 3  # words before a match that may negate it ("i would never ...")


class DangerError(ValueError):
    """The danger file is malformed: an unknown word list or a pattern that does not compile."""


@dataclass(frozen=True, slots=True)
class Danger:
    """The compiled danger file."""

    spellings: re.Pattern[str]  # any misspelling; the replacement is ``corrections[match]``
    corrections: Mapping[str, str]
    hyperbole: re.Pattern[str]
    negations: tuple[str, ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (category, pattern) in file order
    hotlines: Mapping[str, tuple[str, ...]]
    english: English
    after_danger: re.Pattern[str]  # only after a danger was named: "他回来了", "he's back"


@dataclass(frozen=True, slots=True)
class English:
    """The English pass: its hyperbole, negation words and (category, pattern) pairs."""

    hyperbole: re.Pattern[str]
    negations: frozenset[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def danger_words() -> Danger:
    """The reviewed danger file, compiled once (the name is kept for the warm-up hook)."""
    return load_danger(DANGER_FILE)


def load_danger(path: Path) -> Danger:
    """Read and compile a danger file."""
    data = read_yaml(path)
    words = {str(k): [str(w) for w in v] for k, v in data["words"].items()}
    categories = data["categories"]
    patterns = [
        (str(category), _compile(raw, words, str(category)))
        for category, spec in categories.items()
        for raw in spec["patterns"]
    ]
    corrections = {str(k).lower(): str(v) for k, v in data["spellings"].items()}
    wrong = sorted(corrections, key=len, reverse=True)
    return Danger(
        spellings=re.compile("|".join(re.escape(w) for w in wrong)),
        corrections=corrections,
        hyperbole=_compile("|".join(f"(?:{h})" for h in data["hyperbole"]), words, "hyperbole"),
        negations=tuple(sorted((str(n) for n in data["negations"]), key=len, reverse=True)),
        patterns=tuple(patterns),
        hotlines={str(k): tuple(str(n) for n in v["hotlines"]) for k, v in categories.items()},
        english=_load_english(data.get("english") or {}, categories),
        after_danger=_compile(
            "|".join(f"(?:{a})" for a in data.get("after_danger") or []) or "(?!)",
            words,
            "after_danger",
        ),
    )


def _load_english(data: Mapping[str, Any], categories: Mapping[str, Any]) -> English:
    """The English pass; ``{name}`` slots are English word lists or raw ``fragments``."""
    words = {str(k): [str(w) for w in v] for k, v in (data.get("words") or {}).items()}
    fragments = {str(k): str(v) for k, v in (data.get("fragments") or {}).items()}
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for category, raws in (data.get("categories") or {}).items():
        if category not in categories:
            raise DangerError(f"english: no category {category!r}")
        where = f"english {category}"
        patterns += [(str(category), _compile(str(r), words, where, fragments)) for r in raws]
    hyperbole = "|".join(f"(?:{h})" for h in data.get("hyperbole") or []) or "(?!)"
    return English(
        hyperbole=_compile(hyperbole, words, "english hyperbole", fragments),
        negations=frozenset(str(n) for n in data.get("negations") or []),
        patterns=tuple(patterns),
    )


def _compile(
    raw: str, words: Mapping[str, list[str]], where: str, fragments: Mapping[str, str] | None = None
) -> re.Pattern[str]:
    def slot(match: re.Match[str]) -> str:
        name = match.group(1)
        if fragments and name in fragments:
            return f"(?:{fragments[name]})"
        if name not in words:
            raise DangerError(f"{where}: no word list {name!r}")
        longest_first = sorted(words[name], key=len, reverse=True)
        return "|".join(re.escape(w) for w in longest_first)

    try:
        return re.compile(_SLOT.sub(slot, raw))
    except re.error as exc:
        raise DangerError(f"{where}: {exc}") from exc


def _prepared(text: str, danger: Danger) -> str:
    plain = _SPACE.sub("", to_simplified(clean(text)).lower())
    plain = danger.spellings.sub(lambda m: danger.corrections[m.group(0)], plain)
    return danger.hyperbole.sub("，", plain)


def _negated(text: str, start: int, negations: tuple[str, ...]) -> bool:
    clause = _CLAUSE_END.split(text[:start])[-1]
    if clause.endswith(_ALMOST):
        return False
    return clause.rstrip(_FILLERS).endswith(negations)


def danger_categories(text: str) -> tuple[str, ...]:
    """Every danger category the message describes, in the file's order (empty when none)."""
    if not text:
        return ()
    danger = danger_words()
    plain = _prepared(text, danger)
    found: list[str] = []
    for category, pattern in danger.patterns:
        if category in found or pattern.search(plain) is None:  # most messages stop here
            continue
        if any(not _negated(plain, m.start(), danger.negations) for m in pattern.finditer(plain)):
            found.append(category)
    if _LATIN.search(text):
        english = _english_categories(text, danger.english)
        found += [c for c in english if c not in found]
        found.sort(key=list(danger.hotlines).index)  # the file's order, whatever the language
    return tuple(found)


def _english_categories(text: str, english: English) -> list[str]:
    plain = _SPACE.sub(" ", clean(text).lower().replace("\u2019", "'")).strip()
    plain = english.hyperbole.sub(" , ", plain)
    found: list[str] = []
    for category, pattern in english.patterns:
        if category in found:
            continue
        for match in pattern.finditer(plain):
            before = _EN_CLAUSE_END.split(plain[: match.start()])[-1].split()
            tail = before[-EN_NEGATION_WINDOW:]
            if not any(w in english.negations or w.endswith("n't") for w in tail):
                found.append(category)
                break
    return found


def follows_danger(text: str) -> bool:
    """True for a message that means "it is happening now" once a danger has been named."""
    danger = danger_words()
    plain = to_simplified(clean(text)).lower()
    return danger.after_danger.search(_SPACE.sub(" ", plain)) is not None


def danger_category(text: str) -> str | None:
    """The first danger category the message describes, or None."""
    found = danger_categories(text)
    return found[0] if found else None


def hotlines_for(categories: tuple[str, ...]) -> tuple[str, ...]:
    """The emergency numbers for these categories, each once, most important first."""
    table = danger_words().hotlines
    return tuple(dict.fromkeys(n for c in categories for n in table.get(c, ())))
