"""Nothing is closed behind the citizen's back (the lost review's H1, H2, H3), over real HTTP.

A complaint closes after its result reached the citizen, or with a reason the citizen is told;
statuses that carry news are reached only by their reply. A handoff goes live only when a
person joins, and one nobody joined ends only with a reason the citizen hears, back with the
bot. Names the citizen says in the chat stay masked in the item and in the live stream.
"""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import AuditEntry, FollowUp, Matter, Message, StaffUser
from backend.staff.stream import last_message_id, messages_after
from tests.casework.intake import file_complaint
from tests.staff.conftest import make_matter
from tests.staff.test_live import chat_transcript, handoffs, open_chat, say
from tests.staff.test_loop_http import Citizen, row_of


def refused(response: httpx.Response) -> bool:
    return response.status_code == 409 and (
        response.json()["error"]["code"] in ("transition_not_allowed", "not_joined")
    )


async def test_a_complaint_closes_only_with_its_result_or_a_reason_the_citizen_is_told(
    base_url: str, client_for: Any, services: Services
) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=20) as http:
        citizen = Citizen(http)
        tracking_no = await file_complaint(citizen.send, await citizen.start())
        clerk = await client_for("alice")
        item_id = (await row_of(clerk, tracking_no))["id"]
        await clerk.post(f"/api/staff/items/{item_id}/claim")
        status_url = f"/api/staff/items/{item_id}/status"
        told_before = len(await citizen.transcript())

        # News for the citizen is not a status picked from a list: it goes by its reply.
        for news in ("not_ours", "transferred", "accepted", "answered"):
            assert refused(await clerk.post(status_url, {"status": news})), news
        assert refused(await clerk.post(status_url, {"status": "closed"}))
        bogus = {"status": "closed", "close_reason": "bored"}
        assert refused(await clerk.post(status_url, bogus))
        assert len(await citizen.transcript()) == told_before  # nothing was said or changed
        item = (await clerk.get(f"/api/staff/items/{item_id}")).json()
        assert item["status"] == "received" and item["allowed"]["transitions"] == ["closed"]
        assert "unreachable" in item["allowed"]["close_reasons"]

        why = {"status": "closed", "close_reason": "unreachable", "reason": "三次电话未接"}
        closed = await clerk.post(status_url, why)
        assert closed.status_code == 200 and closed.json()["open"] is False
        told = await citizen.transcript()
        assert f"您的事项（受理编号 {tracking_no}）经多次联系没能联系上您" in told[-2]["text"]
        assert told[-1]["ask"] == "csat"
        timeline = (await clerk.get(f"/api/staff/items/{item_id}")).json()["view"]["timeline"]
        assert any(
            "原因：联系不上群众" in e["text"] and "三次电话未接" in e["text"] for e in timeline
        )
    async with services.db.reader() as session:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "status").order_by(AuditEntry.id.desc())
        )
    assert entry is not None and entry.detail["close_reason"] == "unreachable"


async def test_a_handoff_nobody_joined_ends_with_a_reason_and_the_bot_takes_over(
    base_url: str, client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    citizen, sid = await open_chat(base_url)
    try:
        await say(citizen, sid, button="/start")
        await say(citizen, sid, text="转人工")
        [handoff] = await handoffs(services)
        chief = await client_for("sam")  # a supervisor, who may step in anywhere
        url = f"/api/staff/items/{handoff.id}"
        item = (await chief.get(url)).json()
        assert "active" not in item["allowed"]["transitions"]
        assert "leave" not in item["allowed"]["actions"]
        assert item["allowed"]["close_reasons"] == ["left", "called_back", "duplicate"]

        # 接待中 only by joining; ended only with a reason; leaving needs someone who joined.
        assert refused(await chief.post(f"{url}/status", {"status": "active"}))
        assert refused(await chief.post(f"{url}/leave"))
        assert refused(await chief.post(f"{url}/status", {"status": "closed"}))
        assert (await handoffs(services))[0].status == "waiting"

        ended = await chief.post(
            f"{url}/status", {"status": "closed", "close_reason": "called_back"}
        )
        assert ended.status_code == 200, ended.text
        assert ended.json()["assignee"]["display_name"] == "Sam"  # someone answers for it
        lines = await chat_transcript(citizen, sid)
        texts = [m["text"] for m in lines]
        assert any("已经打电话和您联系过" in t and "机器人继续为您服务" in t for t in texts)
        assert lines[-1]["ask"] == "menu" and all(m.get("ask") != "csat" for m in lines)
        after = await say(citizen, sid, text="老板拖欠工资怎么办")
        assert after and all("转给工作人员" not in r["text"] for r in after)  # the bot answers
        timeline = (await chief.get(url)).json()["view"]["timeline"]
        assert any("原因：已电话联系群众" in e["text"] for e in timeline)
    finally:
        await citizen.aclose()


async def test_a_joined_handoff_is_held_and_names_said_in_it_stay_masked(
    base_url: str, client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    citizen, sid = await open_chat(base_url)
    try:
        await say(citizen, sid, button="/start")
        await say(citizen, sid, text="转人工")
        [handoff] = await handoffs(services)
        staff = await client_for("alice")
        await staff.post(f"/api/staff/items/{handoff.id}/join")
        # Joined, the bot is silent: letting go of the item would leave the citizen with nobody.
        assert refused(await staff.post(f"/api/staff/items/{handoff.id}/release"))
        joined = (await staff.get(f"/api/staff/items/{handoff.id}")).json()
        assert "release" not in joined["allowed"]["actions"] and joined["assignee"] is not None
        await say(citizen, sid, text="我叫周大福，电话13566667777")
        after = await last_message_id(services)
        await say(citizen, sid, text="周大福的欠条在老乡那里")
        item = (await staff.get(f"/api/staff/items/{handoff.id}")).json()
        assert "周大福" not in str(item) and "13566667777" not in str(item)
        assert any("我叫周**" in m["text"] for m in item["transcript"])
        async with services.db.reader() as session:
            matter = await session.get(Matter, handoff.id)
            assert matter is not None and matter.conversation_id is not None
            conversation = matter.conversation_id
            assert await session.get(StaffUser, accounts["alice"]) is not None
        streamed = await messages_after(services, {conversation: handoff.id}, after)
        assert [e["message"]["text"] for e in streamed] == ["周**的欠条在老乡那里"]
    finally:
        await citizen.aclose()


async def test_each_reason_says_its_own_words_and_a_duplicate_gets_no_follow_up_visit(
    client_for: Any, services: Services
) -> None:
    clerk = await client_for("alice")
    told: dict[str, str] = {}
    for reason in ("duplicate", "withdrawn"):
        matter = await make_matter(services, tracking_no=f"C2611230000{len(told)}")
        closed = await clerk.post(
            f"/api/staff/items/{matter.id}/status", {"status": "closed", "close_reason": reason}
        )
        assert closed.status_code == 200, closed.text
        async with services.db.reader() as session:
            bodies = [
                dict(m.body or {})
                for m in await session.scalars(
                    select(Message)
                    .where(Message.conversation_id == matter.conversation_id)
                    .order_by(Message.id)
                )
            ]
            visits = await session.scalar(
                select(func.count()).select_from(FollowUp).where(FollowUp.matter_id == matter.id)
            )
        told[reason] = str(bodies[0]["text"])  # told why first, then asked how we did
        assert [b.get("ask") for b in bodies] == [None, "csat"]
        assert visits == (0 if reason == "duplicate" else 1)
    assert "合并" in told["duplicate"] and "撤回" in told["withdrawn"]
