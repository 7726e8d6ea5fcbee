"""Time, injected: services take a ``Clock`` so tests can move time forward."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


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
