"""Warnings for the staff dashboard when coming deadlines rest on unofficial calendar data."""

from __future__ import annotations

from datetime import date

from backend.deadlines.calendar import WorkCalendar, official_years
from backend.deadlines.due import add_months

# Staff-console text, not citizen-facing: one bilingual line per year.
_WARNINGS = {
    "admin_file": (
        "{year}: 未安装国务院放假安排，使用管理员假日文件 / no official holiday schedule "
        "installed; using the admin holidays file (FRONTDESK_HOLIDAYS_FILE)"
    ),
    "statutory_fallback": (
        "{year}: 无放假安排数据，仅按法定节假日和周末计算，期限为暂定 / no holiday schedule "
        "for this year: due dates use statutory holidays and weekends only and are provisional"
    ),
}


def calendar_coverage(calendar: WorkCalendar, today: date, months_ahead: int = 3) -> list[str]:
    """One warning per year between ``today`` and ``months_ahead`` later without official data."""
    last = add_months(today, months_ahead)
    warnings = []
    for year in range(today.year, last.year + 1):
        source = calendar.year_source(year)
        if source != "official":
            warnings.append(_WARNINGS[source].format(year=year))
    return warnings


def official_range() -> tuple[int, int]:
    """First and last year of the installed official schedule (for status pages)."""
    years = official_years()
    return years[0], years[-1]
