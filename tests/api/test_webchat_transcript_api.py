"""The web chat transcript is the conversation: taps by their labels, words as typed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from backend.container import Services
from bot.app import create_app
from tests.fakes.live_server import live_server


@pytest.fixture
async def client(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        live_server(create_app(services=services)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as http,
    ):
        yield http


async def test_taps_and_words_are_kept_as_the_citizen_gave_them(client: httpx.AsyncClient) -> None:
    created = (await client.post("/api/webchat/sessions", json={})).json()
    sid, auth = created["session_id"], {"Authorization": f"Bearer {created['token']}"}
    url = f"/api/webchat/sessions/{sid}/messages"
    await client.post(url, headers=auth, json={"button": "/start"})
    menu = await client.post(url, headers=auth, json={"button": "go:faq", "label": "法律咨询"})
    assert menu.status_code == 200
    typed = "老板说：“下个月给”，（三个月）还没给！"
    await client.post(url, headers=auth, json={"text": typed})
    old = await client.post(url, headers=auth, json={"button": "go:complaint", "label": "我要投诉"})
    assert old.json()["replies"][-1]["ask"] == "consent"
    stale = await client.post(url, headers=auth, json={"button": "confirm", "label": "确认提交"})
    [reply] = stale.json()["replies"]
    assert reply["text"].startswith("这一步已经过去了") and reply["buttons"]

    messages = (await client.get(url, headers=auth)).json()["messages"]
    inbound = [m for m in messages if m["direction"] == "in"]
    assert [(m.get("button"), m.get("label")) for m in inbound if m.get("button")] == [
        ("/start", None),
        ("go:faq", "法律咨询"),
        ("go:complaint", "我要投诉"),
        ("confirm", "确认提交"),
    ]
    assert [m["text"] for m in inbound if m["text"]] == [typed]  # full-width punctuation kept
    numbered = [b for m in messages for b in m["buttons"] if "number" in b]
    assert numbered and all(isinstance(b["number"], int) for b in numbered)
