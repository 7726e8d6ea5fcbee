"""The time source, injected: services take a ``Clock`` so tests can move time forward.

One word for each kind of time in this code base: a **clock** tells the time (this module,
``services.clock``); **deadlines** are the statutory reply dates (``backend.deadlines``); a
**timer** paces an outbox sender (``backend.pacing``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from dialogs.types import Clock

__all__ = ["Clock", "ManualClock", "SystemClock"]


class SystemClock:
    """The real time, timezone-aware (UTC)."""

    def now(self) -> datetime:
        """The current time."""
        return datetime.now(UTC)


@dataclass
class ManualClock:
    """A clock that only moves when told to (tests and benchmarks)."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 2, 0, tzinfo=UTC))

    def now(self) -> datetime:
        """The clock's current time."""
        return self.current

    def advance(self, **delta: float) -> datetime:
        """Move forward by ``timedelta(**delta)``."""
        self.current += timedelta(**delta)
        return self.current
