"""Places in a slot: taken and given back with guarded UPDATEs, never read-then-write.

``take_place`` makes the slot's row if it is the first booking (``INSERT … ON CONFLICT DO
NOTHING``), then ``UPDATE … SET booked = booked + 1 WHERE booked < capacity``. On PostgreSQL
a second transaction racing for the same row waits for the first and re-checks the WHERE
against the committed count; on SQLite writers are serialised. Either way, of two citizens
asking for one last place exactly one UPDATE changes a row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import AppointmentSlot


async def take_place(session: AsyncSession, kind: str, starts_at: datetime, capacity: int) -> bool:
    """Take one place in the slot; False when it is full."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(AppointmentSlot)
        .values(kind=kind, starts_at=starts_at, capacity=capacity, booked=0)
        .on_conflict_do_nothing(index_elements=["kind", "starts_at"])
    )
    result = await session.execute(
        update(AppointmentSlot)
        .where(
            AppointmentSlot.kind == kind,
            AppointmentSlot.starts_at == starts_at,
            AppointmentSlot.booked < capacity,  # today's capacity, even if the file changed
        )
        .values(booked=AppointmentSlot.booked + 1, capacity=capacity)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


async def give_back(session: AsyncSession, kind: str, starts_at: datetime) -> None:
    """Give one place of the slot back (a cancelled or moved booking)."""
    await session.execute(
        update(AppointmentSlot)
        .where(
            AppointmentSlot.kind == kind,
            AppointmentSlot.starts_at == starts_at,
            AppointmentSlot.booked > 0,
        )
        .values(booked=AppointmentSlot.booked - 1)
        .execution_options(synchronize_session=False)
    )


async def taken(
    session: AsyncSession, kind: str, start: datetime, end: datetime
) -> dict[datetime, int]:
    """Places taken per slot start (UTC) of ``kind`` between two moments."""
    rows = await session.execute(
        select(AppointmentSlot.starts_at, AppointmentSlot.booked).where(
            AppointmentSlot.kind == kind,
            AppointmentSlot.starts_at >= start,
            AppointmentSlot.starts_at < end,
        )
    )
    return {when: int(count) for when, count in rows}
