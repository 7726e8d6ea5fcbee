"""An explained result laid out verdict first: what it means, what to do, then why.

A :class:`Card` is one reply with a structure. Its ``text`` (what Telegram and the terminal
show) reads in the same order as the web page shows the card: the verdict in one sentence, the
next action, then sections — the reasons with their laws, warnings, other ways on — and last
the checklist, which the web page folds. ``to_dict`` is the ``card`` key of the reply shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogs.types import JSON

__all__ = ["Card", "Line", "Section"]


@dataclass(frozen=True, slots=True)
class Line:
    """One point of a section, with its legal basis set apart (shown smaller on the web)."""

    text: str
    basis: str = ""
    mark: str = "•"

    def __str__(self) -> str:
        return f"{self.mark} {self.text}{self.basis}" if self.mark else f"{self.text}{self.basis}"

    def to_dict(self) -> JSON:
        """JSON-ready."""
        return {"text": self.text, "basis": self.basis}


@dataclass(frozen=True, slots=True)
class Section:
    """A titled block of lines; ``folded`` ones are closed until the citizen opens them."""

    id: str
    title: str
    lines: tuple[Line, ...]
    folded: bool = False

    def to_dict(self) -> JSON:
        """JSON-ready."""
        lines = [line.to_dict() for line in self.lines]
        return {"id": self.id, "title": self.title, "lines": lines, "folded": self.folded}


@dataclass(frozen=True, slots=True)
class Card:
    """Verdict, next action, sections and a closing note."""

    verdict: str
    next_action: str = ""
    sections: tuple[Section, ...] = field(default_factory=tuple)
    note: str = ""

    @property
    def text(self) -> str:
        """The card as plain text, in the order it is read."""
        head = "\n".join(t for t in (self.verdict, self.next_action) if t)
        blocks = [head]
        blocks += ["\n".join((s.title, *map(str, s.lines))) for s in self.sections if s.lines]
        if self.note:
            blocks.append(self.note)
        return "\n\n".join(blocks)

    def to_dict(self) -> JSON:
        """The reply's ``card`` key."""
        return {
            "verdict": self.verdict,
            "next": self.next_action,
            "sections": [s.to_dict() for s in self.sections if s.lines],
            "note": self.note,
        }
