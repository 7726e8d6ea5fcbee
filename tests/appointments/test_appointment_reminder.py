"""The reminder the day before: once on the citizen's channel, across a restart; skipped
when the booking was cancelled."""

from __future__ import annotations

from sqlalchemy import select

from backend.clock import ManualClock
from backend.container import Services
from backend.db.models import Message, Reminder, StaffNotification
from backend.services.reminder_worker import run_reminders_once
from backend.settings import Settings
from backend.wiring import build_services
from tests.appointments.citizen import Citizen, book
from tests.fakes.faq import FakeFaq
from tests.reminders.life import beijing


async def reminders_said(services: Services) -> list[str]:
    async with services.db.reader() as session:
        bodies = await session.scalars(select(Message.body).where(Message.author == "bot"))
        return [b["text"] for b in bodies if (b or {}).get("notice") == "appointment.reminder"]


async def test_the_reminder_fires_once_across_a_restart(
    settings: Settings, clock: ManualClock
) -> None:
    first = build_services(settings, clock=clock, faq=FakeFaq())
    try:
        number = await book(Citizen(first, "u1"), "visit", "2026-11-25T09:30")
        clock.current = beijing("2026-11-24 08:59")
        await run_reminders_once(first)
        assert await reminders_said(first) == []
        clock.current = beijing("2026-11-24 09:00")
        await run_reminders_once(first)
    finally:
        await first.db.dispose()
    # A restart in the afternoon: the new process claims nothing twice.
    clock.current = beijing("2026-11-24 15:00")
    second = build_services(settings, clock=clock, faq=FakeFaq())
    try:
        await run_reminders_once(second)
        await run_reminders_once(second)
        said = await reminders_said(second)
        assert len(said) == 1
        assert "明天 11月25日（周三）09:30" in said[0] and number in said[0]
        async with second.db.reader() as session:
            statuses = list(await session.scalars(select(Reminder.status)))
            staff_notes = list(await session.scalars(select(StaffNotification)))
        assert statuses == ["fired"] and staff_notes == []  # the citizen's, not the queue's
    finally:
        await second.db.dispose()


async def test_a_cancelled_booking_is_not_reminded(services: Services, clock: ManualClock) -> None:
    citizen = Citizen(services, "u2")
    number = await book(citizen, "visit", "2026-11-25T09:30")
    await citizen.send("我的预约")
    await citizen.tap(f"cancel:{number}")
    await citizen.tap("yes")
    clock.current = beijing("2026-11-24 09:00")
    outcome = await run_reminders_once(services)
    assert [c.reason for c in outcome.claimed] == ["closed"]  # cancelled: the item closed
    assert await reminders_said(services) == []


async def test_a_moved_booking_is_reminded_for_its_new_day_only(
    services: Services, clock: ManualClock
) -> None:
    citizen = Citizen(services, "u3")
    number = await book(citizen, "visit", "2026-11-25T09:30")
    await citizen.send("我的预约")
    await citizen.tap(f"change:{number}")
    await citizen.tap("day:2026-11-26")
    await citizen.tap("slot:2026-11-26T10:00")
    await citizen.tap("yes")
    clock.current = beijing("2026-11-24 09:00")
    await run_reminders_once(services)
    clock.current = beijing("2026-11-25 09:00")
    await run_reminders_once(services)
    said = await reminders_said(services)
    assert len(said) == 1 and "11月26日（周四）10:00" in said[0]
