"""After filing: each milestone reaches the citizen in words and shows in 查询进度; the
monthly progress reminder goes on until the item is closed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.container import Services
from backend.db.models import Matter, Message, Reminder, StaffUser
from backend.staff.labels import labels_for
from backend.staff.replies import ReplyRequest, send_reply
from backend.staff.templates import templates_for
from tests.eligibility_flow.test_eligibility_application_runtime import _interview, _msg

STEPS: list[tuple[str, dict[str, str], str, str]] = [
    # (template, values, the citizen reads, 查询进度 shows)
    ("procedural_accepted", {}, "依法受理", "工作人员答复"),
    (
        "hearing_scheduled",
        {"hearing_time": "12月10日上午9点", "hearing_place": "您家里（上门听证）"},
        "定于12月10日上午9点在您家里（上门听证）举行听证",
        "安排听证：12月10日上午9点，您家里（上门听证）",
    ),
    ("support_decided", {}, "决定支持您向人民法院起诉", "检察院决定支持起诉"),
    ("filed_in_court", {"court": "某区人民法院"}, "向某区人民法院起诉", "已向某区人民法院起诉"),
    ("judged", {"judgment": "被告支付工资两万三千元。"}, "两万三千元", "法院作出判决"),
    ("enforcement_applied", {"court": "某区人民法院"}, "申请强制执行", "申请强制执行"),
    ("paid", {"amount": "两万三千元"}, "已经执行到位：两万三千元", "执行到位"),
]


async def _application(services: Services) -> Matter:
    await _interview(services, "worker")
    for step in ({"button": "none"}, {"button": "confirm"}):
        await services.runtime.receive(_msg("worker", **step))
    async with services.db.reader() as session:
        matter = await session.scalar(select(Matter).where(Matter.kind == "application"))
    assert matter is not None
    return matter


async def test_every_milestone_reaches_the_citizen_and_shows_in_the_status_look_up(
    services: Services, accounts: dict[str, int]
) -> None:
    matter = await _application(services)
    async with services.db.reader() as session:
        clerk = await session.get(StaffUser, accounts["alice"])
    assert clerk is not None
    for template, values, citizen_reads, status_shows in STEPS:
        await send_reply(services, clerk, matter.id, ReplyRequest(template, "", values))
        async with services.db.reader() as session:
            last = await session.scalar(
                select(Message.body).where(Message.author == "staff").order_by(Message.id.desc())
            )
        assert citizen_reads in last["text"], (template, last["text"])
        looked = (await services.runtime.receive(_msg("worker", button="go:status"))).replies
        assert status_shows in looked[-1].text, (template, looked[-1].text)
    async with services.db.reader() as session:
        done = await session.get(Matter, matter.id)
        assert done is not None and (done.status, done.open) == ("paid", True)
        # A month after the last milestone the next progress reply is due, and the monthly
        # reminder is still planned while the item is open.
        assert done.next_due is not None and done.next_due.isoformat() == "2026-12-23"
        kinds = set(
            await session.scalars(select(Reminder.kind).where(Reminder.matter_id == matter.id))
        )
    assert "progress" in kinds


async def test_milestones_are_offered_only_where_they_fit(
    services: Services, accounts: dict[str, int]
) -> None:
    matter = await _application(services)
    offered = _offered(services, matter)
    assert "filed_in_court" not in offered and "paid" not in offered  # nothing decided yet
    async with services.db.reader() as session:
        clerk = await session.get(StaffUser, accounts["alice"])
    assert clerk is not None
    await send_reply(services, clerk, matter.id, ReplyRequest("procedural_accepted", "", {}))
    await send_reply(services, clerk, matter.id, ReplyRequest("support_decided", "", {}))
    async with services.db.reader() as session:
        supported = await session.get(Matter, matter.id)
    assert supported is not None
    offered = _offered(services, supported)
    assert "filed_in_court" in offered and "support_decided" not in offered


def _offered(services: Services, matter: Matter) -> set[Any]:
    today = services.clock.now().date()
    rows = templates_for(
        matter, services.settings.timezone, today, labels_for("zh-Hans"), "zh-Hans"
    )
    return {row["key"] for row in rows}
