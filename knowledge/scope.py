"""What the FAQ must not answer from its entries: other languages, no words, service requests.

Checked before any search. A message in another script (Tibetan, Uyghur, English …) with no
Chinese in it gets decision ``none`` with reason ``language``: the base has no variant in
that language and a BM25 or n-gram match on stray letters would be noise. Any Tibetan writing
at all gets the same, even beside Chinese: the Chinese words of a Tibetan sentence are not its
question, and a guess from them would be answered as if it were. Emoji and
punctuation only: ``none`` with reason ``empty``. A request for something to be done (call
me back, issue my ID card) matches a pattern of ``data/scope.yaml`` and gets decision
``service`` with the pattern group's name as reason, for the dialog to route.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from knowledge.text import clean, to_simplified
from knowledge.tibetan import looks_tibetan
from knowledge.yamlio import read_yaml

__all__ = ["OutOfScope", "Scope", "default_scope"]

_DATA = Path(__file__).resolve().parent / "data" / "scope.yaml"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DIGIT = re.compile(r"[0-9]")
# Another script outweighs the Chinese in a message when it has this many times more letters.
OTHER_SCRIPT_RATIO = 3


@dataclass(frozen=True, slots=True)
class OutOfScope:
    """Why a message is not answered from the base."""

    decision: Literal["none", "service"]
    reason: str


class Scope:
    """Service patterns (from ``scope.yaml``) and the script check."""

    def __init__(self, services: dict[str, list[re.Pattern[str]]]) -> None:
        self.services = services

    @classmethod
    def from_file(cls, path: Path = _DATA) -> Scope:
        """Read and compile the patterns of ``path``."""
        document = read_yaml(path) or {}
        groups = document.get("services") or {}
        return cls({str(name): [re.compile(str(p)) for p in groups[name]] for name in groups})

    def check(self, text: str) -> OutOfScope | None:
        """Why ``text`` is out of scope, or None when it may be searched."""
        if looks_tibetan(text):
            return OutOfScope("none", "language")
        normal = to_simplified(clean(text)).lower()
        han = len(_HAN.findall(normal))
        letters = sum(1 for ch in normal if ch.isalpha()) - han
        if not han:
            if letters:
                return OutOfScope("none", "language")
            return None if _DIGIT.search(normal) else OutOfScope("none", "empty")
        if letters > OTHER_SCRIPT_RATIO * han:
            return OutOfScope("none", "language")
        for name, patterns in self.services.items():
            if any(p.search(normal) for p in patterns):
                return OutOfScope("service", name)
        return None


@lru_cache(maxsize=1)
def default_scope() -> Scope:
    """The shipped patterns (read on first use)."""
    return Scope.from_file()
