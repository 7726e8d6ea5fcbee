"""Live handoff through both APIs (staff console and web chat), over real HTTP."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import Matter, MatterEvent


async def open_chat(base_url: str) -> tuple[httpx.AsyncClient, str]:
    citizen = httpx.AsyncClient(base_url=base_url, timeout=15)
    created = (await citizen.post("/api/webchat/sessions", json={"lang": "zh-Hans"})).json()
    citizen.headers["Authorization"] = f"Bearer {created['token']}"
    return citizen, created["session_id"]


async def say(citizen: httpx.AsyncClient, sid: str, **body: str) -> list[dict[str, Any]]:
    response = await citizen.post(f"/api/webchat/sessions/{sid}/messages", json=body)
    assert response.status_code == 200, response.text
    replies: list[dict[str, Any]] = response.json()["replies"]
    return replies


async def chat_transcript(citizen: httpx.AsyncClient, sid: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = (
        await citizen.get(f"/api/webchat/sessions/{sid}/messages")
    ).json()["messages"]
    return messages


async def handoffs(services: Services) -> list[Matter]:
    async with services.db.reader() as session:
        return list(await session.scalars(select(Matter).where(Matter.kind == "handoff")))


async def test_live_handoff_both_ways(client_for: Any, services: Services, base_url: str) -> None:
    citizen, sid = await open_chat(base_url)
    try:
        await say(citizen, sid, button="/start")
        await say(citizen, sid, text="转人工")
        again = await say(citizen, sid, text="转人工")  # a repeated 转人工 makes no second handoff
        assert "已经在为您转接" in again[0]["text"]
        [handoff] = await handoffs(services)
        staff = await client_for("alice")
        queue = (await staff.get("/api/staff/queue", params={"kind": "handoff"})).json()
        assert [i["id"] for i in queue["items"]] == [handoff.id]

        joined = await staff.post(f"/api/staff/items/{handoff.id}/join")
        assert joined.status_code == 200 and joined.json()["status"] == "active"
        assert joined.json()["assignee"]["display_name"] == "Alice"
        sent = await staff.post(
            f"/api/staff/items/{handoff.id}/message", {"text": "您好，我是小李"}
        )
        assert sent.status_code == 201
        lines = await chat_transcript(citizen, sid)
        assert "Alice" in lines[-2]["text"]  # the engine says who joined
        assert lines[-1]["text"] == "您好，我是小李" and lines[-1]["author"] == "staff"

        quiet = await say(citizen, sid, text="老板拖欠工资怎么办")
        assert quiet == []  # the bot stays silent while a person is there
        item = (await staff.get(f"/api/staff/items/{handoff.id}")).json()
        assert item["transcript"][-1]["text"] == "老板拖欠工资怎么办"
        assert item["transcript"][-1]["direction"] == "in"

        left = await staff.post(f"/api/staff/items/{handoff.id}/leave")
        assert left.status_code == 200 and left.json()["open"] is False
        after = [
            m for m in await chat_transcript(citizen, sid) if m["id"] > sent.json()["message_id"]
        ]
        texts = [m["text"] for m in after]
        assert any("机器人继续为您服务" in t for t in texts)
        survey = after[-1]
        assert [b["payload"] for b in survey["buttons"]] == [
            f"csat:{handoff.id}:satisfied",
            f"csat:{handoff.id}:basically",
            f"csat:{handoff.id}:unsatisfied",
        ]
        talking = await say(citizen, sid, text="老板拖欠工资怎么办")
        assert talking and "劳动监察" in talking[0]["text"]  # the bot speaks again

        rated = await say(citizen, sid, button=f"csat:{handoff.id}:basically")
        assert rated[0]["buttons"][0]["payload"] == f"csat:{handoff.id}:nocomment"
        await say(citizen, sid, text="工作人员很耐心")
        async with services.db.reader() as session:
            stored = await session.get(Matter, handoff.id)
            comments = await session.scalar(
                select(func.count()).where(MatterEvent.kind == "satisfaction")
            )
        assert stored is not None and stored.satisfaction == "basically" and comments == 2
        assert len(await handoffs(services)) == 1
    finally:
        await citizen.aclose()


async def test_a_survey_button_for_someone_elses_matter_changes_nothing(
    client_for: Any, services: Services, base_url: str
) -> None:
    citizen, sid = await open_chat(base_url)
    other, other_sid = await open_chat(base_url)
    try:
        await say(other, other_sid, button="/start")
        await say(other, other_sid, text="转人工")
        [handoff] = await handoffs(services)
        await say(citizen, sid, button="/start")
        await say(citizen, sid, button=f"csat:{handoff.id}:unsatisfied")
        async with services.db.reader() as session:
            stored = await session.get(Matter, handoff.id)
        assert stored is not None and stored.satisfaction is None
    finally:
        await citizen.aclose()
        await other.aclose()


async def test_only_the_holder_writes_and_a_stranger_cannot_join(
    client_for: Any, services: Services, base_url: str
) -> None:
    citizen, sid = await open_chat(base_url)
    try:
        await say(citizen, sid, text="转人工")
        [handoff] = await handoffs(services)
        alice, bob = await client_for("alice"), await client_for("bob")
        early = await alice.post(f"/api/staff/items/{handoff.id}/message", {"text": "hi"})
        assert early.status_code == 409 and early.json()["error"]["code"] == "not_joined"
        assert (await alice.post(f"/api/staff/items/{handoff.id}/join")).status_code == 200
        stranger = await bob.post(f"/api/staff/items/{handoff.id}/join")
        assert stranger.status_code == 409 and stranger.json()["error"]["code"] == "already_claimed"
        assert (await bob.post(f"/api/staff/items/{handoff.id}/leave")).status_code == 409
    finally:
        await citizen.aclose()


async def test_the_stream_tells_staff_of_a_new_handoff_and_of_messages(
    client_for: Any, services: Services, base_url: str
) -> None:
    staff = await client_for("alice")
    citizen, sid = await open_chat(base_url)
    events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def listen() -> None:
        async with staff.http.stream("GET", "/api/staff/stream") as response:
            assert response.status_code == 200
            name = ""
            async for line in response.aiter_lines():
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    await events.put((name, json.loads(line[6:])))

    async def next_event(kind: str) -> Any:
        while True:
            name, data = await asyncio.wait_for(events.get(), 30)
            if name == kind:
                return data

    listener = asyncio.create_task(listen())
    try:
        await next_event("ready")
        await say(citizen, sid, text="转人工")
        [handoff] = await handoffs(services)
        news = await next_event("queue")
        assert {"id": handoff.id, "kind": "handoff", "urgent": False} in news["new_items"]
        await staff.post(f"/api/staff/items/{handoff.id}/join")
        await say(citizen, sid, text="在吗")
        while (message := await next_event("message"))["message"]["text"] != "在吗":
            pass
        assert message["item_id"] == handoff.id
    finally:
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
        await citizen.aclose()
