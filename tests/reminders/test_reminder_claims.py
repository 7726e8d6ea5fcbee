"""Claiming: concurrent claimers never fire a reminder twice; the worker loop stops cleanly."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from backend.clock import ManualClock
from backend.container import Services
from backend.db.models import MatterEvent, Reminder, StaffNotification
from backend.services.reminder_worker import Claimed, claim_due_reminders, run_reminders
from backend.services.reminders import reminder_config
from backend.settings import Settings
from backend.wiring import build_services
from tests.fakes.faq import FakeFaq
from tests.reminders.life import beijing, counts, open_complaint

MATTERS = 40


async def _claim_until_empty(services: Services, limit: int) -> list[Claimed]:
    claimed: list[Claimed] = []
    config = reminder_config(services)
    while batch := await claim_due_reminders(
        services.db, services.clock.now(), limit, config=config
    ):
        claimed += batch
    return claimed


async def _open_many(services: Services) -> None:
    for n in range(MATTERS):
        await open_complaint(services, tracking_no=f"C261123{n:05d}")


async def _assert_each_fired_once(services: Services, claimed: list[Claimed]) -> None:
    ids = [item.reminder_id for item in claimed]
    assert len(ids) == len(set(ids)) == MATTERS
    assert all(item.fired and item.kind == "procedural_due_soon" for item in claimed)
    async with services.db.reader() as session:
        notices = await session.scalar(select(func.count()).select_from(StaffNotification))
        per_matter = await session.execute(
            select(MatterEvent.matter_id, func.count())
            .where(MatterEvent.kind == "reminder_fired")
            .group_by(MatterEvent.matter_id)
        )
        attempts = set(await session.scalars(select(Reminder.attempts).where(Reminder.id.in_(ids))))
    assert notices == MATTERS
    assert {count for _, count in per_matter} == {1}
    assert attempts == {1}


async def test_two_services_claiming_at_once_never_share_a_reminder(
    settings: Settings, clock: ManualClock, services: Services
) -> None:
    await _open_many(services)
    clock.current = beijing("2026-11-26 09:30")
    if services.db.is_sqlite:
        # One process per SQLite file: two claimers share the process's write lock.
        other = services
    else:
        other = build_services(settings, clock=clock, faq=FakeFaq())
    try:
        first, second = await asyncio.gather(
            _claim_until_empty(services, 3), _claim_until_empty(other, 3)
        )
    finally:
        if other is not services:
            await other.db.dispose()
    await _assert_each_fired_once(services, first + second)
    if not services.db.is_sqlite:
        assert first and second, "both PostgreSQL claimers should have taken some rows"


async def test_the_worker_fires_then_stops_on_cancellation(services: Services) -> None:
    await open_complaint(services)
    services.clock.current = beijing("2026-11-26 09:00")
    task = asyncio.create_task(run_reminders(services))
    # The waiter is registered before the task first runs, so the wake-up cannot be missed.
    assert await services.notifier.wait("staff", timeout=30)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()
    assert (await counts(services))["notices"] == 1
