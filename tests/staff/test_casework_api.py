"""The console's casework API on both databases: search, filters, pinned waiting citizens,
templates that fit, supervisors assigning, handoff conversion, and the case page in words."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from backend.container import Services
from backend.db.models import Matter, MatterEvent, Message
from backend.services.search_terms import add_terms
from tests.staff.conftest import make_matter

CODES = re.compile(r"\b(received|awaiting_material|support_apply|complaint|application|handoff)\b")


async def indexed(services: Services, **fields: Any) -> Matter:
    """A matter with its search terms, as the intake leaves it."""
    matter = await make_matter(services, **fields)
    async with services.db.transaction() as session:
        facts = str((matter.details or {}).get("facts") or "")
        await add_terms(session, matter.id, [facts, matter.contact_name], matter.contact_phone)
    return matter


async def test_search_by_number_name_phone_tail_and_words(
    client_for: Any, services: Services
) -> None:
    wages = await indexed(
        services,
        tracking_no="C26112300001",
        contact_name="王建国",
        contact_phone="13912348888",
        details={"facts": "包工头拖欠我们十二个人的工资"},
    )
    school = await indexed(
        services,
        tracking_no="C26112300002",
        contact_name="李红",
        contact_phone="13700001234",
        details={"facts": "培训机构关门了不退学费"},
    )
    client = await client_for("alice")

    async def found(q: str) -> list[int]:
        body = (await client.get("/api/staff/queue", params={"q": q})).json()
        return [item["id"] for item in body["items"]]

    assert await found("c2611230000") == [wages.id, school.id]  # a number's start, any case
    assert await found("C26112300002") == [school.id]
    assert await found("王建国") == [wages.id] and await found("建国") == [wages.id]
    assert await found("8888") == [wages.id] and await found("1234") == [school.id]
    assert await found("学费") == [school.id] and await found("拖欠工资") == []
    assert await found("拖欠我们") == [wages.id]
    assert await found("張") == []  # one character is too little to search by
    assert await found("退學費") == [school.id]  # Traditional finds Simplified


async def test_status_is_a_list_and_the_quick_filters_work(
    client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    waiting = await make_matter(services, status="awaiting_material")
    accepted = await make_matter(services, status="accepted", assignee_id=accounts["alice"])
    soon = await make_matter(services, next_due=date(2026, 11, 24))
    await make_matter(services, next_due=date(2026, 11, 20))  # overdue
    replied = await make_matter(services, citizen_replied_at=services.clock.now())
    client = await client_for("alice")

    async def ids(**params: Any) -> set[int]:
        response = await client.get("/api/staff/queue", params=params)
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]}

    assert await ids(status=["awaiting_material", "accepted"]) == {waiting.id, accepted.id}
    assert await ids(due="due_soon") == {soon.id}
    assert await ids(assignee="me") == {accepted.id}
    assert await ids(replied="true") == {replied.id}
    counts = (await client.get("/api/staff/queue")).json()["counts"]
    assert counts["replied"] == 1 and counts["overdue"] == 1


async def test_a_waiting_citizen_is_pinned_first_with_the_waiting_time(
    client_for: Any, services: Services
) -> None:
    now = services.clock.now()
    await make_matter(services, urgent=True, next_due=date(2026, 11, 20))
    handoff = await make_matter(
        services,
        kind="handoff",
        status="waiting",
        next_due=None,
        procedural_due=None,
        result_due=None,
        received_at=now - timedelta(minutes=14),
        respond_by=now - timedelta(minutes=4),
    )
    client = await client_for("alice")
    first = (await client.get("/api/staff/queue")).json()["items"][0]
    assert first["id"] == handoff.id
    assert first["waiting"]["minutes"] == 14 and first["waiting"]["over"] is True
    assert first["waiting"]["label"] == "等待接入 14 分钟，已超过 10 分钟的响应目标"
    assert first["kind_label"] == "转人工" and first["status_label"] == "等待接待"


async def test_an_application_asks_for_material_and_can_be_declined(
    client_for: Any, services: Services
) -> None:
    application = await make_matter(
        services,
        kind="application",
        tracking_no="A26112300003",
        outcome="support_apply",
        details={"facts": {"matter": "wages"}, "answers": {"respondent": "某劳务公司"}},
    )
    client = await client_for("alice")
    offered = (await client.get("/api/staff/templates", params={"item": application.id})).json()
    keys = [t["key"] for t in offered["templates"]]
    assert "procedural_more_material" in keys and "procedural_transferred" not in keys
    sent = await client.post(
        f"/api/staff/items/{application.id}/reply",
        {"template": "procedural_more_material", "values": {"materials": "劳动合同"}},
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "awaiting_material"
    declined = await client.post(
        f"/api/staff/items/{application.id}/reply",
        {"template": "declined", "values": {"reason": "已经有律师代理"}},
    )
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"
    complaint = await make_matter(services)
    wrong = await client.post(
        f"/api/staff/items/{complaint.id}/reply",
        {"template": "declined", "values": {"reason": "x"}},
    )
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "template_not_for_kind"


async def test_a_supervisor_sees_colleagues_and_their_workload(
    client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    await make_matter(services, assignee_id=accounts["bob"])
    await make_matter(services, assignee_id=accounts["bob"])
    sam = await client_for("sam")
    users = (await sam.get("/api/staff/assignees")).json()["users"]
    bob = next(u for u in users if u["id"] == accounts["bob"])
    assert bob == {
        "id": accounts["bob"],
        "display_name": "Bob",
        "role": "staff",
        "languages": ["zh"],
        "open": 2,
    }
    assert "username" not in bob
    alice = await client_for("alice")
    assert (await alice.get("/api/staff/assignees")).status_code == 403


async def test_a_handoff_becomes_a_complaint_carrying_what_the_citizen_said(
    client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    handoff = await make_matter(
        services, kind="handoff", status="active", next_due=None, assignee_id=accounts["alice"]
    )
    now = services.clock.now()
    async with services.db.transaction() as session:
        for text in ("我叫刘大海，电话13655558888", "老板欠我八千块钱不给"):
            session.add(
                Message(
                    conversation_id=handoff.conversation_id,
                    direction="in",
                    author="citizen",
                    body={"text": text},
                    created_at=now,
                )
            )
    client = await client_for("alice")
    form = (await client.get(f"/api/staff/items/{handoff.id}/convert")).json()
    assert form["name"] == "刘大海" and form["phone"] == "13655558888"
    assert "八千块钱" in form["facts"]
    created = await client.post(
        f"/api/staff/items/{handoff.id}/convert",
        {"kind": "complaint", **form, "request": "要回工资"},
    )
    assert created.status_code == 201, created.text
    row = created.json()
    assert row["kind"] == "complaint" and row["tracking_no"].startswith("C261123")
    assert row["name"] == "刘**" and row["assignee"]["id"] == accounts["alice"]
    async with services.db.reader() as session:
        old = await session.get(Matter, handoff.id)
        said = (
            await session.scalars(
                select(Message)
                .where(Message.conversation_id == handoff.conversation_id)
                .order_by(Message.id)
            )
        ).all()
        events = (await session.scalars(select(MatterEvent.kind))).all()
    assert old is not None and not old.open and old.status == "closed"
    assert row["tracking_no"] in said[-1].body["text"]  # the citizen is told the number
    assert "converted" in events and "converted_from" in events
    again = await client.post(
        f"/api/staff/items/{handoff.id}/convert", {"kind": "complaint", "facts": "x"}
    )
    assert again.status_code == 409


async def test_the_case_page_is_words_not_codes(client_for: Any, services: Services) -> None:
    application = await make_matter(
        services,
        kind="application",
        tracking_no="A26112300009",
        outcome="arbitration_first",
        contact_name="赵六",
        contact_phone="13800001111",
        flags="limitation_risk",
        details={
            "facts": {"matter": "wages", "relationship": "employment", "has_iou": "no"},
            "answers": {"respondent": "某某建筑公司", "amount": "23000", "people": 3},
            "trace": [
                {
                    "id": "wages_arbitrate_first",
                    "kind": "rule",
                    "step": "5a",
                    "status": "matched",
                    "checks": [
                        {"test": "has_iou = no", "fact": "has_iou", "actual": "no", "result": True}
                    ],
                },
                {
                    "id": "not_civil",
                    "kind": "rule",
                    "step": "1",
                    "status": "skipped",
                    "checks": [
                        {
                            "test": "matter in [criminal, administrative]",
                            "fact": "matter",
                            "actual": "wages",
                            "result": False,
                        }
                    ],
                },
            ],
        },
    )
    client = await client_for("alice")
    view = (await client.get(f"/api/staff/items/{application.id}")).json()["view"]
    rows = {r["label"]: r["value"] for r in view["summary_rows"]}
    assert rows["群众"] == "赵*" and rows["电话"] == "138****1111"
    assert rows["对方"] == "某某建筑公司" and rows["金额"] == "23,000 元"
    assert rows["人数"] == "3 人" and rows["标记"] == "时效风险"
    assert rows["程序性回复期限"] == "2026年12月1日前 · 还剩 8 天"
    facts = {r["label"]: r["value"] for r in view["fact_rows"]}
    assert facts["什么事"] == "讨要工资" and facts["有没有欠条"] == "没有"
    assert facts["预审结论"] == "先申请劳动仲裁"
    (decided, skipped) = view["trace"]
    assert decided["text"] == "第5a条 劳动关系欠薪须先仲裁：适用，因为有没有欠条是“没有”"
    assert skipped["text"].startswith(
        "第1条 刑事、行政的事不属于民事支持起诉：不适用，因为什么事是“讨要工资”"
    )
    words = str(view["summary_rows"]) + str(view["fact_rows"]) + str(view["trace"])
    assert not CODES.search(words) and '{"' not in words


async def test_the_handoff_response_target_counts_office_minutes(services: Services) -> None:
    hours = services.office_hours
    friday_evening = datetime(2026, 11, 27, 9, 25, tzinfo=UTC)  # 17:25 in Beijing
    target = hours.add_working_minutes(friday_evening, 10)
    assert target.astimezone(hours.timezone).strftime("%m-%d %H:%M") == "11-30 09:05"
    lunch = datetime(2026, 11, 23, 3, 55, tzinfo=UTC)  # 11:55, the desk closes at 12:00
    assert (
        hours.add_working_minutes(lunch, 10).astimezone(hours.timezone).strftime("%H:%M") == "13:35"
    )
