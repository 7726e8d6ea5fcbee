"""Follow-through on both databases: the dashboard's breakdowns and trend, the figures CSV,
follow-up reminders that do not nag, the search index rebuilt and erased, handoff targets."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import FollowUp, Matter, MatterTerm, StaffNotification
from backend.services.privacy import anonymise_matter
from backend.services.reminder_worker import run_reminders_once
from backend.services.search_terms import reindex
from tests.staff.conftest import make_matter


async def test_breakdowns_per_kind_and_caseworker_and_the_8_week_trend(
    client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    now = services.clock.now()
    bob = accounts["bob"]
    await make_matter(  # replied in time and closed this week
        services,
        assignee_id=bob,
        received_at=now - timedelta(days=10),
        procedural_due=date(2026, 11, 20),
        procedural_replied_at=now - timedelta(days=9),
        open=False,
        status="closed",
        closed_at=now - timedelta(days=1),
        next_due=None,
    )
    await make_matter(  # missed its procedural reply: overdue now
        services,
        assignee_id=bob,
        received_at=now - timedelta(days=12),
        procedural_due=date(2026, 11, 18),
        next_due=date(2026, 11, 18),
    )
    await make_matter(services, kind="application", received_at=now - timedelta(days=20))
    sam = await client_for("sam")
    board = (await sam.get("/api/staff/dashboard")).json()
    (person,) = [row for row in board["by_staff"] if row["staff_id"] == bob]
    assert person["display_name"] == "Bob" and person["received"] == 2
    assert person["closed"] == 1 and person["open"] == 1 and person["overdue"] == 1
    assert person["procedural_in_time"] == {"counted": 2, "in_time": 1, "percent": 50.0}
    kinds = {row["kind"]: row for row in board["by_kind"]}
    assert kinds["application"]["received"] == 1 and kinds["complaint"]["received"] == 2
    trend = board["trend"]
    assert len(trend) == 8 and trend[-1]["week"] == "2026-11-23"  # this Monday's week
    assert [w["received"] for w in trend[-4:]] == [1, 2, 0, 0] and trend[-2]["closed"] == 1
    exported = await sam.get("/api/staff/dashboard.csv")
    assert exported.status_code == 200 and exported.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["类型", "收到", "办结"] and "7日内程序性回复" in rows[0]
    assert ["控告申诉", "2", "1", "1", "1", "50.0%"] in [row[:6] for row in rows]
    assert any(row[:1] == ["Bob"] for row in rows)
    alice = await client_for("alice")
    assert (await alice.get("/api/staff/dashboard.csv")).status_code == 403


async def test_a_followup_recorded_early_is_not_reminded(
    client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    matter = await make_matter(
        services,
        status="answered",
        assignee_id=accounts["alice"],
        result_replied_at=services.clock.now(),
        first_response_at=services.clock.now(),
    )
    alice = await client_for("alice")
    closed = await alice.post(f"/api/staff/items/{matter.id}/status", {"status": "closed"})
    assert closed.status_code == 200, closed.text
    early = await alice.post(
        f"/api/staff/items/{matter.id}/followup",
        {"status": "unreachable", "method": "phone", "note": "电话停机"},
    )
    assert early.status_code == 200, early.text
    services.clock.advance(days=8)  # type: ignore[attr-defined]
    await run_reminders_once(services)
    async with services.db.reader() as session:
        notices = await session.scalar(
            select(func.count())
            .select_from(StaffNotification)
            .where(StaffNotification.kind == "followup")
        )
        followup = await session.scalar(select(FollowUp))
    assert notices == 0
    assert followup is not None and followup.status == "unreachable" and followup.note == "电话停机"


async def test_no_followup_when_switched_off_or_for_a_handoff(
    client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    services.settings.followup_days = 0
    matter = await make_matter(
        services,
        status="answered",
        result_replied_at=services.clock.now(),
        first_response_at=services.clock.now(),
    )
    alice = await client_for("alice")
    await alice.post(f"/api/staff/items/{matter.id}/status", {"status": "closed"})
    async with services.db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(FollowUp)) == 0
    services.settings.followup_days = 7
    handoff = await make_matter(services, kind="handoff", status="active", next_due=None)
    await alice.post(f"/api/staff/items/{handoff.id}/leave")
    async with services.db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(FollowUp)) == 0


async def test_older_matters_are_indexed_and_erasure_removes_the_terms(
    client_for: Any, services: Services
) -> None:
    old = await make_matter(
        services,
        tracking_no="C25010100001",
        contact_name="周小燕",
        contact_phone="13511112222",
        details={"facts": "邻居占了我家的宅基地"},
    )
    alice = await client_for("alice")

    async def found(q: str) -> list[int]:
        body = (await alice.get("/api/staff/queue", params={"q": q})).json()
        return [i["id"] for i in body["items"]]

    assert await found("宅基地") == []  # received before the index existed
    assert await reindex(services.db) > 0
    assert await reindex(services.db) == 0  # nothing new the second time
    assert await found("宅基地") == [old.id] and await found("2222") == [old.id]
    async with services.db.transaction() as session:
        matter = await session.get(Matter, old.id)
        assert matter is not None
        await anonymise_matter(session, matter)
    async with services.db.reader() as session:
        left = await session.scalar(
            select(func.count()).select_from(MatterTerm).where(MatterTerm.matter_id == old.id)
        )
    assert left == 0 and await found("周小燕") == []


async def test_a_request_for_a_person_gets_a_response_target(services: Services) -> None:
    from backend.runtime import ChannelMessage
    from dialogs.types import Inbound

    await services.runtime.receive(ChannelMessage("terminal", "t1", Inbound(text="你好")))
    await services.runtime.receive(ChannelMessage("terminal", "t1", Inbound(text="转人工")))
    async with services.db.reader() as session:
        handoff = await session.scalar(select(Matter).where(Matter.kind == "handoff"))
    assert handoff is not None and handoff.respond_by is not None
    assert handoff.respond_by - handoff.received_at == timedelta(minutes=10)  # Monday 10:00
