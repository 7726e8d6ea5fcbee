"""Helpers every staff service shares: loading an item, who may act on it, waking listeners."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.models import Matter, StaffUser
from backend.staff.errors import Conflict, NotFound
from backend.staff.permissions import allowed
from backend.staff.queue import DueWindow, due_window

STAFF_TOPIC = "staff"  # notifier topic: the queue changed


async def load_matter(session: AsyncSession, matter_id: int, *, lock: bool = False) -> Matter:
    """The matter, row-locked on PostgreSQL when ``lock``; ``NotFound`` when missing."""
    query = select(Matter).where(Matter.id == matter_id)
    if lock and session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    matter = await session.scalar(query)
    if matter is None:
        raise NotFound("not_found", f"no item {matter_id}")
    return matter


def ensure_may_act(user: StaffUser, matter: Matter) -> None:
    """Only the holder acts on a claimed item (supervisors and admins may step in)."""
    if matter.assignee_id in (None, user.id) or allowed(user.role, "item.act_for_others"):
        return
    raise Conflict("already_claimed", "someone else holds this item; ask them or a supervisor")


def ensure_open(matter: Matter) -> None:
    """A closed item takes no replies, notes aside."""
    if not matter.open:
        raise Conflict("transition_not_allowed", "this item is closed; it cannot be changed")


def today(services: Services) -> date:
    """Today in the service's timezone."""
    now: datetime = services.clock.now()
    return now.astimezone(ZoneInfo(services.settings.timezone)).date()


def window(services: Services) -> DueWindow:
    """Today and the "due soon" limit, on the deployment's working-day calendar if it has one."""
    return due_window(today(services), services.settings.reminder_days_before, services.calendar)


def wake(services: Services, *topics: str | None) -> None:
    """After a commit: wake event streams (the conversation's, the staff console's, the outbox)."""
    for topic in (*topics, STAFF_TOPIC, "outbox"):
        if topic:
            services.notifier.notify(topic)
