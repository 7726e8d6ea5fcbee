"""Office hours from settings ("mon-fri 09:00-12:00,13:30-17:30"), for handoff promises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WorkingDay = Callable[[date], bool]
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

    def is_open(self, moment: datetime, working_day: WorkingDay | None = None) -> bool:
        """True when a person should be at the desk at ``moment``."""
        local = moment.astimezone(self.timezone)
        if not self.opens_on(local.date(), working_day):
            return False
        return any(a <= local.time() < b for a, b in self.intervals)

    def opens_on(self, day: date, working_day: WorkingDay | None = None) -> bool:
        """Whether the desk opens on ``day``: one of the configured weekdays that is not a
        public holiday, or an official make-up working day (调休) at a weekend."""
        if working_day is None:
            return day.weekday() in self.days
        if day.weekday() >= 5 and working_day(day):
            return True  # a make-up Saturday or Sunday: government offices work
        return day.weekday() in self.days and (day.weekday() >= 5 or working_day(day))

    def next_opening(self, moment: datetime, working_day: WorkingDay | None = None) -> datetime:
        """The next moment the desk opens (local time), at most three weeks ahead (the
        Spring Festival and National Day breaks with their weekends are under two)."""
        local = moment.astimezone(self.timezone)
        for offset in range(22):
            day = (local + timedelta(days=offset)).date()
            if not self.opens_on(day, working_day):
                continue
            for opens, _ in self.intervals:
                candidate = datetime.combine(day, opens, self.timezone)
                if candidate > local:
                    return candidate
        return local

    def add_working_minutes(
        self, moment: datetime, minutes: int, working_day: WorkingDay | None = None
    ) -> datetime:
        """``minutes`` of desk time after ``moment``: time outside office hours does not count,
        so a request at 17:25 with a 10-minute target is due at 09:05 the next working day."""
        local, left = moment.astimezone(self.timezone), timedelta(minutes=minutes)
        for _ in range(64):  # each round uses up one opening interval
            if not self.is_open(local, working_day):
                opening = self.next_opening(local, working_day)
                if opening <= local:
                    break  # no opening within three weeks: count plain minutes
                local = opening
            closes = self._closing(local)
            if local + left <= closes:
                return local + left
            left -= closes - local
            local = closes
        return local + left

    def _closing(self, local: datetime) -> datetime:
        """The end of the interval that contains ``local`` (or ``local`` if none does)."""
        for opens, closes in self.intervals:
            if opens <= local.time() < closes:
                return datetime.combine(local.date(), closes, self.timezone)
        return local
