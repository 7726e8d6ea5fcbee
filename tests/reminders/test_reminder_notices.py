"""Staff notices: who sees which, marking read, and the text in the reader's language."""

from __future__ import annotations

import pytest

from backend.container import Services
from backend.db.models import StaffNotification, StaffUser
from backend.services.reminder_notices import new_notification
from backend.services.reminders import list_notifications, mark_read, notification_text
from tests.reminders.life import add_staff, at, beijing, open_complaint


async def _seen_by(services: Services, user: StaffUser) -> list[tuple[str, str | None]]:
    async with services.db.reader() as session:
        rows = await list_notifications(session, user)
    return [(row.kind, row.role) for row in rows]


async def test_each_notice_reaches_the_right_people(services: Services) -> None:
    clerk = await add_staff(services, "clerk", "staff")
    other = await add_staff(services, "other", "staff")
    boss = await add_staff(services, "boss", "supervisor")
    await open_complaint(services, tracking_no="C26112300001", assignee_id=clerk.id)
    await open_complaint(services, tracking_no="C26112300002")
    await at(services, "2026-11-26 09:00")
    await at(services, "2026-12-01 09:00")

    assert await _seen_by(services, clerk) == [
        ("procedural_due_soon", "staff"),
        ("procedural_due_soon", None),
    ]
    assert await _seen_by(services, other) == [("procedural_due_soon", "staff")]
    assert await _seen_by(services, boss) == [
        ("procedural_missed", "supervisor"),
        ("procedural_missed", "supervisor"),
        ("procedural_due_soon", "staff"),
    ]


async def test_mark_read_only_what_you_may_see(services: Services) -> None:
    clerk = await add_staff(services, "clerk", "staff")
    boss = await add_staff(services, "boss", "supervisor")
    await open_complaint(services)
    await at(services, "2026-12-01 09:00")
    async with services.db.reader() as session:
        (missed,) = await list_notifications(session, boss)
    now = beijing("2026-12-01 09:30")
    async with services.db.transaction() as session:
        assert not await mark_read(session, clerk, missed.id, now)
        assert await mark_read(session, boss, missed.id, now)
        assert not await mark_read(session, boss, missed.id, now)
    assert await _seen_by(services, boss) == []
    async with services.db.reader() as session:
        everything = await list_notifications(session, boss, unread_only=False)
    assert [(row.read_by, row.read_at) for row in everything] == [(boss.id, now)]


async def test_the_text_is_rendered_from_the_catalog(services: Services) -> None:
    await open_complaint(services, tracking_no="C26112300007")
    await at(services, "2026-11-26 09:00")
    boss = await add_staff(services, "boss", "supervisor")
    async with services.db.reader() as session:
        (notice,) = await list_notifications(session, boss)
    assert notification_text(notice) == "C26112300007：程序性回复将于 2026-11-30 到期，请及时答复。"
    assert "due on 2026-11-30" in notification_text(notice, "en")
    assert set(notice.params) == {"tracking_no", "matter_id", "matter_kind", "due_on"}


def test_a_notice_has_exactly_one_audience() -> None:
    now = beijing("2026-11-23 10:00")
    with pytest.raises(ValueError):
        new_notification(kind="progress", matter_id=1, params={}, now=now)
    with pytest.raises(ValueError):
        new_notification(kind="progress", matter_id=1, params={}, now=now, staff_id=1, role="x")
    notice = new_notification(kind="progress", matter_id=1, params={}, now=now, role="staff")
    assert isinstance(notice, StaffNotification) and notice.text_key == "reminders.progress"
