"""Staff notices: what the reminder worker writes and the staff console shows.

A notice goes to one staff member, or to everyone in a role when ``staff_id`` is empty
(``staff`` = the whole queue, ``supervisor`` = supervisors; admins see both). A shared notice
is read once for everyone — the first person who acts on it takes it, like a queue item.
Texts are catalog keys (``dialogs/catalog/*/reminders.yaml``) with parameters that carry
ids, tracking numbers and dates only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from backend.db.models import StaffNotification, StaffUser
from dialogs.catalog import default_catalog
from dialogs.types import Lang

QUEUE_ROLE = "staff"
SUPERVISOR_ROLE = "supervisor"
# Which shared notices each role reads: supervisors also see the queue's reminders.
VISIBLE_ROLES: dict[str, tuple[str, ...]] = {
    "staff": (QUEUE_ROLE,),
    "supervisor": (QUEUE_ROLE, SUPERVISOR_ROLE),
    "admin": (QUEUE_ROLE, SUPERVISOR_ROLE),
}


def new_notification(
    *,
    kind: str,
    matter_id: int | None,
    params: dict[str, Any],
    now: datetime,
    staff_id: int | None = None,
    role: str | None = None,
) -> StaffNotification:
    """A notice for one person (``staff_id``) or a role; the text key is ``reminders.<kind>``."""
    if (staff_id is None) == (role is None):
        raise ValueError("a notice goes to exactly one of a staff member or a role")
    return StaffNotification(
        staff_id=staff_id,
        role=role,
        matter_id=matter_id,
        kind=kind,
        text_key=f"reminders.{kind}",
        params=params,
        created_at=now,
    )


def _visible_to(staff: StaffUser) -> ColumnElement[bool]:
    roles = VISIBLE_ROLES.get(staff.role, (QUEUE_ROLE,))
    shared = and_(StaffNotification.staff_id.is_(None), StaffNotification.role.in_(roles))
    return or_(StaffNotification.staff_id == staff.id, shared)


async def list_notifications(
    session: AsyncSession, staff: StaffUser, *, unread_only: bool = True, limit: int = 50
) -> list[StaffNotification]:
    """The notices ``staff`` may see, newest first."""
    query = select(StaffNotification).where(_visible_to(staff))
    if unread_only:
        query = query.where(StaffNotification.read_at.is_(None))
    query = query.order_by(StaffNotification.id.desc()).limit(limit)
    return list(await session.scalars(query))


async def mark_read(
    session: AsyncSession, staff: StaffUser, notification_id: int, now: datetime
) -> bool:
    """Mark one notice read by ``staff``; False when it is not theirs to see or already read."""
    result = await session.execute(
        update(StaffNotification)
        .where(StaffNotification.id == notification_id, StaffNotification.read_at.is_(None))
        .where(_visible_to(staff))
        .values(read_at=now, read_by=staff.id)
    )
    return bool(getattr(result, "rowcount", 0))


def notification_text(notification: StaffNotification, lang: Lang = "zh-Hans") -> str:
    """The notice rendered in ``lang`` from its catalog key and parameters."""
    return default_catalog().text(lang, notification.text_key, **(notification.params or {}))
