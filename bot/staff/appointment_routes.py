"""The staff calendar of appointments: a day or a week of bookings (``queue.read``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query

from backend.appointments.calendar_view import calendar
from backend.staff.common import today
from backend.staff.labels import labels_for
from bot.bounds import SaneDate
from bot.deps import ServicesDep, StaffIdentity, staff, staff_router
from bot.staff.schemas import CalendarPublic

router = staff_router(prefix="/api/staff", tags=["staff calendar"])
Reader = Annotated[StaffIdentity, Depends(staff("queue.read"))]


@router.get("/appointments/calendar", response_model=CalendarPublic)
async def appointment_calendar(
    services: ServicesDep,
    user: Reader,
    start: Annotated[SaneDate | None, Query()] = None,
    view: Annotated[Literal["day", "week"], Query()] = "day",
    lang: Literal["zh-Hans", "en"] = "zh-Hans",
) -> CalendarPublic:
    """The bookings of ``start`` (today by default) and, for ``week``, the six days after."""
    first = start or today(services)
    data = await calendar(services, first, 7 if view == "week" else 1, labels_for(lang))
    return CalendarPublic(**data)
