"""The staff calendar: the bookings of a day or a week, in words, for the console.

Each day of the range lists its bookings in time order with the kind, the masked name, the
status and the item to open; a day the kind does not receive simply has none. Cancelled
bookings are left out (their place went back).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from backend.container import Services
from backend.db.models import Appointment, Matter
from backend.privacy_masks import mask_name, mask_text
from backend.staff.labels import Labels

MAX_DAYS = 7


async def calendar(services: Services, start: date, days: int, labels: Labels) -> dict[str, Any]:
    """``days`` (1 or 7) days from ``start``: each with its bookings, in words."""
    days = max(1, min(days, MAX_DAYS))
    zone = services.office_hours.timezone
    begin = datetime.combine(start, time(0, 0), zone).astimezone(UTC)
    end = begin + timedelta(days=days)
    async with services.db.reader() as session:
        rows = (
            await session.execute(
                select(Appointment, Matter)
                .join(Matter, Matter.id == Appointment.matter_id)
                .where(Appointment.starts_at >= begin, Appointment.starts_at < end)
                .where(Appointment.holds_place.is_(True))
                .order_by(Appointment.starts_at, Appointment.id)
            )
        ).all()
    by_day: dict[date, list[dict[str, Any]]] = {start + timedelta(days=n): [] for n in range(days)}
    for booking, matter in rows:
        local = booking.starts_at.astimezone(zone)
        by_day.setdefault(local.date(), []).append(_entry(booking, matter, local, labels))
    return {
        "start": start.isoformat(),
        "days": [_day(day, entries, labels, services) for day, entries in by_day.items()],
    }


def _entry(booking: Appointment, matter: Matter, local: datetime, labels: Labels) -> dict[str, Any]:
    end = local + timedelta(minutes=booking.minutes)
    return {
        "item_id": matter.id,
        "tracking_no": matter.tracking_no,
        "time": f"{local:%H:%M}–{end:%H:%M}",
        "kind_label": labels.text(f"calendar.reception.{booking.kind}"),
        "name": mask_name(matter.contact_name)
        if matter.contact_name
        else labels.text("calendar.no_name"),
        "status_label": labels.status(matter.status),
        "status": matter.status,
        "topic": mask_text(str((matter.details or {}).get("topic") or "")[:60]),
    }


def _day(
    day: date, entries: list[dict[str, Any]], labels: Labels, services: Services
) -> dict[str, Any]:
    weekday = labels.text("calendar.weekdays").split("|")[day.weekday()]
    working = services.calendar.is_working_day(day)
    return {
        "date": day.isoformat(),
        "label": labels.text("calendar.day", month=day.month, day=day.day, weekday=weekday),
        "rest_day": not working,
        "bookings": entries,
    }
