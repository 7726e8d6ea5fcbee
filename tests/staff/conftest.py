"""Staff API fixtures: accounts of each role, matters, and signed-in clients over real HTTP."""

from __future__ import annotations

import functools
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.container import Services
from backend.db.models import Conversation, Matter, StaffUser
from backend.services.accounts import hash_password
from backend.settings import Settings
from bot.app import create_app
from tests.fakes.live_server import live_server

PASSWORD = "correct-horse-battery"
ACCOUNTS = {
    "alice": "staff",
    "bob": "staff",
    "sam": "supervisor",
    "ada": "admin",
}


@functools.cache
def password_hash() -> str:
    """The argon2id hash of ``PASSWORD``, computed once per test run."""
    return hash_password(PASSWORD)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Test settings, with the edge rate limits raised so many logins in one test pass."""
    return Settings(
        env="test",
        database_url=database_url,
        data_dir=tmp_path,
        workers_enabled=False,
        rate_login_burst=1000,
        rate_ip_burst=10_000,
        rate_citizen_burst=1000,
    )


@pytest.fixture
async def accounts(services: Services) -> dict[str, int]:
    """One account per role (and a second staff member); username → id."""
    ids = {}
    now = services.clock.now()
    async with services.db.transaction() as session:
        for username, role in ACCOUNTS.items():
            user = StaffUser(
                username=username,
                role=role,
                password_hash=password_hash(),  # argon2id is slow by design: hash once
                display_name=username.title(),
                created_at=now,
            )
            session.add(user)
            await session.flush()
            ids[username] = user.id
    return ids


@pytest.fixture
async def base_url(services: Services, accounts: dict[str, int]) -> AsyncIterator[str]:
    """The real app over real HTTP on loopback."""
    async with live_server(create_app(services=services)) as url:
        yield url


@dataclass
class StaffClient:
    """An HTTP client with its own cookie jar that sends the CSRF token on every change."""

    http: httpx.AsyncClient
    csrf: str = ""
    user: dict[str, Any] = field(default_factory=dict)

    async def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        """Sign in and keep the CSRF token."""
        response = await self.http.post(
            "/api/staff/login", json={"username": username, "password": password}
        )
        if response.status_code == 200:
            self.csrf, self.user = response.json()["csrf_token"], response.json()["user"]
        return response

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        """GET."""
        return await self.http.get(path, **kwargs)

    async def post(self, path: str, json: Any = None, csrf: str | None = None) -> httpx.Response:
        """POST with the session's CSRF token (or the one given)."""
        headers = {"X-CSRF-Token": self.csrf if csrf is None else csrf}
        return await self.http.post(path, json=json if json is not None else {}, headers=headers)

    async def patch(self, path: str, json: Any) -> httpx.Response:
        """PATCH with the CSRF token."""
        return await self.http.patch(path, json=json, headers={"X-CSRF-Token": self.csrf})


@pytest.fixture
async def client_for(base_url: str) -> AsyncIterator[Any]:
    """``await client_for("alice")``: a signed-in client (``None`` → not signed in)."""
    opened: list[httpx.AsyncClient] = []

    async def make(username: str | None) -> StaffClient:
        http = httpx.AsyncClient(base_url=base_url, timeout=15)
        opened.append(http)
        client = StaffClient(http)
        if username is not None:
            assert (await client.login(username)).status_code == 200
        return client

    yield make
    for http in opened:
        await http.aclose()


async def make_matter(services: Services, **fields: Any) -> Matter:
    """A matter with its own web conversation (defaults: a complaint just received)."""
    now = services.clock.now()
    async with services.db.transaction() as session:
        conversation = Conversation(
            channel=fields.pop("channel", "web"),
            chat_key=fields.pop("chat_key", uuid.uuid4().hex),
            lang="zh-Hans",
            state={
                "v": 1,
                "lang": "zh-Hans",
                "flow": "menu",
                "step": "main",
                "data": {},
                "history": [],
                "mode": "bot",
                "started": True,
            },
            created_at=now,
            updated_at=now,
        )
        session.add(conversation)
        await session.flush()
        values: dict[str, Any] = {
            "kind": "complaint",
            "status": "received",
            "open": True,
            "conversation_id": conversation.id,
            "channel": conversation.channel,
            "received_at": now,
            "procedural_due": date(2026, 12, 1),
            "result_due": date(2027, 2, 23),
            "next_due": date(2026, 12, 1),
            "details": {"text": "老板拖欠工资三个月"},
            "created_at": now,
            "updated_at": now,
        }
        values.update(fields)
        matter = Matter(**values)
        session.add(matter)
    return matter


def days(n: int) -> timedelta:
    """``n`` days."""
    return timedelta(days=n)
