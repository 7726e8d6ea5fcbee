"""The reception schedule (``appointments.yaml``) and the slots it offers on a given day.

Pure: the file, the working-day calendar and the office hours in, local start times out. A
slot is offered only on a working day of the statutory calendar (make-up working days
included for ``days: working`` kinds), inside office hours, within the horizon and not
sooner than the notice period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from backend.office_hours import OfficeHours

SCHEDULE_FILE = Path(__file__).with_name("appointments.yaml")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOT_FORMAT = "%Y-%m-%dT%H:%M"
WorkingDay = Callable[[date], bool]


@dataclass(frozen=True)
class ReceptionKind:
    """One kind of reception: its length, places per slot, days and hours."""

    name: str
    minutes: int
    capacity: int
    weekdays: frozenset[int] | None  # None: every working day
    hours: tuple[tuple[time, time], ...]
    weeks_of_month: tuple[int, ...] = ()
    needs_phone: bool = False
    horizon_days: int | None = None  # the schedule's horizon unless the kind sets its own

    def on_day(self, day: date, working_day: WorkingDay) -> bool:
        """Whether this kind receives on ``day``."""
        if not working_day(day):
            return False
        if self.weekdays is not None and day.weekday() not in self.weekdays:
            return False
        return not self.weeks_of_month or (day.day - 1) // 7 + 1 in self.weeks_of_month

    def starts(self, day: date, zone: ZoneInfo) -> Iterator[datetime]:
        """Every slot start on ``day`` (local, aware), before the office-hours check."""
        step = timedelta(minutes=self.minutes)
        for opens, closes in self.hours:
            start = datetime.combine(day, opens, zone)
            while start + step <= datetime.combine(day, closes, zone):
                yield start
                start += step


@dataclass(frozen=True)
class Schedule:
    """The kinds and how far ahead, how soon and how many slots are offered."""

    kinds: dict[str, ReceptionKind]
    horizon_days: int = 14
    notice_minutes: int = 60
    per_page: int = 6
    remind_at: time = time(9, 0)


def _hours(spans: list[str]) -> tuple[tuple[time, time], ...]:
    pairs = [span.split("-") for span in spans]
    return tuple((time.fromisoformat(a.strip()), time.fromisoformat(b.strip())) for a, b in pairs)


def _kind(name: str, raw: dict[str, Any]) -> ReceptionKind:
    days = raw.get("days", "working")
    weekdays = None if days == "working" else frozenset(WEEKDAYS.index(d) for d in days)
    return ReceptionKind(
        name=name,
        minutes=int(raw["minutes"]),
        capacity=int(raw["capacity"]),
        weekdays=weekdays,
        hours=_hours(raw["hours"]),
        weeks_of_month=tuple(int(w) for w in raw.get("weeks_of_month", ())),
        needs_phone=bool(raw.get("needs_phone", False)),
        horizon_days=int(raw["horizon_days"]) if "horizon_days" in raw else None,
    )


def load_schedule(path: Path = SCHEDULE_FILE) -> Schedule:
    """Read a schedule file; a bad file fails loudly at start-up, not in a citizen's turn."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds = {name: _kind(name, spec) for name, spec in raw["kinds"].items()}
    return Schedule(
        kinds=kinds,
        horizon_days=int(raw.get("horizon_days", 14)),
        notice_minutes=int(raw.get("notice_minutes", 60)),
        per_page=int(raw.get("per_page", 6)),
        remind_at=time.fromisoformat(str(raw.get("remind_at", "09:00"))),
    )


@lru_cache(maxsize=1)
def default_schedule() -> Schedule:
    """The packaged ``appointments.yaml``, read once."""
    return load_schedule()


@dataclass(frozen=True)
class SlotFinder:
    """Slots of a schedule in a service's time zone, calendar and office hours."""

    schedule: Schedule
    office_hours: OfficeHours
    working_day: WorkingDay

    @property
    def zone(self) -> ZoneInfo:
        """The service's time zone."""
        return self.office_hours.timezone

    def offered(self, kind: ReceptionKind, now: datetime) -> Iterator[datetime]:
        """Every slot of ``kind`` that may be booked at ``now``, in order (local, aware)."""
        local_now = now.astimezone(self.zone)
        earliest = local_now + timedelta(minutes=self.schedule.notice_minutes)
        horizon = kind.horizon_days or self.schedule.horizon_days
        for offset in range(horizon + 1):
            day = local_now.date() + timedelta(days=offset)
            if not kind.on_day(day, self.working_day):
                continue
            if not self.office_hours.opens_on(day, self.working_day):
                continue
            for start in kind.starts(day, self.zone):
                if start >= earliest and self._in_hours(start, kind.minutes):
                    yield start

    def is_offered(self, kind: ReceptionKind, start: datetime, now: datetime) -> bool:
        """Whether ``start`` is one of the slots ``kind`` offers at ``now``."""
        local = start.astimezone(self.zone)
        return any(s == local for s in self.offered(kind, now) if s.date() == local.date())

    def _in_hours(self, start: datetime, minutes: int) -> bool:
        end = start + timedelta(minutes=minutes)
        for opens, closes in self.office_hours.intervals:
            if opens <= start.time() and end.time() <= closes and end.date() == start.date():
                return True
        return False

    def parse(self, text: str) -> datetime | None:
        """A ``YYYY-MM-DDTHH:MM`` slot in the service's time zone, or None."""
        try:
            return datetime.strptime(text, SLOT_FORMAT).replace(tzinfo=self.zone)
        except (TypeError, ValueError):
            return None


def slot_text(start: datetime, zone: ZoneInfo) -> str:
    """The payload form of a slot: ``YYYY-MM-DDTHH:MM`` in the service's time zone."""
    return start.astimezone(zone).strftime(SLOT_FORMAT)
