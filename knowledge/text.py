"""Text clean-up shared by the FAQ search and the conversation engine.

Citizens type on cheap phones: full-width digits, Traditional characters, zero-width
junk pasted from other apps. Everything that reads their words goes through here first.
The OpenCC converters are built on first use, never at import time.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = [
    "clean",
    "fold_width",
    "join_cjk_lines",
    "looks_traditional",
    "tidy",
    "to_simplified",
    "to_traditional",
]

# Zero-width characters, bidi controls and other format characters that carry no meaning.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u3000]+")
# YAML folds a line break into a space; next to a Chinese character or punctuation it is noise.
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) +| +(?=[{_CJK}])")


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc  # the C++ OpenCC binding; loaded lazily to keep imports light

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC ``t2s``); other text is unchanged."""
    return str(_converter("t2s").convert(text)) if text else text


def to_traditional(text: str) -> str:
    """Simplified → Traditional Chinese (OpenCC ``s2t``), used to generate zh-Hant text."""
    return str(_converter("s2t").convert(text)) if text else text


def looks_traditional(text: str) -> bool:
    """True when the text contains characters that only Traditional Chinese writes."""
    return bool(text) and to_simplified(text) != text


def fold_width(text: str) -> str:
    """Full-width letters, digits and punctuation → their ASCII forms (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def clean(text: str) -> str:
    """NFKC, strip invisible and control characters, collapse runs of spaces, trim."""
    text = fold_width(text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    return text.strip()


def tidy(text: str) -> str:
    """Invisible and control characters removed, line ends unified, trimmed — nothing else.

    What a citizen typed is kept as typed (full-width commas, Traditional characters, spaces):
    it is shown back to them and to staff. Matching uses :func:`clean` on its own copy.
    """
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def join_cjk_lines(text: str) -> str:
    """Remove the spaces YAML folding leaves around Chinese text ("。 可以" → "。可以")."""
    return _CJK_GAP.sub("", text)
