"""Deadline reminders for staff: planned as rows, so each one fires exactly once.

For a matter with reply deadlines (DESIGN "Clocks") the rows are, per deadline:

- ``<deadline>_due_soon`` — to the assignee (or the whole queue), at 09:00 service time
  ``reminder_days_before`` working days before the due date;
- ``<deadline>_missed`` — to supervisors, at 09:00 the day after the due date;

and, while the matter is open, one ``progress`` row for the next monthly progress date after the
result date (09:00, the same number of working days before). Firing a progress row plans the
next one, so the list never grows without bound.

Rows are unique per (matter, kind, due date) and inserted with ``ON CONFLICT DO NOTHING``, so
planning twice (the hook, then the sweeper, or two workers) is harmless. The worker that fires
them is ``backend.services.reminder_worker``. A row that no longer applies when it falls due
(reply sent, matter closed, due date moved, or a due-soon row whose date has passed — the
missed row covers that) is marked ``fired`` without a notice; it is never deleted, so no
sweeper can plan it again. A progress row found late still fires (there is no "progress
missed" row), and the next one planned is the first date still ahead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import exists, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only

from backend.db.database import Database
from backend.db.models import Matter, Reminder
from backend.deadlines import (
    MAX_REST_RUN,
    CalendarError,
    WorkCalendar,
    add_months,
    service_date,
)
from backend.services.reminder_notices import list_notifications, mark_read, notification_text
from backend.settings import Settings

if TYPE_CHECKING:
    from backend.container import Services

__all__ = [
    "APPOINTMENT",
    "FOLLOWUP",
    "PROGRESS",
    "PlannedReminder",
    "ReminderConfig",
    "SweepCursor",
    "list_notifications",
    "mark_read",
    "next_progress_date",
    "notification_text",
    "on_matter_opened",
    "plan_reminders",
    "reminder_config",
    "schedule_reminders",
    "skip_reason",
    "sweep_reminders",
    "working_days_before",
]

log = logging.getLogger("frontdesk.reminders")

FIRE_TIME = time(9, 0)  # office opening: a notice that arrives at 03:00 is read at 09:00 anyway
PROGRESS = "progress"
FOLLOWUP = "followup"  # the 回访 after closing (backend/staff/followups.py)
APPOINTMENT = "appointment"  # the day before a booking, to the citizen (backend/appointments)
KINDS = frozenset(
    {
        APPOINTMENT,
        "procedural_due_soon",
        "procedural_missed",
        "result_due_soon",
        "result_missed",
        PROGRESS,
        FOLLOWUP,
    }
)
# Progress dates are at most this many months after the result date (a matter open 50 years
# is a data error, and an error beats a loop).
MAX_PROGRESS_MONTHS = 600
# Only what planning and firing read: no encrypted citizen data is loaded (or decrypted).
MATTER_DEADLINE_COLUMNS = load_only(
    Matter.id,
    Matter.kind,
    Matter.tracking_no,
    Matter.open,
    Matter.status,
    Matter.next_due,
    Matter.assignee_id,
    Matter.procedural_due,
    Matter.result_due,
    Matter.procedural_replied_at,
    Matter.result_replied_at,
)


@dataclass(frozen=True)
class ReminderConfig:
    """The calendar and settings that place reminders in time."""

    calendar: WorkCalendar
    timezone: str = "Asia/Shanghai"
    days_before: int = 2

    @classmethod
    def from_settings(cls, settings: Settings, calendar: WorkCalendar) -> ReminderConfig:
        """From ``FRONTDESK_TIMEZONE`` and ``FRONTDESK_REMINDER_DAYS_BEFORE``."""
        return cls(calendar, settings.timezone, settings.reminder_days_before)

    def today(self, now: datetime) -> date:
        """The service-timezone date of ``now``."""
        return service_date(now, self.timezone)

    def at_opening(self, day: date) -> datetime:
        """09:00 on ``day`` in the service's timezone, as an aware UTC time."""
        return datetime.combine(day, FIRE_TIME, ZoneInfo(self.timezone)).astimezone(UTC)

    def warn_at(self, due: date) -> datetime:
        """When to warn about ``due``: ``days_before`` working days earlier, at 09:00."""
        return self.at_opening(working_days_before(due, self.days_before, self.calendar))


@dataclass(frozen=True)
class PlannedReminder:
    """A reminder row to be: what, for which due date, and when it fires."""

    kind: str
    due_on: date
    fire_at: datetime


def reminder_config(services: Services) -> ReminderConfig:
    """The process's reminder config over ``services.calendar`` (cheap: three fields)."""
    return ReminderConfig.from_settings(services.settings, services.calendar)


def working_days_before(day: date, count: int, calendar: WorkCalendar) -> date:
    """The ``count``-th working day before ``day`` (``day`` itself when ``count`` is 0)."""
    resting = 0
    while count > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            count, resting = count - 1, 0
        else:
            resting += 1
            if resting > MAX_REST_RUN:
                raise CalendarError(f"more than {MAX_REST_RUN} rest days in a row before {day}")
    return day


def next_progress_date(result_due: date, on_or_after: date, calendar: WorkCalendar) -> date:
    """The first monthly progress date (k months after the result date, rolled) ≥ a day."""
    for months in range(1, MAX_PROGRESS_MONTHS + 1):
        due = calendar.next_working_day_on_or_after(add_months(result_due, months))
        if due >= on_or_after:
            return due
    raise CalendarError(f"no progress date within {MAX_PROGRESS_MONTHS} months of {result_due}")


def skip_reason(matter: Matter | None, kind: str, due_on: date, today: date) -> str | None:
    """Why a reminder no longer applies on ``today``, or None when it should fire."""
    if kind == FOLLOWUP:  # due after closing, so "closed" is its normal state
        return None if matter is not None and not matter.open else "not_closed"
    if matter is None or not matter.open:
        return "closed"
    if kind not in KINDS:
        return "unknown_kind"
    if kind == APPOINTMENT:  # still booked for that day (not cancelled, moved or settled)
        return None if matter.status == "booked" and matter.next_due == due_on else "not_booked"
    if kind == PROGRESS:
        return None if matter.result_due is not None else "no_clock"
    if kind.startswith("procedural_"):
        due, replied = matter.procedural_due, matter.procedural_replied_at
    else:
        due, replied = matter.result_due, matter.result_replied_at
    if due != due_on:
        return "due_changed"
    if replied is not None:
        return "replied"
    if kind.endswith("_due_soon") and today > due_on:
        return "missed_covers_it"
    return None


def plan_reminders(matter: Matter, config: ReminderConfig, today: date) -> list[PlannedReminder]:
    """Every reminder ``matter`` should have as of ``today`` (those that still apply)."""
    planned: list[PlannedReminder] = []
    for deadline, due in (("procedural", matter.procedural_due), ("result", matter.result_due)):
        if due is not None:
            planned.append(PlannedReminder(f"{deadline}_due_soon", due, config.warn_at(due)))
            missed_at = config.at_opening(due + timedelta(days=1))
            planned.append(PlannedReminder(f"{deadline}_missed", due, missed_at))
    if matter.result_due is not None:
        progress = next_progress_date(matter.result_due, today, config.calendar)
        planned.append(PlannedReminder(PROGRESS, progress, config.warn_at(progress)))
    return [row for row in planned if skip_reason(matter, row.kind, row.due_on, today) is None]


async def insert_reminders(
    session: AsyncSession, matter_id: int, planned: list[PlannedReminder]
) -> int:
    """Insert the rows that do not exist yet; returns how many were new."""
    if not planned:
        return 0
    rows = [
        {
            "matter_id": matter_id,
            "kind": row.kind,
            "due_on": row.due_on,
            "fire_at": row.fire_at,
            "status": "pending",
            "attempts": 0,
        }
        for row in planned
    ]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Reminder)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["matter_id", "kind", "due_on"])
    )
    result = await session.execute(statement)
    return max(int(getattr(result, "rowcount", 0) or 0), 0)


async def schedule_reminders(
    session: AsyncSession, matter: Matter, config: ReminderConfig, now: datetime
) -> int:
    """Plan ``matter``'s reminders (idempotent); returns how many rows were new."""
    if matter.id is None:
        await session.flush()
    planned = plan_reminders(matter, config, config.today(now))
    return await insert_reminders(session, matter.id, planned)


async def on_matter_opened(
    session: AsyncSession, matter: Matter, services: Services, now: datetime | None = None
) -> int:
    """Hook for the services that create a matter or change its due dates (same transaction).

    A calendar that cannot answer never fails the citizen's submission: the error is logged
    and the sweeper plans the rows later.
    """
    try:
        config = reminder_config(services)
        return await schedule_reminders(session, matter, config, now or services.clock.now())
    except CalendarError:
        log.warning("reminders not planned; the sweeper retries", extra={"matter_id": matter.id})
        return 0


@dataclass
class SweepCursor:
    """Where the sweeper resumes (matter id), so a big backlog is covered in slices."""

    after_id: int = 0


async def sweep_reminders(
    db: Database, config: ReminderConfig, now: datetime, cursor: SweepCursor, limit: int = 200
) -> int:
    """Plan reminders for open matters with deadlines but no pending reminder; returns rows."""
    # "Not fired yet" as ``fired_at IS NULL`` (set together with the status): on ``status``
    # SQLite, without statistics, walks the (status, fire_at) index — every pending row for
    # every matter — instead of one probe of the unique (matter_id, …) index.
    pending = exists().where(Reminder.matter_id == Matter.id, Reminder.fired_at.is_(None))
    query = (
        select(Matter)
        .options(MATTER_DEADLINE_COLUMNS)
        .where(Matter.open.is_(True), Matter.id > cursor.after_id, ~pending)
        .where(or_(Matter.procedural_due.is_not(None), Matter.result_due.is_not(None)))
        .order_by(Matter.id)
        .limit(limit)
    )
    created = 0
    async with db.transaction() as session:
        matters = list(await session.scalars(query))
        for matter in matters:
            created += await _schedule_quietly(session, matter, config, now)
    cursor.after_id = matters[-1].id if len(matters) == limit else 0
    return created


async def _schedule_quietly(
    session: AsyncSession, matter: Matter, config: ReminderConfig, now: datetime
) -> int:
    # One matter the calendar cannot place must not stop the sweep for all the others.
    try:
        return await schedule_reminders(session, matter, config, now)
    except CalendarError:
        log.warning("reminders not planned: calendar error", extra={"matter_id": matter.id})
        return 0
