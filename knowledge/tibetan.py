"""Tibetan script (Unicode block U+0F00–U+0FFF) in a message.

The FAQ base is Chinese only: a Tibetan question must never be scored against it (a BM25 or
n-gram match on a Tibetan sentence is noise dressed as an answer). The dialogs use the same
test to answer in Tibetan and to offer a Tibetan-speaking person.
"""

from __future__ import annotations

__all__ = ["looks_tibetan", "tibetan_signs"]

_BLOCK = range(0x0F00, 0x1000)
# TSHEG (U+0F0B) and the SHADs (U+0F0D–U+0F12) separate syllables and phrases: punctuation
# alone, pasted or mistyped, is no Tibetan writing.
_PUNCTUATION = frozenset(range(0x0F0B, 0x0F15))
MIN_SIGNS = 2  # one stray sign is a slip of the keyboard; two are a syllable


def tibetan_signs(text: str) -> int:
    """How many Tibetan letters, vowel signs and digits ``text`` holds (punctuation aside)."""
    return sum(1 for ch in text if ord(ch) in _BLOCK and ord(ch) not in _PUNCTUATION)


def looks_tibetan(text: str) -> bool:
    """True when ``text`` is written, at least in part, in Tibetan script."""
    return tibetan_signs(text) >= MIN_SIGNS
