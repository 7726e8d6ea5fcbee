"""The statutory reply deadlines: 7 days for the procedural reply, 3 months for the result.

Rules (DESIGN "Clocks", legal-domain §6; 民事诉讼法 Art. 85, 民法典 Arts. 200-204):
the receipt date is taken in the service's timezone and not counted; a period of days ends that
many days later; a period of months ends on the same day number, or the month's last day when
that day does not exist; a last day that is a rest day or holiday moves to the next working
day. Holidays inside a period count. ``ack_mode="working"`` counts working days instead.
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backend.deadlines.calendar import MAX_REST_RUN, CalendarError, Day, DaySource, WorkCalendar

AckMode = Literal["calendar", "working"]
DueStatus = Literal["on_time", "due_soon", "overdue"]
Deadline = Literal["procedural", "result"]


@dataclass(frozen=True)
class DeadlinePolicy:
    """How the reply deadlines count; the defaults are the procuratorate's 7-day/3-month promise."""

    ack_days: int = 7
    ack_mode: AckMode = "calendar"
    answer_months: int = 3
    timezone: str = "Asia/Shanghai"

    def __post_init__(self) -> None:
        if self.ack_mode not in get_args(AckMode):
            raise ValueError(f"ack_mode must be 'calendar' or 'working', not {self.ack_mode!r}")
        if not 1 <= self.ack_days <= 60 or not 1 <= self.answer_months <= 24:
            raise ValueError("ack_days must be 1-60 and answer_months 1-24")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {self.timezone!r}") from exc


def build_policy(
    *,
    ack_days: int = 7,
    ack_mode: str = "calendar",
    answer_months: int = 3,
    timezone: str = "Asia/Shanghai",
) -> DeadlinePolicy:
    """A validated policy from the FRONTDESK_ACK_* / _ANSWER_MONTHS / _TIMEZONE settings."""
    mode: AckMode = "working" if ack_mode == "working" else "calendar"
    if ack_mode != mode:
        raise ValueError(f"ack_mode must be 'calendar' or 'working', not {ack_mode!r}")
    return DeadlinePolicy(ack_days, mode, answer_months, timezone)


@dataclass(frozen=True)
class Reason:
    """One machine-readable step in working out a deadline; the CLI and the bot render it."""

    code: str
    deadline: Deadline | None = None
    from_day: date | None = None
    to_day: date | None = None
    holiday: str | None = None
    days: int | None = None
    source: DaySource | None = None

    def as_dict(self) -> dict[str, str | int]:
        """JSON-ready form: dates as ``YYYY-MM-DD``, ``from``/``to`` keys, empty fields left out."""
        renamed = {"from_day": "from", "to_day": "to"}
        return {
            renamed.get(key, key): value.isoformat() if isinstance(value, date) else value
            for key, value in asdict(self).items()
            if value is not None
        }


@dataclass(frozen=True)
class Deadlines:
    """The two reply deadlines of one complaint and how they were reached."""

    received_on: date
    procedural_reply_due: date
    result_reply_due: date
    provisional: bool
    reasons: list[Reason] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The ``frontdesk clock --json`` shape."""
        return {
            "received_on": self.received_on.isoformat(),
            "procedural_reply_due": self.procedural_reply_due.isoformat(),
            "result_reply_due": self.result_reply_due.isoformat(),
            "provisional": self.provisional,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


@dataclass(frozen=True)
class _Count:
    due: date
    examined: list[Day]
    reasons: list[Reason]


def service_date(received_at: datetime, timezone: str) -> date:
    """The calendar date of ``received_at`` in the service's timezone."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    return received_at.astimezone(ZoneInfo(timezone)).date()


def add_months(d: date, months: int) -> date:
    """Same day number ``months`` later, clamped to the month's last day (08-31 + 3 → 11-30)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last = gregorian.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def reply_deadlines(
    received_at: datetime, policy: DeadlinePolicy, calendar: WorkCalendar
) -> Deadlines:
    """Both reply deadlines for a complaint received at ``received_at``."""
    received_on = service_date(received_at, policy.timezone)
    reasons: list[Reason] = []
    if received_at.date() != received_on:
        reasons.append(
            Reason("converted_to_service_timezone", None, received_at.date(), received_on)
        )
    if policy.ack_mode == "working":
        procedural = _count_working_days(received_on, policy.ack_days, calendar)
    else:
        procedural = _roll("procedural", received_on + timedelta(days=policy.ack_days), calendar)
    result = _months_later(received_on, policy.answer_months, calendar)
    examined = procedural.examined + result.examined
    reasons += procedural.reasons + result.reasons
    reasons += _source_reasons("procedural", procedural.examined)
    reasons += _source_reasons("result", result.examined)
    provisional = any(day.source == "statutory_fallback" for day in examined)
    return Deadlines(received_on, procedural.due, result.due, provisional, reasons)


def _roll(deadline: Deadline, nominal: date, calendar: WorkCalendar) -> _Count:
    """Move a last day that is a rest day to the next working day."""
    run = calendar.rest_run(nominal)
    due = nominal + timedelta(days=len(run))
    if not run:
        return _Count(due, [calendar.day(due)], [])
    holiday = next((day.holiday for day in run if day.holiday), None)
    reason = Reason("rolled_past_rest_day", deadline, nominal, due, holiday, len(run))
    return _Count(due, [*run, calendar.day(due)], [reason])


def _count_working_days(received_on: date, count: int, calendar: WorkCalendar) -> _Count:
    """The ``count``-th working day after the receipt date."""
    day, counted, resting, examined = received_on, 0, 0, []
    while counted < count:
        day += timedelta(days=1)
        info = calendar.day(day)
        examined.append(info)
        counted, resting = (counted + 1, 0) if info.working else (counted, resting + 1)
        if resting > MAX_REST_RUN:
            raise CalendarError(f"more than {MAX_REST_RUN} rest days in a row from {day}")
    reason = Reason("counted_working_days", "procedural", received_on, day, days=count)
    return _Count(day, examined, [reason])


def _months_later(received_on: date, months: int, calendar: WorkCalendar) -> _Count:
    nominal = add_months(received_on, months)
    rolled = _roll("result", nominal, calendar)
    if nominal.day == received_on.day:
        return rolled
    clamped = Reason("clamped_to_month_end", "result", received_on, nominal)
    return _Count(rolled.due, rolled.examined, [clamped, *rolled.reasons])


def _source_reasons(deadline: Deadline, examined: list[Day]) -> list[Reason]:
    """Say when a deadline rests on the admin file or on the provisional statutory fallback."""
    reasons = []
    for source in ("admin_file", "statutory_fallback"):
        first = next((day.day for day in examined if day.source == source), None)
        if first is not None:
            reasons.append(Reason(f"calendar_{source}", deadline, first, source=source))
    return reasons


def progress_due_dates(result_due: date, until: date, *, calendar: WorkCalendar) -> list[date]:
    """Monthly progress-reply dates: k months after the result reply, rolled, up to ``until``."""
    dates: list[date] = []
    months = 1
    while (nominal := add_months(result_due, months)) <= until:
        dates.append(calendar.next_working_day_on_or_after(nominal))
        months += 1
    return dates


def due_status(due: date, today: date, soon_days: int = 2, *, calendar: WorkCalendar) -> DueStatus:
    """``overdue`` after ``due``; ``due_soon`` when at most ``soon_days`` working days remain."""
    if today > due:
        return "overdue"
    left, day = 0, today
    while day < due and left <= soon_days:
        day += timedelta(days=1)
        left += calendar.is_working_day(day)
    return "due_soon" if left <= soon_days else "on_time"
