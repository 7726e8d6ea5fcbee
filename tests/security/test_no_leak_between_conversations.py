"""No response to one conversation ever contains another conversation's tracking number.

Two conversations (web chat API over ASGI, and the runtime directly on the terminal channel)
file complaints with hypothesis-chosen phones and facts, often the *same* phone and nearly the
same words. Whatever either does next (status, another complaint), every reply, transcript
entry and status answer may name only the conversation's own tracking numbers (issue 18: the
repeat rule used to tell citizen B citizen A's number).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.container import Services
from backend.runtime import ChannelMessage
from bot.app import create_app
from dialogs.types import Inbound
from tests.fakes.ratelimit import Unlimited
from tests.security.complaint_driver import Complainant, file_complaint, tracking_numbers

FRAGMENTS = [
    "我在城南工地干了八个月",
    "老板欠我两万三千元工资一直不给",
    "有欠条",
    "包工头跑了联系不上",
    "培训机构倒闭了孩子的学费八千元不退",
    "邻居占了我家的宅基地",
    "派出所一直不立案",
    "法院判了对方不执行",
]
PHONES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
FACTS = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4, unique=True).map("，".join)
TAIL = st.text(
    alphabet="的了在是我有他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里",
    max_size=12,
)


@pytest.fixture
async def web(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    services.rate_limiter = Unlimited()
    app = create_app(services=services)
    app.state.services = services
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


class WebCitizen:
    """A web chat session that keeps everything the API ever answered it."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http, self.answers, self.own = http, [], set()
        self.sid, self.auth = "", {}

    async def open(self) -> WebCitizen:
        body = (await self.http.post("/api/webchat/sessions", json={})).json()
        self.sid, self.auth = body["session_id"], {"Authorization": f"Bearer {body['token']}"}
        return self

    async def send(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        url = f"/api/webchat/sessions/{self.sid}/messages"
        response = await self.http.post(url, headers=self.auth, json=message)
        assert response.status_code == 200, response.text
        self.answers.append(response.text)
        return list(response.json()["replies"])

    async def transcript(self) -> str:
        url = f"/api/webchat/sessions/{self.sid}/messages"
        response = await self.http.get(url, headers=self.auth)
        self.answers.append(response.text)
        return response.text


class TerminalCitizen:
    """A conversation driven through the runtime (and so the engine) without HTTP."""

    def __init__(self, services: Services, chat: str) -> None:
        self.services, self.chat, self.answers, self.own = services, chat, [], set()

    async def send(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        inbound = Inbound(text=message.get("text", ""), button=message.get("button"))
        received = await self.services.runtime.receive(
            ChannelMessage("terminal", self.chat, inbound)
        )
        replies = [r.to_dict() for r in received.replies]
        self.answers.append(json.dumps(replies, ensure_ascii=False))
        return replies


def assert_only_own_numbers(citizen: Any) -> None:
    for answer in citizen.answers:
        foreign = tracking_numbers(answer) - citizen.own
        assert not foreign, f"a response named another conversation's number: {foreign}"


async def exchange(
    first: Any, second: Any, facts: str, again: str, phones: tuple[str, str]
) -> None:
    number, _ = await file_complaint(first.send, Complainant(facts, phones[0]))
    first.own.add(number)
    number, _ = await file_complaint(second.send, Complainant(again, phones[1]))
    second.own.add(number)
    for citizen in (second, first):
        await citizen.send({"button": "go:status"})  # this conversation's own matters
        await citizen.send({"button": "/menu"})
    for citizen in (first, second):
        if isinstance(citizen, WebCitizen):
            await citizen.transcript()
        assert_only_own_numbers(citizen)


CASES = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@CASES
@given(phone=PHONES, other=PHONES, same=st.booleans(), facts=FACTS, tail=TAIL, copy=st.booleans())
async def test_web_chats_never_see_each_others_numbers(
    web: httpx.AsyncClient,
    phone: str,
    other: str,
    same: bool,
    facts: str,
    tail: str,
    copy: bool,
) -> None:
    again = facts + tail if copy else tail + "，" + facts[::-1]
    first, second = await WebCitizen(web).open(), await WebCitizen(web).open()
    await exchange(first, second, facts, again, (phone, phone if same else other))


@CASES
@given(phone=PHONES, facts=FACTS, tail=TAIL)
async def test_the_engine_and_the_web_chat_never_cross(
    services: Services, web: httpx.AsyncClient, phone: str, facts: str, tail: str
) -> None:
    terminal = TerminalCitizen(services, uuid.uuid4().hex)  # a new person every example
    online = await WebCitizen(web).open()
    await exchange(terminal, online, facts, facts + tail, (phone, phone))
