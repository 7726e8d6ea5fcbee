"""The statutory reply deadlines: a working-day calendar and the complaint reply due dates.

Pure: the standard library, chinesecalendar, lunardate and PyYAML (for the admin holidays
file); no database or web framework, so every layer may import it.

Errors: ``CalendarError`` (a ``ValueError``) when the calendar cannot answer, and its sibling
``HolidaysFileError`` (also a ``ValueError``) for a bad admin holidays file.
"""

from backend.deadlines.calendar import (
    MAX_REST_RUN,
    CalendarError,
    Day,
    DaySource,
    WorkCalendar,
    build_calendar,
    official_years,
)
from backend.deadlines.coverage import calendar_coverage, official_range
from backend.deadlines.due import (
    AckMode,
    Deadline,
    DeadlinePolicy,
    Deadlines,
    DueStatus,
    Reason,
    add_months,
    build_policy,
    due_status,
    progress_due_dates,
    reply_deadlines,
    service_date,
)
from backend.deadlines.holidays_file import AdminSchedule, HolidaysFileError, load_holidays_file

__all__ = [
    "MAX_REST_RUN",
    "AckMode",
    "AdminSchedule",
    "CalendarError",
    "Day",
    "DaySource",
    "Deadline",
    "DeadlinePolicy",
    "Deadlines",
    "DueStatus",
    "HolidaysFileError",
    "Reason",
    "WorkCalendar",
    "add_months",
    "build_calendar",
    "build_policy",
    "calendar_coverage",
    "due_status",
    "load_holidays_file",
    "official_range",
    "official_years",
    "progress_due_dates",
    "reply_deadlines",
    "service_date",
]
