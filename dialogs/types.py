"""The engine's vocabulary: what comes in, what goes out, and what the runtime must do.

The engine is pure: ``handle(state, inbound, ctx) -> Turn``. State is plain JSON data, so a
conversation survives restarts and can move between workers. Effects are commands for the
runtime (open a complaint, ask for a person); their results come back as ``Event`` inbounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol

Lang = Literal["zh-Hans", "zh-Hant", "en", "bo"]
LANGS: tuple[Lang, ...] = ("zh-Hans", "zh-Hant", "en", "bo")
AttachmentKind = Literal["photo", "document", "voice", "other"]
JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Button:
    """A tappable choice: what the citizen sees and the opaque payload it sends back.

    ``number`` is shown beside the label where the question invites a numbered reply ("2");
    ``secondary`` marks a lesser action (change an answer) beside the one primary action.
    """

    label: str
    payload: str
    number: int | None = None
    secondary: bool = False

    def to_dict(self) -> JSON:
        """The reply shape's button: label and payload, plus number/secondary when set."""
        shape: JSON = {"label": self.label, "payload": self.payload}
        if self.number is not None:
            shape["number"] = self.number
        if self.secondary:
            shape["secondary"] = True
        return shape

    @classmethod
    def from_dict(cls, data: JSON) -> Button:
        """Rebuild a button stored with ``to_dict``."""
        number = data.get("number")
        return cls(
            str(data["label"]),
            str(data["payload"]),
            number if isinstance(number, int) else None,
            bool(data.get("secondary")),
        )


@dataclass(slots=True)
class Reply:
    """One bot message, in the DESIGN reply shape."""

    text: str
    buttons: list[Button] = field(default_factory=list)
    ask: str | None = None
    outcome: str | None = None
    tracking_no: str | None = None
    extra: JSON = field(default_factory=dict)

    def to_dict(self) -> JSON:
        """The DESIGN reply shape as JSON-ready data (extra keys merged in)."""
        shape: JSON = {
            "text": self.text,
            "buttons": [b.to_dict() for b in self.buttons],
            "ask": self.ask,
            "outcome": self.outcome,
            "tracking_no": self.tracking_no,
        }
        return {**self.extra, **shape}

    @classmethod
    def from_dict(cls, data: JSON) -> Reply:
        """Rebuild a reply stored with ``to_dict``."""
        known = {"text", "buttons", "ask", "outcome", "tracking_no"}
        return cls(
            text=str(data.get("text", "")),
            buttons=[Button.from_dict(b) for b in data.get("buttons", [])],
            ask=data.get("ask"),
            outcome=data.get("outcome"),
            tracking_no=data.get("tracking_no"),
            extra={k: v for k, v in data.items() if k not in known},
        )


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the citizen sent, already stored by the runtime."""

    id: str
    kind: AttachmentKind
    name: str = ""


@dataclass(frozen=True, slots=True)
class Location:
    """A place the citizen shared from their phone (Telegram's location message)."""

    latitude: float
    longitude: float

    def words(self) -> str:
        """The coordinates as a caseworker reads them (and a map search accepts)."""
        return f"{self.latitude:.5f}, {self.longitude:.5f}"


@dataclass(frozen=True, slots=True)
class Event:
    """A system event: the result of an effect, or something staff or a timer did."""

    name: str
    data: JSON = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Inbound:
    """One thing that happened in a conversation: text, a button, files, or a system event."""

    text: str = ""
    button: str | None = None
    attachments: tuple[Attachment, ...] = ()
    event: Event | None = None
    location: Location | None = None

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to act on."""
        return (
            not self.text.strip()
            and self.button is None
            and not self.attachments
            and (self.event is None)
            and self.location is None
        )


@dataclass(frozen=True, slots=True)
class Effect:
    """A command for the runtime. ``name`` picks the service; ``data`` is plain JSON."""

    name: str
    data: JSON = field(default_factory=dict)


@dataclass(slots=True)
class Turn:
    """What the engine decided for one inbound."""

    state: JSON
    replies: list[Reply]
    effects: list[Effect]


class FaqSource(Protocol):
    """What the engine needs from the knowledge base (a fake in tests)."""

    def ask(self, question: str) -> Any:
        """Rank entries for a question; see ``knowledge.answerer.FaqAnswer``."""
        ...

    def entry(self, entry_id: str) -> Any:
        """One entry by id, or None."""
        ...


class Clock(Protocol):
    """Now, as a timezone-aware datetime (injected so tests control time)."""

    def now(self) -> datetime:
        """The current time."""
        ...


@dataclass(frozen=True, slots=True)
class Context:
    """What a turn may read besides the state: the FAQ, today's date, office hours."""

    faq: FaqSource | None = None
    today: date | None = None
    settings: JSON = field(default_factory=dict)
