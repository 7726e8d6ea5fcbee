"""Booking, seeing, changing and cancelling an appointment: the effects the flow emits.

Each booking is a queue item (``matters`` row of kind ``appointment``, tracking number
``Y…``, status ``booked``, ``next_due`` the day of the appointment) with its ``appointments``
row and a place taken in its slot (``backend.appointments.places``). A booking, a change and
a cancellation each write the place, the item, a timeline entry the citizen can see and the
reminder for the day before in the turn's one transaction. A citizen only ever sees and
changes the bookings of their own conversation.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select

from backend.appointments import reminder
from backend.appointments.places import give_back, take_place, taken
from backend.appointments.schedule import ReceptionKind, SlotFinder, default_schedule, slot_text
from backend.db.crypto import active_cipher
from backend.db.models import Appointment, Matter, MatterEvent
from backend.effects import EffectContext
from backend.services.search_terms import add_terms
from backend.services.tracking import new_tracking_no
from dialogs.types import Event

log = logging.getLogger("frontdesk.appointments")

KIND = "appointment"
MAX_LISTED = 10


def finder(ctx: EffectContext) -> SlotFinder:
    """The slot finder over this process's calendar and office hours."""
    services = ctx.services
    return SlotFinder(default_schedule(), services.office_hours, services.calendar.is_working_day)


def _kind(name: object) -> ReceptionKind | None:
    return default_schedule().kinds.get(str(name))


async def offer_slots(ctx: EffectContext) -> Event:
    """Days with free places (no ``day`` given), or one day's free slots a page at a time."""
    kind = _kind(ctx.data.get("kind"))
    data: dict[str, Any] = {
        "kind": getattr(kind, "name", None),
        "changing": ctx.data.get("changing"),
    }
    if kind is None:
        return Event("appointment.slots", {**data, "days": []})
    data["minutes"] = kind.minutes
    slots = await free_slots(ctx, kind)
    day = str(ctx.data.get("day") or "")
    if not day:
        return Event("appointment.slots", {**data, "days": _days(slots)})
    page, per_page = max(int(ctx.data.get("page") or 0), 0), default_schedule().per_page
    on_day = [slot for slot in slots if slot["at"].startswith(day)]
    shown = on_day[page * per_page : (page + 1) * per_page]
    more = len(on_day) > (page + 1) * per_page
    return Event(
        "appointment.slots", {**data, "day": day, "slots": shown, "more": more, "page": page}
    )


def _days(slots: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each day with free places, and how many: ``{"day": "2026-12-07", "left": 9}``."""
    days: dict[str, int] = {}
    for slot in slots:
        day = slot["at"][:10]
        days[day] = days.get(day, 0) + int(slot["left"])
    return [{"day": day, "left": left} for day, left in days.items()]


async def free_slots(ctx: EffectContext, kind: ReceptionKind) -> list[dict[str, Any]]:
    """Every offered slot of ``kind`` with a place left: ``{"at": "…T09:00", "left": n}``."""
    find = finder(ctx)
    starts = list(find.offered(kind, ctx.now))
    if not starts:
        return []
    booked = await taken(ctx.session, kind.name, starts[0], starts[-1].replace(hour=23))
    slots = []
    for start in starts:
        left = kind.capacity - booked.get(start, 0)
        if left > 0:
            slots.append({"at": slot_text(start, find.zone), "left": left})
    return slots


async def book(ctx: EffectContext) -> Event:
    """Take the place and open the queue item; ``appointment.full`` when it was taken."""
    kind, find = _kind(ctx.data.get("kind")), finder(ctx)
    start = find.parse(str(ctx.data.get("at") or ""))
    if kind is None or start is None or not find.is_offered(kind, start, ctx.now):
        return Event("appointment.full", {"at": ctx.data.get("at"), "kind": ctx.data.get("kind")})
    if not await take_place(ctx.session, kind.name, start, kind.capacity):
        return Event("appointment.full", {"at": ctx.data.get("at"), "kind": kind.name})
    matter = await _new_item(ctx, kind, start)
    ctx.session.add(
        Appointment(
            matter_id=matter.id,
            kind=kind.name,
            starts_at=start,
            minutes=kind.minutes,
            holds_place=True,
            created_at=ctx.now,
            updated_at=ctx.now,
        )
    )
    _timeline(ctx, matter, "booked", kind.name, start)
    await reminder.plan(ctx.session, matter, start, ctx.services, ctx.now)
    ctx.conversation.has_matter = True
    log.info("appointment booked", extra={"matter": matter.id})
    return Event("appointment.booked", _booking(matter, kind.name, start, find))


async def _new_item(ctx: EffectContext, kind: ReceptionKind, start: datetime) -> Matter:
    data, conversation = ctx.data, ctx.conversation
    phone = str(data.get("phone") or "") or None
    timezone = ctx.services.settings.timezone
    matter = Matter(
        tracking_no=await new_tracking_no(ctx.session, KIND, ctx.now, timezone),
        kind=KIND,
        status="booked",
        open=True,
        conversation_id=conversation.id,
        channel=conversation.channel,
        urgent=bool(conversation.urgent),
        category=kind.name,
        details={"reception": kind.name, "topic": str(data.get("topic") or "")[:500]},
        contact_name=str(data.get("contact_name") or "")[:60] or None,
        contact_phone=phone,
        phone_hash=active_cipher().lookup_hash(phone) if phone else None,
        received_at=ctx.now,
        next_due=start.astimezone(ctx.services.office_hours.timezone).date(),
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(matter)
    await ctx.session.flush()
    await add_terms(ctx.session, matter.id, [matter.contact_name, data.get("topic")], phone)
    return matter


def _timeline(ctx: EffectContext, matter: Matter, what: str, kind: str, start: datetime) -> None:
    ctx.session.add(
        MatterEvent(
            matter_id=matter.id,
            kind=f"appointment_{what}",
            visible_to_citizen=True,
            data={"reception": kind, "at": start.isoformat()},
            at=ctx.now,
        )
    )


def _booking(matter: Matter, kind: str, start: datetime, find: SlotFinder) -> dict[str, Any]:
    return {
        "tracking_no": matter.tracking_no,
        "kind": kind,
        "at": slot_text(start, find.zone),
        "minutes": default_schedule().kinds[kind].minutes,
    }


async def list_mine(ctx: EffectContext) -> Event:
    """This conversation's bookings still ahead: ``appointment.mine``."""
    find = finder(ctx)
    rows = await ctx.session.execute(
        select(Matter, Appointment)
        .join(Appointment, Appointment.matter_id == Matter.id)
        .where(Matter.conversation_id == ctx.conversation.id, Matter.status == "booked")
        .where(Appointment.starts_at >= ctx.now)
        .order_by(Appointment.starts_at)
        .limit(MAX_LISTED)
    )
    bookings = [_booking(m, a.kind, a.starts_at, find) for m, a in rows]
    return Event("appointment.mine", {"bookings": bookings})


async def _own_booking(ctx: EffectContext) -> tuple[Matter, Appointment] | None:
    """The booking this conversation names by tracking number, locked, if it is still on."""
    query = (
        select(Matter, Appointment)
        .join(Appointment, Appointment.matter_id == Matter.id)
        .where(Matter.tracking_no == str(ctx.data.get("tracking_no") or ""))
        .where(Matter.conversation_id == ctx.conversation.id, Matter.status == "booked")
    )
    if not ctx.services.db.is_sqlite:
        query = query.with_for_update(of=Matter)
    row = (await ctx.session.execute(query)).first()
    return (row[0], row[1]) if row is not None else None


async def change(ctx: EffectContext) -> Event:
    """Move a booking to another slot of its kind: the new place first, then the old back."""
    own, find = await _own_booking(ctx), finder(ctx)
    if own is None:
        return Event("appointment.gone", {"tracking_no": ctx.data.get("tracking_no")})
    matter, booking = own
    kind = default_schedule().kinds[booking.kind]
    start = find.parse(str(ctx.data.get("at") or ""))
    if start is None or not find.is_offered(kind, start, ctx.now) or start == booking.starts_at:
        return Event("appointment.full", {"at": ctx.data.get("at"), "kind": kind.name})
    if not await take_place(ctx.session, kind.name, start, kind.capacity):
        return Event("appointment.full", {"at": ctx.data.get("at"), "kind": kind.name})
    await give_back(ctx.session, kind.name, booking.starts_at)
    booking.starts_at, booking.updated_at = start, ctx.now
    matter.next_due = start.astimezone(find.zone).date()
    matter.updated_at = ctx.now
    _timeline(ctx, matter, "changed", kind.name, start)
    await reminder.plan(ctx.session, matter, start, ctx.services, ctx.now)
    log.info("appointment changed", extra={"matter": matter.id})
    return Event("appointment.changed", _booking(matter, kind.name, start, find))


async def cancel(ctx: EffectContext) -> Event:
    """Cancel a booking: its place goes back, the item closes, the reminder will be skipped."""
    own = await _own_booking(ctx)
    if own is None:
        return Event("appointment.gone", {"tracking_no": ctx.data.get("tracking_no")})
    matter, booking = own
    await release(ctx.session, matter, booking, ctx.now)
    _timeline(ctx, matter, "cancelled", booking.kind, booking.starts_at)
    log.info("appointment cancelled", extra={"matter": matter.id})
    return Event("appointment.cancelled", {"tracking_no": matter.tracking_no})


async def release(session: Any, matter: Matter, booking: Appointment, now: datetime) -> None:
    """Close a booking that will not take place (the citizen or staff cancelled it)."""
    if booking.holds_place:
        await give_back(session, booking.kind, booking.starts_at)
    booking.holds_place, booking.updated_at = False, now
    matter.status, matter.open, matter.closed_at = "cancelled", False, now
    matter.next_due, matter.updated_at = None, now
