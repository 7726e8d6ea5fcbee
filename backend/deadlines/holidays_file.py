"""The admin holidays file (``HOLIDAYS_FILE``): the State Council's schedule for years the
installed chinesecalendar does not know yet, typed in by an administrator.

Format (YAML), one block per year::

    2027:
      holidays:
        - 2027-01-01                      # one day
        - 2027-02-05..2027-02-11          # a range, both ends included
        - {from: 2027-10-01, to: 2027-10-07, name: 国庆节}
      workdays:                           # make-up weekend workdays (调休)
        - 2027-02-20

Every date listed under a year must fall in that year, and no day may be both a holiday and a
workday; anything else is a ``HolidaysFileError`` naming the entry, so a typo is caught at
start-up instead of silently moving a deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml


class HolidaysFileError(ValueError):
    """The admin holidays file is missing, unreadable or malformed."""


@dataclass(frozen=True)
class AdminSchedule:
    """The years an admin has supplied, with their rest days (named) and make-up workdays."""

    years: frozenset[int] = frozenset()
    holidays: dict[date, str | None] = field(default_factory=dict)
    workdays: frozenset[date] = frozenset()


def load_holidays_file(path: str | Path) -> AdminSchedule:
    """Read and validate an admin holidays file."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise HolidaysFileError(f"cannot read holidays file {path}: {exc}") from exc
    return parse_schedule(raw or {}, origin=str(path))


def parse_schedule(raw: object, *, origin: str = "holidays file") -> AdminSchedule:
    """Build an ``AdminSchedule`` from the parsed YAML mapping."""
    if not isinstance(raw, dict):
        raise HolidaysFileError(f"{origin}: expected a mapping of years")
    holidays: dict[date, str | None] = {}
    workdays: set[date] = set()
    for key, block in raw.items():
        year = _year(key, origin)
        where = f"{origin}, {year}"
        if not isinstance(block, dict) or not set(block) <= {"holidays", "workdays"}:
            raise HolidaysFileError(f"{where}: expected keys 'holidays' and 'workdays'")
        for entry in block.get("holidays") or []:
            holidays.update(dict.fromkeys(_days(entry, year, where), _name(entry)))
        for entry in block.get("workdays") or []:
            workdays.update(_days(entry, year, where))
    clash = sorted(workdays & holidays.keys())
    if clash:
        raise HolidaysFileError(f"{origin}: {clash[0]} is listed as holiday and workday")
    years = frozenset(_year(key, origin) for key in raw)
    return AdminSchedule(years=years, holidays=holidays, workdays=frozenset(workdays))


def _year(key: object, origin: str) -> int:
    try:
        year = int(str(key))
    except ValueError:
        raise HolidaysFileError(f"{origin}: {key!r} is not a year") from None
    if not 1900 <= year <= 2200:
        raise HolidaysFileError(f"{origin}: {year} is not a plausible year")
    return year


def _name(entry: object) -> str | None:
    name = entry.get("name") if isinstance(entry, dict) else None
    return str(name) if name else None


def _days(entry: object, year: int, where: str) -> list[date]:
    """The days an entry names: a date, ``A..B``, or ``{from, to, name}`` (or ``{date, name}``)."""
    if isinstance(entry, dict):
        first = _date(entry.get("from", entry.get("date")), where)
        last = _date(entry.get("to"), where) if "to" in entry else first
    elif isinstance(entry, str) and ".." in entry:
        start, _, end = entry.partition("..")
        first, last = _date(start.strip(), where), _date(end.strip(), where)
    else:
        first = last = _date(entry, where)
    if last < first or (last - first).days > 31:
        raise HolidaysFileError(f"{where}: {first}..{last} is not a range of at most a month")
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    if any(day.year != year for day in days):
        raise HolidaysFileError(f"{where}: {first}..{last} is outside {year}")
    return days


def _date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise HolidaysFileError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
