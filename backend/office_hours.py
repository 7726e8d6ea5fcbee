"""Office hours from settings ("mon-fri 09:00-12:00,13:30-17:30"), for handoff promises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OfficeHours:
    """Weekdays and daily intervals when a person reads the queue."""

    days: frozenset[int]
    intervals: tuple[tuple[time, time], ...]
    timezone: ZoneInfo

    @classmethod
    def parse(cls, spec: str, timezone: str) -> OfficeHours:
        """Parse ``"mon-fri 09:00-12:00,13:30-17:30"``."""
        day_part, _, time_part = spec.strip().partition(" ")
        first, _, last = day_part.partition("-")
        start, end = _DAYS.index(first.lower()), _DAYS.index((last or first).lower())
        intervals = []
        for chunk in time_part.split(","):
            opens, closes = chunk.strip().split("-")
            intervals.append((time.fromisoformat(opens), time.fromisoformat(closes)))
        return cls(frozenset(range(start, end + 1)), tuple(sorted(intervals)), ZoneInfo(timezone))

    def is_open(self, moment: datetime, is_working_day: bool = True) -> bool:
        """True when a person should be at the desk at ``moment``."""
        local = moment.astimezone(self.timezone)
        if local.weekday() not in self.days or not is_working_day:
            return False
        return any(a <= local.time() < b for a, b in self.intervals)

    def next_opening(self, moment: datetime) -> datetime:
        """The next moment the desk opens (local time), at most two weeks ahead."""
        local = moment.astimezone(self.timezone)
        for offset in range(15):
            day = (local + timedelta(days=offset)).date()
            if day.weekday() not in self.days:
                continue
            for opens, _ in self.intervals:
                candidate = datetime.combine(day, opens, self.timezone)
                if candidate > local:
                    return candidate
        return local
