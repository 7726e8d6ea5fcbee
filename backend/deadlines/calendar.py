"""Working days in mainland China, answered in three layers.

1. ``official``: the State Council's yearly schedule as shipped in the chinesecalendar package,
   for the years it knows (its range is read from the package, never hard-coded);
2. ``admin_file``: the administrator's holidays file (``HOLIDAYS_FILE``) for later years;
3. ``statutory_fallback``: the holidays fixed by 《全国年节及纪念日放假办法》 plus weekends, for
   years neither knows. Deadlines that touch this layer are provisional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal

import chinese_calendar

from backend.deadlines.holidays_file import AdminSchedule, load_holidays_file
from backend.deadlines.statutory import chinese_name, statutory_holidays

DaySource = Literal["official", "admin_file", "statutory_fallback"]

# No real schedule rests longer than 10 days in a row (Spring Festival 2020); a run this long
# means a broken holidays file, and an error beats a loop that never ends.
MAX_REST_RUN = 60


class CalendarError(ValueError):
    """The calendar cannot answer: no data for the year, or an impossible run of rest days."""


@dataclass(frozen=True)
class Day:
    """One calendar day: whether people work, which layer said so, and the holiday's name."""

    day: date
    working: bool
    source: DaySource
    holiday: str | None = None


@lru_cache(maxsize=1)
def official_years() -> range:
    """The years the installed chinesecalendar has a State Council schedule for."""
    known = chinese_calendar.holidays.keys()
    return range(min(known).year, max(known).year + 1)


class WorkCalendar:
    """Answers whether a date is a working day, and from which layer the answer comes."""

    def __init__(self, admin: AdminSchedule | None = None) -> None:
        self._admin = admin or AdminSchedule()

    @property
    def admin_years(self) -> frozenset[int]:
        """The years the admin holidays file supplies."""
        return self._admin.years

    def day(self, d: date) -> Day:
        """Everything the calendar knows about ``d``."""
        if d.year in official_years():
            return _official_day(d)
        if d.year in self._admin.years:
            return self._admin_day(d)
        return _fallback_day(d)

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (make-up weekend workdays included)."""
        return self.day(d).working

    def source(self, d: date) -> DaySource:
        """Which layer answers for ``d``."""
        return self.day(d).source

    def year_source(self, year: int) -> DaySource:
        """Which layer answers for the whole of ``year``."""
        return self.source(date(year, 1, 1))

    def rest_run(self, d: date) -> list[Day]:
        """The consecutive rest days starting at ``d`` (empty when ``d`` is a working day)."""
        run: list[Day] = []
        while not (info := self.day(d + timedelta(days=len(run)))).working:
            run.append(info)
            if len(run) > MAX_REST_RUN:
                raise CalendarError(f"more than {MAX_REST_RUN} rest days in a row from {d}")
        return run

    def next_working_day_on_or_after(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        return d + timedelta(days=len(self.rest_run(d)))

    def _admin_day(self, d: date) -> Day:
        if d in self._admin.workdays:
            return Day(d, working=True, source="admin_file")
        if d in self._admin.holidays:
            name = self._admin.holidays[d] or statutory_holidays(d.year).get(d)
            return Day(d, working=False, source="admin_file", holiday=name)
        return Day(d, working=d.weekday() < 5, source="admin_file")


def _official_day(d: date) -> Day:
    # The package's own get_holiday_detail() rescans every key for its year range on each
    # call (~30 µs); its exported tables answer the same question with two dict lookups.
    if d in chinese_calendar.workdays:
        return Day(d, True, "official", chinese_name(chinese_calendar.workdays[d]))
    if d in chinese_calendar.holidays:
        return Day(d, False, "official", chinese_name(chinese_calendar.holidays[d]))
    return Day(d, working=d.weekday() < 5, source="official")


def _fallback_day(d: date) -> Day:
    try:
        named = statutory_holidays(d.year)
    except ValueError as exc:
        raise CalendarError(f"no calendar data for {d.year}: {exc}") from exc
    name = named.get(d)
    working = name is None and d.weekday() < 5
    return Day(d, working=working, source="statutory_fallback", holiday=name)


def build_calendar(holidays_file: str | Path | None = None) -> WorkCalendar:
    """The calendar for this deployment (``FRONTDESK_HOLIDAYS_FILE`` or none)."""
    admin = load_holidays_file(holidays_file) if holidays_file else None
    return WorkCalendar(admin)
