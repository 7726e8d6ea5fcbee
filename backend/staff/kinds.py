"""The kinds of item in the staff queue, as data: statuses, their order, and what follows what.

A later kind (``appointment``, ``relief``, ``lead``) plugs in with ``register_kind`` and a line
per status in ``dialogs/catalog/<lang>/console.yaml`` (``console.kind.<name>``,
``console.status.<status>``); the queue, its filters, the case page and the templates read
everything from here, so nothing else changes.

``pinned`` names the status that pins an item to the top of the queue with its waiting time
(a citizen waiting for a person); ``clocked`` kinds carry the statutory reply clocks and get a
follow-up visit (回访) after they close. ``closing`` names statuses that close the item as they
are reached (an appointment attended or missed), and ``on_status`` is the kind's own hook,
run in the status change's transaction (an appointment cancelled gives its place back).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

FINAL = frozenset({"closed", "cancelled"})


@dataclass(frozen=True)
class QueueKind:
    """One kind of queue item and its state machine."""

    name: str
    transitions: dict[str, tuple[str, ...]]
    pinned: str | None = None
    clocked: bool = True
    closing: frozenset[str] = frozenset()
    # (session, matter, previous status, services) after a status change, same transaction.
    on_status: Callable[[Any, Any, str, Any], Awaitable[None]] | None = None
    open_statuses: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        statuses = tuple(s for s in self.transitions if s not in FINAL | self.closing)
        object.__setattr__(self, "open_statuses", statuses)

    @property
    def statuses(self) -> tuple[str, ...]:
        """Every status, open ones first, in the order staff meet them."""
        return tuple(self.transitions)


KINDS: dict[str, QueueKind] = {}


def register_kind(kind: QueueKind) -> QueueKind:
    """Add (or replace) a kind of queue item."""
    KINDS[kind.name] = kind
    return kind


register_kind(
    QueueKind(
        "complaint",
        {
            "received": ("accepted", "awaiting_material", "transferred", "not_ours", "closed"),
            "awaiting_material": (
                "accepted",
                "in_progress",
                "answered",
                "transferred",
                "not_ours",
                "closed",
            ),
            "accepted": ("in_progress", "awaiting_material", "answered", "transferred", "closed"),
            "in_progress": ("awaiting_material", "answered", "transferred", "closed"),
            "answered": ("in_progress", "closed"),
            "transferred": ("closed",),
            "not_ours": ("closed",),
            "closed": (),
        },
    )
)
register_kind(
    QueueKind(
        "application",
        {
            "received": ("reviewing", "awaiting_material", "accepted", "declined", "closed"),
            "reviewing": ("awaiting_material", "accepted", "declined", "closed"),
            "awaiting_material": ("reviewing", "accepted", "declined", "closed"),
            "accepted": ("awaiting_material", "answered", "closed"),
            "answered": ("closed",),
            "declined": ("closed",),
            "closed": (),
        },
    )
)
register_kind(
    QueueKind(
        "handoff",
        {"waiting": ("active", "closed"), "active": ("closed",), "cancelled": (), "closed": ()},
        pinned="waiting",
        clocked=False,
    )
)


def kind_of(name: str) -> QueueKind | None:
    """The registered kind called ``name``."""
    return KINDS.get(name)


def all_statuses() -> list[str]:
    """Every status of every kind, each once, in kind order."""
    seen: dict[str, None] = {}
    for kind in KINDS.values():
        seen.update(dict.fromkeys(kind.statuses))
    return list(seen)


def pinned_statuses() -> dict[str, str]:
    """Kind → the status that pins its items to the top of the queue."""
    return {k.name: k.pinned for k in KINDS.values() if k.pinned}
