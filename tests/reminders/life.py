"""Helpers for living through a matter's life: open it, move the clock, see what fired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import Matter, MatterEvent, Reminder, StaffNotification, StaffUser
from backend.deadlines import build_calendar, build_policy, reply_deadlines
from backend.services.reminder_worker import run_reminders_once
from backend.services.reminders import on_matter_opened
from tests.conftest import add_staff_user

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(text: str) -> datetime:
    """An aware time from ``YYYY-MM-DD HH:MM`` read in Beijing."""
    return datetime.fromisoformat(text).replace(tzinfo=BEIJING)


@dataclass(frozen=True)
class Fired:
    """One notice as the test sees it."""

    kind: str
    due_on: str
    to: str  # "staff:<id>", or the role
    at: str  # Beijing time it was written, YYYY-MM-DD HH:MM


async def open_complaint(
    services: Services,
    *,
    tracking_no: str = "C26112300001",
    assignee_id: int | None = None,
    hook: bool = True,
) -> int:
    """A complaint received now, with the real due dates; ``hook=False`` forgets the hook."""
    now = services.clock.now()
    deadlines = reply_deadlines(now, build_policy(), build_calendar())
    async with services.db.transaction() as session:
        matter = Matter(
            kind="complaint",
            status="received",
            open=True,
            channel="web",
            tracking_no=tracking_no,
            received_at=now,
            procedural_due=deadlines.procedural_reply_due,
            result_due=deadlines.result_reply_due,
            next_due=deadlines.procedural_reply_due,
            assignee_id=assignee_id,
            details={},
            created_at=now,
            updated_at=now,
        )
        session.add(matter)
        await session.flush()
        if hook:
            await on_matter_opened(session, matter, services)
        return matter.id


async def add_staff(services: Services, username: str, role: str) -> StaffUser:
    """A staff account (made the one shared way, ``tests.conftest.add_staff_user``), loaded."""
    user_id = await add_staff_user(services, username, role)
    async with services.db.reader() as session:
        user = await session.get(StaffUser, user_id)
    assert user is not None
    return user


async def update_matter(services: Services, matter_id: int, **values: object) -> None:
    """Change a matter the way a staff service would (reply sent, closed, …)."""
    async with services.db.transaction() as session:
        matter = await session.get(Matter, matter_id)
        assert matter is not None
        for name, value in values.items():
            setattr(matter, name, value)


async def at(services: Services, when: str) -> list[Fired]:
    """Move the clock to ``when`` (Beijing), run one worker pass, return the notices it wrote."""
    services.clock.current = beijing(when)
    outcome = await run_reminders_once(services)
    ids = [item.notification_id for item in outcome.fired]
    async with services.db.reader() as session:
        rows = await session.scalars(
            select(StaffNotification)
            .where(StaffNotification.id.in_(ids))
            .order_by(StaffNotification.id)
        )
        return [_fired(row) for row in rows]


async def live_through(services: Services, days: list[date], hour: str = "09:00") -> list[Fired]:
    """One worker pass at ``hour`` on each day; every notice written along the way."""
    fired: list[Fired] = []
    for day in days:
        fired += await at(services, f"{day.isoformat()} {hour}")
    return fired


def _fired(row: StaffNotification) -> Fired:
    to = f"staff:{row.staff_id}" if row.staff_id is not None else str(row.role)
    when = row.created_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    return Fired(row.kind, row.params["due_on"], to, when)


async def counts(services: Services) -> dict[str, int]:
    """How many notices, reminder timeline events and pending reminders exist."""
    async with services.db.reader() as session:
        notices = await session.scalar(select(func.count()).select_from(StaffNotification))
        events = await session.scalar(
            select(func.count()).where(MatterEvent.kind == "reminder_fired")
        )
        pending = await session.scalar(select(func.count()).where(Reminder.status == "pending"))
    return {"notices": notices or 0, "events": events or 0, "pending": pending or 0}
