"""Danger words: the emergency numbers come first, whatever else is going on."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dialogs.choices import normalise
from knowledge.yamlio import read_yaml

DANGER_FILE = Path(__file__).parent / "data" / "danger.yaml"


@lru_cache(maxsize=1)
def danger_words() -> dict[str, tuple[str, ...]]:
    """Danger words by category, from the reviewed data file."""
    data = read_yaml(DANGER_FILE)
    return {str(k): tuple(str(w) for w in v) for k, v in data.items()}


def danger_category(text: str) -> str | None:
    """The first danger category whose word appears in ``text``, or None."""
    plain = normalise(text)
    for category, words in danger_words().items():
        if any(word in plain for word in words):
            return category
    return None
