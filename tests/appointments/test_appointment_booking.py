"""Booking, changing and cancelling on the real runtime and both databases; the last place."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import Appointment, AppointmentSlot, Matter, MatterEvent, Reminder
from tests.appointments.citizen import Citizen, book

# The test clock: Monday 2026-11-23 10:00 in Beijing. The 4th Wednesday of November is the
# 25th: a chief procurator's reception day (one place a slot).
CHIEF_SLOT = "2026-11-25T09:00"


async def test_a_booking_is_a_queue_item_with_its_place_and_its_reminder(
    services: Services,
) -> None:
    citizen = Citizen(services, "u1")
    number = await book(citizen, "visit", "2026-11-25T09:30")
    assert number is not None and number.startswith("Y261123")
    assert "预约成功" in citizen.text and "11月25日（周三）09:30" in citizen.text
    async with services.db.reader() as session:
        matter = await session.scalar(select(Matter).where(Matter.tracking_no == number))
        assert matter is not None
        assert (matter.kind, matter.status, matter.open) == ("appointment", "booked", True)
        assert matter.contact_phone == "13800138000" and str(matter.next_due) == "2026-11-25"
        slot = await session.scalar(select(AppointmentSlot))
        assert slot is not None and (slot.kind, slot.booked, slot.capacity) == ("visit", 1, 2)
        reminder = await session.scalar(select(Reminder).where(Reminder.matter_id == matter.id))
        assert reminder is not None and reminder.kind == "appointment"
        assert reminder.fire_at.isoformat() == "2026-11-24T01:00:00+00:00"  # 09:00 the day before


async def test_see_change_and_cancel_in_the_chat(services: Services) -> None:
    citizen = Citizen(services, "u2")
    number = await book(citizen, "visit", "2026-11-24T09:30")
    await citizen.send("我的预约")
    assert citizen.ask == "appointment_action" and number in citizen.text
    await citizen.tap(f"change:{number}")
    assert "原来的 11月24日（周二）09:30" in citizen.text
    await citizen.tap("day:2026-11-25")
    await citizen.tap("slot:2026-11-25T11:00")
    assert "改到 11月25日（周三）11:00" in citizen.text
    await citizen.tap("yes")
    assert "改好了" in citizen.text
    assert await _places(services) == {"2026-11-24T01:30": 0, "2026-11-25T03:00": 1}
    await citizen.tap("mine")
    await citizen.tap(f"cancel:{number}")
    await citizen.tap("yes")
    assert "已经取消了" in citizen.text
    assert await _places(services) == {"2026-11-24T01:30": 0, "2026-11-25T03:00": 0}
    async with services.db.reader() as session:
        matter = await session.scalar(select(Matter).where(Matter.tracking_no == number))
        assert matter is not None and (matter.status, matter.open) == ("cancelled", False)
        kinds = list(
            await session.scalars(
                select(MatterEvent.kind).where(MatterEvent.matter_id == matter.id)
            )
        )
    assert kinds == ["appointment_booked", "appointment_changed", "appointment_cancelled"]
    await citizen.send("我的预约")
    assert "还没有预约" in citizen.text


async def test_a_citizen_cannot_touch_another_conversations_booking(services: Services) -> None:
    owner, other = Citizen(services, "owner"), Citizen(services, "other")
    number = await book(owner, "visit", "2026-11-24T09:30")
    await other.send("你好")
    await other.tap("go:appointment")
    await other.tap("mine")
    assert f"cancel:{number}" not in other.payloads()
    # A forged button is an old button: the step has passed, nothing is cancelled.
    await other.tap(f"cancel:{number}")
    assert "已经取消" not in other.text
    assert await _places(services) == {"2026-11-24T01:30": 1}


async def test_a_forged_slot_outside_office_hours_is_never_booked(services: Services) -> None:
    citizen = Citizen(services, "u3")
    await book(citizen, "visit", "2026-11-24T09:30", confirm=False)
    async with services.db.transaction() as session:  # tamper with the state as a forger would
        from backend.db.models import Conversation

        conversation = await session.scalar(select(Conversation))
        assert conversation is not None
        state = dict(conversation.state)
        state["data"] = {**state["data"], "at": "2026-11-28T09:00"}  # a Saturday
        conversation.state = state
    await citizen.tap("yes")
    assert citizen.tracking_no() is None and "约满了" in citizen.text
    assert await _places(services) == {}


async def test_two_citizens_one_last_place_exactly_one_gets_it(services: Services) -> None:
    first, second = Citizen(services, "first"), Citizen(services, "second")
    await book(first, "chief", CHIEF_SLOT, confirm=False)
    await book(second, "chief", CHIEF_SLOT, confirm=False)
    await asyncio.gather(first.tap("yes"), second.tap("yes"))
    numbers = [c.tracking_no() for c in (first, second)]
    assert sum(n is not None for n in numbers) == 1, [first.text, second.text]
    loser = first if numbers[0] is None else second
    assert "刚刚被约满了" in loser.text and f"slot:{CHIEF_SLOT}" not in loser.payloads()
    async with services.db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(Appointment)) == 1
        booked = await session.scalar(select(AppointmentSlot.booked))
    assert booked == 1


async def _places(services: Services) -> dict[str, int]:
    async with services.db.reader() as session:
        rows = await session.execute(select(AppointmentSlot.starts_at, AppointmentSlot.booked))
        return {when.strftime("%Y-%m-%dT%H:%M"): int(n) for when, n in rows}
