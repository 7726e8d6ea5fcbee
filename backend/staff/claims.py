"""Claiming, releasing and assigning items. No two people can hold the same item.

A claim is one conditional UPDATE (``… WHERE assignee_id IS NULL``): the database decides
the winner, on SQLite and PostgreSQL alike, and the loser gets ``already_claimed``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.models import Matter, MatterEvent, StaffUser
from backend.staff import audit
from backend.staff.common import ensure_may_act, ensure_open, load_matter, wake
from backend.staff.errors import Conflict, NotFound
from backend.staff.permissions import allowed


async def claim_in(session: AsyncSession, user: StaffUser, matter_id: int, now: Any) -> Matter:
    """Claim inside the caller's transaction; holding it already is fine."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(Matter)
        .where(Matter.id == matter_id, Matter.assignee_id.is_(None), Matter.open.is_(True))
        .values(assignee_id=user.id, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    matter = await load_matter(session, matter_id)
    await session.refresh(matter)
    if result.rowcount == 1:
        session.add(MatterEvent(matter_id=matter_id, kind="claimed", actor_id=user.id, at=now))
        await audit.record(session, user, "claim", "matter", matter_id, at=now)
        return matter
    ensure_open(matter)
    if matter.assignee_id != user.id:
        raise Conflict("already_claimed", "someone else has already claimed this item")
    return matter


async def claim(services: Services, user: StaffUser, matter_id: int) -> Matter:
    """Claim an unassigned item for ``user``."""
    async with services.db.transaction() as session:
        matter = await claim_in(session, user, matter_id, services.clock.now())
    wake(services)
    return matter


async def release(services: Services, user: StaffUser, matter_id: int) -> Matter:
    """Give an item back to the queue (its holder, or a supervisor)."""
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id, lock=True)
        ensure_open(matter)
        if matter.assignee_id is None:
            raise Conflict("not_claimed", "nobody holds this item")
        ensure_may_act(user, matter)
        if matter.kind == "handoff" and matter.status == "active":  # the bot is silent for them
            raise Conflict(
                "transition_not_allowed",
                "the citizen is talking with a person: leave the conversation or assign it",
            )
        previous = matter.assignee_id
        matter.assignee_id, matter.updated_at = None, now
        session.add(MatterEvent(matter_id=matter.id, kind="released", actor_id=user.id, at=now))
        await audit.record(session, user, "release", "matter", matter.id, at=now, previous=previous)
    wake(services)
    return matter


async def assign(services: Services, user: StaffUser, matter_id: int, staff_id: int) -> Matter:
    """Give an item to a colleague (supervisors and admins)."""
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id, lock=True)
        ensure_open(matter)
        target = await session.get(StaffUser, staff_id)
        if target is None or not target.active:
            raise NotFound("not_found", f"no active staff member {staff_id}")
        previous = matter.assignee_id
        matter.assignee_id, matter.updated_at = target.id, now
        session.add(
            MatterEvent(
                matter_id=matter.id,
                kind="assigned",
                actor_id=user.id,
                data={"to": target.id, "name": target.display_name},
                at=now,
            )
        )
        await audit.record(
            session,
            user,
            "assign",
            "matter",
            matter.id,
            at=now,
            staff_id=target.id,
            previous=previous,
        )
    wake(services)
    return matter


def may_assign(user: StaffUser) -> bool:
    """True when the user may assign items to others."""
    return allowed(user.role, "item.assign")
