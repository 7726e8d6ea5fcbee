"""The ``appointment`` kind of queue item: booked, then attended, missed or cancelled.

A booking waits in the queue as ``booked`` (its due day is the appointment's day); staff mark
it ``done`` (received, called back) or ``no_show``, or cancel it. Each of those closes the
item. A cancellation by staff gives the place back and tells the citizen in their chat.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.appointments.booking import release
from backend.db.models import Appointment, Matter
from backend.services.notify import notify_citizen
from backend.staff.kinds import QueueKind, register_kind


async def on_status(session: AsyncSession, matter: Matter, previous: str, services: Any) -> None:
    """Staff cancelled a booking: its place goes back and the citizen hears of it."""
    if matter.status != "cancelled" or previous != "booked":
        return
    booking = await session.scalar(select(Appointment).where(Appointment.matter_id == matter.id))
    if booking is None:
        return
    now = services.clock.now()
    await release(session, matter, booking, now)
    await notify_citizen(session, matter, "appointment.cancelled_by_staff", now=now)


APPOINTMENT_KIND = register_kind(
    QueueKind(
        "appointment",
        {"booked": ("done", "no_show", "cancelled"), "done": (), "no_show": (), "cancelled": ()},
        clocked=False,
        closing=frozenset({"done", "no_show", "cancelled"}),
        on_status=on_status,
    )
)
