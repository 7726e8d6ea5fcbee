"""The web chat API over real HTTP (uvicorn on loopback), on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest

from backend.container import Services


async def open_session(http: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    created = await http.post("/api/webchat/sessions", json={"lang": "zh-Hans"})
    assert created.status_code == 201
    body = created.json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}"}


async def test_a_whole_exchange(http: httpx.AsyncClient) -> None:
    sid, auth = await open_session(http)
    start = await http.post(
        f"/api/webchat/sessions/{sid}/messages", headers=auth, json={"button": "/start"}
    )
    assert start.status_code == 200
    replies = start.json()["replies"]
    assert "检察服务前台" in replies[0]["text"]
    menu = replies[-1]
    assert menu["ask"] == "menu" and {"label", "payload"} <= set(menu["buttons"][0])
    assert set(menu) >= {"text", "buttons", "ask", "outcome", "tracking_no"}
    answer = await http.post(
        f"/api/webchat/sessions/{sid}/messages", headers=auth, json={"text": "老板拖欠工资怎么办"}
    )
    assert "劳动监察" in answer.json()["replies"][0]["text"]
    transcript = (await http.get(f"/api/webchat/sessions/{sid}/messages", headers=auth)).json()
    directions = [m["direction"] for m in transcript["messages"]]
    assert directions[0] == "in" and directions.count("in") == 2
    assert all({"direction", "text", "buttons", "at"} <= set(m) for m in transcript["messages"])
    ids = [m["id"] for m in transcript["messages"]]
    assert ids == sorted(ids)


async def test_retried_message_with_the_same_client_id_is_not_duplicated(
    http: httpx.AsyncClient,
) -> None:
    sid, auth = await open_session(http)
    body = {"text": "转人工", "client_id": "abc-1"}
    first = await http.post(f"/api/webchat/sessions/{sid}/messages", headers=auth, json=body)
    second = await http.post(f"/api/webchat/sessions/{sid}/messages", headers=auth, json=body)
    assert second.json()["duplicate"] is True
    assert second.json()["replies"] == first.json()["replies"]
    transcript = (await http.get(f"/api/webchat/sessions/{sid}/messages", headers=auth)).json()
    assert sum(m["direction"] == "in" for m in transcript["messages"]) == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": ""}, 422, "empty"),
        ({"text": "   \t  "}, 422, "empty"),
        ({"text": "\u200b\u200b"}, 422, "empty"),
        ({"text": "字" * 100_001}, 422, "invalid"),
        ({"text": "字" * 5000}, 413, "too_long"),
        ({}, 422, "invalid"),
        ({"text": "a", "button": "/menu"}, 422, "invalid"),
        ({"button": "x" * 500}, 422, "invalid"),
        ({"text": 5}, 422, "invalid"),
    ],
)
async def test_bad_messages_get_a_clear_4xx_and_store_nothing(
    http: httpx.AsyncClient, body: dict[str, object], status: int, code: str
) -> None:
    sid, auth = await open_session(http)
    response = await http.post(f"/api/webchat/sessions/{sid}/messages", headers=auth, json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    transcript = (await http.get(f"/api/webchat/sessions/{sid}/messages", headers=auth)).json()
    assert transcript["messages"] == []


async def test_control_characters_are_cleaned_not_rejected(http: httpx.AsyncClient) -> None:
    sid, auth = await open_session(http)
    response = await http.post(
        f"/api/webchat/sessions/{sid}/messages",
        headers=auth,
        json={"text": "老板\x00拖欠\x07工资\u202e怎么办"},
    )
    assert response.status_code == 200
    transcript = (await http.get(f"/api/webchat/sessions/{sid}/messages", headers=auth)).json()
    assert transcript["messages"][0]["text"] == "老板拖欠工资怎么办"


async def test_invalid_json_is_a_400(http: httpx.AsyncClient) -> None:
    sid, auth = await open_session(http)
    response = await http.post(
        f"/api/webchat/sessions/{sid}/messages",
        headers={**auth, "Content-Type": "application/json"},
        content=b"{not json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


async def test_unknown_session_and_wrong_token(http: httpx.AsyncClient) -> None:
    sid, auth = await open_session(http)
    _other, other_auth = await open_session(http)
    unknown = await http.post(
        "/api/webchat/sessions/nope/messages", headers=auth, json={"text": "hi"}
    )
    assert unknown.status_code == 404
    wrong = await http.get(f"/api/webchat/sessions/{sid}/messages", headers=other_auth)
    assert wrong.status_code == 401
    missing = await http.get(f"/api/webchat/sessions/{sid}/messages")
    assert missing.status_code == 401
    events = await http.get(f"/api/webchat/sessions/{sid}/events?token=forged")
    assert events.status_code == 401


async def test_events_stream_later_messages(http: httpx.AsyncClient, services: Services) -> None:
    from backend.db.models import Conversation
    from backend.runtime.outbox import write_outbound

    sid, auth = await open_session(http)
    await http.post(
        f"/api/webchat/sessions/{sid}/messages", headers=auth, json={"button": "/start"}
    )
    ticket = (await http.post(f"/api/webchat/sessions/{sid}/stream-tickets", headers=auth)).json()[
        "ticket"
    ]
    last = (await http.get(f"/api/webchat/sessions/{sid}/messages", headers=auth)).json()
    after = last["messages"][-1]["id"]
    async with http.stream(
        "GET", f"/api/webchat/sessions/{sid}/events", params={"ticket": ticket, "after": after}
    ) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        async with services.db.transaction() as session:
            conversation = await session.get(Conversation, sid)
            assert conversation is not None
            write_outbound(
                session,
                conversation,
                {"text": "工作人员：您好", "buttons": []},
                author="staff",
                now=services.clock.now(),
            )
        services.notifier.notify(sid)
        data = ""
        async for line in stream.aiter_lines():
            if line.startswith("data:"):
                data = line
                break
    assert "工作人员：您好" in data and '"author": "staff"' in data


async def test_uploads_are_checked_by_content(http: httpx.AsyncClient) -> None:
    sid, auth = await open_session(http)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    ok = await http.post(
        f"/api/webchat/sessions/{sid}/attachments",
        headers=auth,
        files={"file": ("工资条.png", png, "image/png")},
    )
    assert ok.status_code == 200, ok.text
    fake = await http.post(
        f"/api/webchat/sessions/{sid}/attachments",
        headers=auth,
        files={"file": ("photo.png", b"MZ\x90\x00 not an image", "image/png")},
    )
    assert fake.status_code == 415 and "照片" in fake.json()["error"]["message"]
    transcript = (await http.get(f"/api/webchat/sessions/{sid}/messages", headers=auth)).json()
    inbound = [m for m in transcript["messages"] if m["direction"] == "in"]
    assert len(inbound) == 1 and inbound[0]["attachments"][0]["kind"] == "photo"


async def test_pages_carry_security_headers(http: httpx.AsyncClient) -> None:
    page = await http.get("/")
    assert page.status_code == 200 and "检察服务前台" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    ui = await http.get("/api/webchat/ui/en")
    assert ui.json()["send"] == "Send"
    health = await http.get("/healthz")
    assert health.json() == {"status": "ok"}
