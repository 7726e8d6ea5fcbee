"""A complaint's life on a manual clock: each reminder fires once, at its time, to the right people.

Received Monday 2026-11-23 10:00 Beijing: procedural reply due Monday 11-30 (so the warning two
working days before falls on Thursday 11-26, across the weekend), result reply due Tuesday
2027-02-23, then monthly progress.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from backend.container import Services
from backend.db.models import Matter, Reminder
from backend.services.reminders import on_matter_opened
from tests.reminders.life import (
    Fired,
    add_staff,
    at,
    beijing,
    counts,
    live_through,
    open_complaint,
    update_matter,
)


def days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


async def test_planned_rows_and_their_times(services: Services) -> None:
    matter_id = await open_complaint(services)
    async with services.db.reader() as session:
        rows = list(await session.scalars(select(Reminder).order_by(Reminder.fire_at)))
    planned = [(r.kind, r.due_on.isoformat(), r.fire_at, r.status) for r in rows]
    assert planned == [
        ("procedural_due_soon", "2026-11-30", beijing("2026-11-26 09:00"), "pending"),
        ("procedural_missed", "2026-11-30", beijing("2026-12-01 09:00"), "pending"),
        ("result_due_soon", "2027-02-23", beijing("2027-02-19 09:00"), "pending"),
        ("result_missed", "2027-02-23", beijing("2027-02-24 09:00"), "pending"),
        ("progress", "2027-03-23", beijing("2027-03-19 09:00"), "pending"),
    ]
    assert all(r.matter_id == matter_id and r.fire_at.tzinfo is not None for r in rows)


async def test_each_reminder_fires_once_through_a_whole_life(services: Services) -> None:
    matter_id = await open_complaint(services)
    assert await at(services, "2026-11-26 08:59") == []
    fired = await at(services, "2026-11-26 09:00")
    assert fired == [Fired("procedural_due_soon", "2026-11-30", "staff", "2026-11-26 09:00")]
    assert await at(services, "2026-11-26 09:01") == []
    fired += await live_through(services, days("2026-11-27", "2027-05-25"))
    await update_matter(services, matter_id, open=False, status="closed")
    fired += await live_through(services, days("2027-05-26", "2027-08-01"))
    assert fired == [
        Fired("procedural_due_soon", "2026-11-30", "staff", "2026-11-26 09:00"),
        Fired("procedural_missed", "2026-11-30", "supervisor", "2026-12-01 09:00"),
        Fired("result_due_soon", "2027-02-23", "staff", "2027-02-19 09:00"),
        Fired("result_missed", "2027-02-23", "supervisor", "2027-02-24 09:00"),
        Fired("progress", "2027-03-23", "staff", "2027-03-19 09:00"),
        Fired("progress", "2027-04-23", "staff", "2027-04-21 09:00"),
        Fired("progress", "2027-05-24", "staff", "2027-05-20 09:00"),
    ]
    assert await counts(services) == {"notices": 7, "events": 7, "pending": 0}


async def test_no_procedural_reminder_after_the_reply_is_recorded(services: Services) -> None:
    matter_id = await open_complaint(services)
    replied = beijing("2026-11-25 15:00")
    await update_matter(services, matter_id, procedural_replied_at=replied)
    fired = await live_through(services, days("2026-11-24", "2026-12-05"))
    assert fired == []
    async with services.db.reader() as session:
        statuses = dict(
            (r.kind, r.status)
            for r in await session.scalars(select(Reminder).where(Reminder.kind.like("proc%")))
        )
    assert statuses == {"procedural_due_soon": "fired", "procedural_missed": "fired"}


async def test_assignee_gets_due_soon_and_progress(services: Services) -> None:
    clerk = await add_staff(services, "clerk", "staff")
    await open_complaint(services, assignee_id=clerk.id)
    fired = await at(services, "2026-11-26 09:00")
    assert fired == [
        Fired("procedural_due_soon", "2026-11-30", f"staff:{clerk.id}", "2026-11-26 09:00")
    ]
    fired = await at(services, "2026-12-01 09:00")
    assert [item.to for item in fired] == ["supervisor"]


async def test_warning_crosses_the_national_day_holiday(services: Services) -> None:
    # Received Thursday 2026-09-24: day 7 is 10-01 (国庆, off until 10-07) so the reply is due
    # Thursday 10-08; two working days before that are 09-30 and 09-29.
    services.clock.current = beijing("2026-09-24 10:00")
    await open_complaint(services)
    assert await at(services, "2026-09-28 09:00") == []
    assert await at(services, "2026-09-29 08:59") == []
    fired = await at(services, "2026-09-29 09:00")
    assert fired == [Fired("procedural_due_soon", "2026-10-08", "staff", "2026-09-29 09:00")]
    fired = await live_through(services, days("2026-09-30", "2026-10-09"))
    assert fired == [Fired("procedural_missed", "2026-10-08", "supervisor", "2026-10-09 09:00")]


async def test_result_reply_stops_result_reminders_but_progress_goes_on(
    services: Services,
) -> None:
    matter_id = await open_complaint(services)
    await update_matter(
        services,
        matter_id,
        procedural_replied_at=beijing("2026-11-24 10:00"),
        result_replied_at=beijing("2027-02-01 10:00"),
    )
    fired = await live_through(services, days("2026-11-24", "2027-03-20"))
    assert [(item.kind, item.due_on) for item in fired] == [("progress", "2027-03-23")]


async def test_planning_is_idempotent_and_moved_due_dates_get_new_rows(
    services: Services,
) -> None:
    matter_id = await open_complaint(services)
    async with services.db.transaction() as session:
        matter = await session.get(Matter, matter_id)
        assert matter is not None
        assert await on_matter_opened(session, matter, services) == 0
        matter.procedural_due = date(2026, 12, 2)
        assert await on_matter_opened(session, matter, services) == 2
    fired = await live_through(services, days("2026-11-24", "2026-12-03"))
    assert [(item.kind, item.due_on) for item in fired] == [
        ("procedural_due_soon", "2026-12-02"),
        ("procedural_missed", "2026-12-02"),
    ]
