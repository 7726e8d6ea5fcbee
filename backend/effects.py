"""Effects: the engine's commands, carried out by services inside the turn's transaction.

A handler gets an ``EffectContext`` and returns an ``Event`` for the engine (so the
confirmation text stays the engine's), or None. Handlers register by effect name; each area
of the backend registers its own in ``backend.wiring``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Conversation
from dialogs.types import Event

if TYPE_CHECKING:
    from backend.container import Services

AfterCommit = Callable[[], Awaitable[None]]


@dataclass
class EffectContext:
    """What an effect handler may use: the open session, the conversation, the time, the
    process's services, and callbacks to run once the turn has committed."""

    session: AsyncSession
    conversation: Conversation
    data: dict[str, Any]
    now: datetime
    services: Services
    after_commit: list[AfterCommit] = field(default_factory=list)


EffectHandler = Callable[[EffectContext], Awaitable[Event | None]]


class EffectRegistry:
    """Effect name → handler. An unknown effect is a programming error, raised loudly."""

    def __init__(self) -> None:
        self._handlers: dict[str, EffectHandler] = {}

    def register(self, name: str, handler: EffectHandler) -> None:
        """Add the handler for ``name``."""
        self._handlers[name] = handler

    def get(self, name: str) -> EffectHandler:
        """The handler for ``name``."""
        try:
            return self._handlers[name]
        except KeyError:
            raise LookupError(f"no handler for effect {name!r}") from None

    def names(self) -> set[str]:
        """Registered effect names."""
        return set(self._handlers)
