"""Restarts and forgotten hooks: nothing fires twice, nothing that fell due while down is lost."""

from __future__ import annotations

from sqlalchemy import select

from backend.clock import ManualClock
from backend.container import Services
from backend.db.models import Matter, Reminder
from backend.settings import Settings
from backend.wiring import build_services
from tests.fakes.faq import FakeFaq
from tests.reminders.life import Fired, at, beijing, counts, open_complaint


async def test_restart_mid_life_catches_up_without_duplicates(
    settings: Settings, clock: ManualClock
) -> None:
    first = build_services(settings, clock=clock, faq=FakeFaq())
    try:
        # B: received Thursday 11-19, reply due Thursday 11-26, warned Tuesday 11-24.
        clock.current = beijing("2026-11-19 10:00")
        await open_complaint(first, tracking_no="C26111900001")
        # A: received Monday 11-23, reply due Monday 11-30, warned Thursday 11-26.
        clock.current = beijing("2026-11-23 10:00")
        await open_complaint(first, tracking_no="C26112300002")
        fired = await at(first, "2026-11-24 09:00")
        assert fired == [Fired("procedural_due_soon", "2026-11-26", "staff", "2026-11-24 09:00")]
    finally:
        await first.db.dispose()

    # Down from 11-24 09:00 to 12-02 12:00: B's miss (11-27), A's warning (11-26) and A's
    # miss (12-01) all fell due. A's warning is moot: its due date passed, the miss covers it.
    clock.current = beijing("2026-12-02 12:00")
    second = build_services(settings, clock=clock, faq=FakeFaq())
    try:
        fired = await at(second, "2026-12-02 12:00")
        assert sorted((item.kind, item.due_on) for item in fired) == [
            ("procedural_missed", "2026-11-26"),
            ("procedural_missed", "2026-11-30"),
        ]
        assert await at(second, "2026-12-02 12:01") == []
        assert (await counts(second))["notices"] == 3
        assert (await counts(second))["events"] == 3
    finally:
        await second.db.dispose()


async def test_the_sweeper_covers_a_matter_opened_without_the_hook(services: Services) -> None:
    await open_complaint(services, hook=False)
    assert (await counts(services))["pending"] == 0
    fired = await at(services, "2026-11-23 10:05")
    assert fired == []
    assert (await counts(services))["pending"] == 5
    fired = await at(services, "2026-11-26 09:00")
    assert [item.kind for item in fired] == ["procedural_due_soon"]


async def test_the_sweeper_fires_what_is_already_overdue(services: Services) -> None:
    # A matter written before reminders existed, looked at for the first time after its miss.
    await open_complaint(services, hook=False)
    fired = await at(services, "2026-12-01 10:00")
    assert [(item.kind, item.to) for item in fired] == [("procedural_missed", "supervisor")]
    async with services.db.reader() as session:
        kinds = set(await session.scalars(select(Reminder.kind)))
    # The warning was never planned: its due date had passed when the sweeper first saw it.
    assert "procedural_due_soon" not in kinds


async def test_the_sweeper_leaves_matters_without_clocks_alone(services: Services) -> None:
    async with services.db.transaction() as session:
        session.add(Matter(kind="handoff", status="waiting", open=True, channel="web"))
        session.add(
            Matter(kind="complaint", status="received", open=True, channel="web", anonymous=True)
        )
    await at(services, "2026-11-23 10:05")
    assert await counts(services) == {"notices": 0, "events": 0, "pending": 0}


async def test_a_long_outage_fires_one_progress_reminder_not_one_per_month(
    services: Services,
) -> None:
    await open_complaint(services)
    # Nothing ran from 11-23 until 2027-06-10: both misses and three progress dates passed.
    fired = await at(services, "2027-06-10 10:00")
    assert [(item.kind, item.due_on) for item in fired] == [
        ("procedural_missed", "2026-11-30"),
        ("result_missed", "2027-02-23"),
        ("progress", "2027-03-23"),
    ]
    assert await at(services, "2027-06-18 09:00") == []
    fired = await at(services, "2027-06-21 09:00")
    assert [(item.kind, item.due_on) for item in fired] == [("progress", "2027-06-23")]
