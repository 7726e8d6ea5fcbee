"""Bounds, Unicode edge cases, malformed input, headers and session isolation over real HTTP."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import httpx
import pytest

from backend.ratelimit import RateLimiter
from backend.settings import Settings
from tests.fakes.ratelimit import Unlimited


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Small attachments, so the size limit is reached with small files."""
    return Settings(
        env="test",
        database_url=database_url,
        data_dir=tmp_path,
        workers_enabled=False,
        max_attachment_bytes=4096,
    )


@pytest.fixture
def rate_limiter() -> RateLimiter:
    """These tests send many messages on purpose."""
    return Unlimited()


def png(extra: bytes = b"") -> bytes:
    """A real 1×1 PNG (optionally padded with a text chunk)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"tEXt", b"c\x00" + extra)
    return (
        b"\x89PNG\r\n\x1a\n"
        + body
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


class Chat:
    """One web chat session."""

    def __init__(self, http: httpx.AsyncClient, sid: str, token: str) -> None:
        self.http, self.sid, self.auth = http, sid, {"Authorization": f"Bearer {token}"}

    @classmethod
    async def open(cls, http: httpx.AsyncClient) -> Chat:
        body = (await http.post("/api/webchat/sessions", json={})).json()
        return cls(http, body["session_id"], body["token"])

    async def post(self, **body: object) -> httpx.Response:
        url = f"/api/webchat/sessions/{self.sid}/messages"
        return await self.http.post(url, headers=self.auth, json=body)

    async def upload(self, content: bytes, name: str) -> httpx.Response:
        url = f"/api/webchat/sessions/{self.sid}/attachments"
        return await self.http.post(url, headers=self.auth, files={"file": (name, content)})

    async def inbound_texts(self) -> list[str]:
        url = f"/api/webchat/sessions/{self.sid}/messages"
        messages = (await self.http.get(url, headers=self.auth)).json()["messages"]
        return [m["text"] for m in messages if m["direction"] == "in"]


async def test_message_length_is_bounded_with_a_citizen_message(http: httpx.AsyncClient) -> None:
    chat = await Chat.open(http)
    assert (await chat.post(text="工" * 4000)).status_code == 200
    too_long = await chat.post(text="工" * 4001)
    assert too_long.status_code == 413 and "太长" in too_long.json()["error"]["message"]
    assert (await chat.post(text="工" * 200_000)).status_code == 422  # refused by the schema
    assert len(await chat.inbound_texts()) == 1


UNICODE_CASES = {
    "rtl_override": "\u202e老板拖欠工资\u202c",
    "zero_width_inside": "工\u200b资\u200d被拖欠",
    "control_chars": "\x00\x07老板\x1b拖欠工资\x7f",
    "emoji": "😀👍🏽👨‍👩‍👧 工资",
    "combining": "Z̤͔ͧ̑̓ä̖̭̈̇lͮ̒ͫǧ̗͚ö̜ 工资",
    "surrogate_like": "\ufffd\ufeff工资",
    "mixed_scripts": "مرحبا שלום 工资 Ἀθῆναι",
}


@pytest.mark.parametrize("case", sorted(UNICODE_CASES))
async def test_unicode_edge_cases_are_answered_and_stored_clean(
    http: httpx.AsyncClient, case: str
) -> None:
    chat = await Chat.open(http)
    response = await chat.post(text=UNICODE_CASES[case])
    assert response.status_code == 200 and response.json()["replies"]
    (stored,) = await chat.inbound_texts()
    assert not any(ch in stored for ch in "\u202e\u202c\u200b\u200d\x00\x07\x1b\x7f\ufeff")


@pytest.mark.parametrize("invisible", ["\u200b\u200b", "\u202e", "\x00\x01", "   \u3000"])
async def test_invisible_only_text_is_refused_as_empty(
    http: httpx.AsyncClient, invisible: str
) -> None:
    chat = await Chat.open(http)
    response = await chat.post(text=invisible)
    assert response.status_code == 422 and response.json()["error"]["code"] == "empty"


ODD_PAYLOADS = ("/start \x00", "fb:::", "go:", "faq:../../etc", "/lang xx", "call:", "💥")


async def test_odd_button_payloads_get_a_reply_that_leads_somewhere(
    http: httpx.AsyncClient,
) -> None:
    chat = await Chat.open(http)
    for payload in ODD_PAYLOADS:
        response = await chat.post(button=payload)
        assert response.status_code == 200, payload
        replies = response.json()["replies"]
        assert replies and all(r["text"].strip() for r in replies), payload
        assert replies[-1]["buttons"], f"{payload!r} ends in a dead end"  # a way on, always
    url = f"/api/webchat/sessions/{chat.sid}/messages"
    transcript = (await http.get(url, headers=chat.auth)).json()["messages"]
    assert [m["button"] for m in transcript if m["direction"] == "in"] == list(ODD_PAYLOADS)


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{not json", "application/json"),
        (b'{"text": 5}', "application/json"),
        (b'{"text": "a", "button": "b"}', "application/json"),
        (b"{}", "application/json"),
        (b"[]", "application/json"),
        (b"text=hello", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b'{"text": "\\ud800"}', "application/json"),
    ],
)
async def test_malformed_bodies_are_answered_with_4xx(
    http: httpx.AsyncClient, content: bytes, content_type: str
) -> None:
    chat = await Chat.open(http)
    response = await http.post(
        f"/api/webchat/sessions/{chat.sid}/messages",
        headers={**chat.auth, "Content-Type": content_type},
        content=content,
    )
    assert 400 <= response.status_code < 500 and "error" in response.json()


async def test_attachments_are_checked_by_content_size_and_number(
    http: httpx.AsyncClient,
) -> None:
    chat = await Chat.open(http)
    renamed = await chat.upload(png(), "evidence.exe")
    assert renamed.status_code == 200  # a real picture under a strange name is fine
    assert renamed.json()["replies"]  # and the conversation answers it
    url = f"/api/webchat/sessions/{chat.sid}/messages"
    [kept] = [
        m
        for m in (await http.get(url, headers=chat.auth)).json()["messages"]
        if m.get("attachments")
    ]
    assert kept["attachments"][0]["kind"] == "photo"
    fake = await chat.upload(b"MZ\x90\x00" + b"\x00" * 200, "photo.jpg")
    assert fake.status_code == 415 and fake.json()["error"]["code"] == "active_content"
    script = await chat.upload(b"<script>alert(1)</script>", "x.png")
    assert script.status_code == 415
    big = await chat.upload(png(b"x" * 5000), "big.png")
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
    assert (await chat.upload(b"", "empty.png")).status_code == 422
    no_file = await http.post(
        f"/api/webchat/sessions/{chat.sid}/attachments", headers=chat.auth, json={"x": 1}
    )
    assert no_file.status_code == 422
    for n in range(29):
        assert (await chat.upload(png(str(n).encode()), f"{n}.png")).status_code == 200
    too_many = await chat.upload(png(b"last"), "31.png")
    assert too_many.status_code == 422 and too_many.json()["error"]["code"] == "too_many"


PAGES = [
    "/",
    "/static/app.js",
    "/static/style.css",
    "/api/webchat/ui/zh-Hans",
    "/healthz",
    "/openapi.json",
    "/no-such-page",
    "/staff/login",
    "/staff",
]


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_has_the_security_headers(http: httpx.AsyncClient, path: str) -> None:
    response = await http.get(path)
    assert response.status_code < 500
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_a_token_opens_only_its_own_session(http: httpx.AsyncClient) -> None:
    mine, theirs = await Chat.open(http), await Chat.open(http)
    assert (await theirs.post(text="我的秘密 13812341234")).status_code == 200
    base = f"/api/webchat/sessions/{theirs.sid}"
    attempts = [
        http.get(f"{base}/messages", headers=mine.auth),
        http.post(f"{base}/messages", headers=mine.auth, json={"text": "hi"}),
        http.get(f"{base}/events", params={"token": mine.auth["Authorization"][7:]}),
        http.post(f"{base}/attachments", headers=mine.auth, files={"file": ("a.png", png())}),
        http.get(f"{base}/messages"),
        http.get(f"{base}/messages", headers={"Authorization": "Bearer x"}),
        http.get(f"{base}/messages", headers={"Authorization": f"Bearer {theirs.sid}"}),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 401, response.text
        assert "13812341234" not in response.text
    missing = await http.get("/api/webchat/sessions/nope/messages", headers=mine.auth)
    assert missing.status_code == 404


async def test_nul_bytes_anywhere_are_a_client_error_not_an_outage(
    http: httpx.AsyncClient,
) -> None:
    chat = await Chat.open(http)
    for path in ("/api/webchat/sessions/%00/messages", "/api/webchat/sessions/a%00/events"):
        response = await http.get(path, headers=chat.auth, params={"token": "x"})
        assert 400 <= response.status_code < 500, path
    for body in ({"text": "hi", "client_id": "a\x00b"}, {"button": "go:\x00"}, {"text": "\x00hi"}):
        response = await chat.post(**body)
        assert response.status_code < 500, body
