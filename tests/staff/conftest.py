"""Staff API fixtures: limits raised for many sign-ins, and matters to work on (the accounts and
the signed-in clients are the shared ones of ``tests/conftest.py``)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from backend.container import Services
from backend.db.models import Conversation, Matter
from backend.settings import Settings


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
