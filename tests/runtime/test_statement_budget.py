"""The turn's statement budget, counted on SQLite and PostgreSQL so it cannot silently grow.

A statement is one trip to the database as the driver sees it: on PostgreSQL as SQLAlchemy
hands it to asyncpg (``before_cursor_execute``), on SQLite as ``sqlite3`` runs it (its trace
callback on the turn's connection, so the statements ``backend.db.prepared`` runs past
SQLAlchemy count too). A multi-row insert counts once. Transaction control (BEGIN, COMMIT) is
not counted. The common turn — a question, a menu tap, a repeated delivery — stays
within five; a channel that reads the transcript (web, terminal) needs no outbox insert.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from backend.container import Services
from backend.db.prepared import sqlite_driver
from backend.runtime import ChannelMessage
from bot.app import create_app
from dialogs.types import Inbound
from tests.fakes.live_server import live_server
from tests.fakes.ratelimit import Unlimited

BUDGET = 5


class Statements:
    """The statements one block sent, as (verb, first words) for a readable failure."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __len__(self) -> int:
        return len(self.seen)

    def record(self, statement: str) -> None:
        words = " ".join(statement.split()[:4])
        if not words.upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            self.seen.append(words)


@asynccontextmanager
async def counted(services: Services) -> AsyncIterator[Statements]:
    """Count the statements run on the services' database inside the block.

    On SQLite the turn's connection (the writer) is traced by ``sqlite3`` itself; statements
    on any other connection are seen as SQLAlchemy sends them.
    """
    statements = Statements()
    writer = None
    if services.db.is_sqlite:
        async with services.db.writer() as connection:
            writer = sqlite_driver(connection)
        assert writer is not None

    def sent(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if (
            writer is None
            or getattr(conn.connection.driver_connection, "sqlite", None) is not writer
        ):
            statements.record(statement)

    engine = services.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", sent)
    if writer is not None:
        writer.set_trace_callback(statements.record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", sent)
        if writer is not None:
            writer.set_trace_callback(None)


def said(channel: str, text: str = "", button: str | None = None, key: str | None = None) -> Any:
    chat = "10001" if channel == "telegram" else "chat-1"
    return ChannelMessage(channel, chat, Inbound(text=text, button=button), message_key=key)


@pytest.mark.parametrize(
    ("channel", "budget"),
    [("terminal", 4), ("telegram", BUDGET)],  # telegram also writes the replies' outbox rows
)
async def test_common_turns_stay_within_the_budget(
    services: Services, channel: str, budget: int
) -> None:
    await services.runtime.receive(said(channel, "/start", key="0"))  # the chat exists now
    turns = [
        said(channel, button="go:faq", key="1"),
        said(channel, "老板拖欠工资不给怎么办", key="2"),
        said(channel, "菜单", key="3"),
        said(channel, "3", key="4"),
        said(channel, "你好"),  # no channel message id
    ]
    for message in turns:
        async with counted(services) as statements:
            received = await services.runtime.receive(message)
        assert received.replies, message
        assert len(statements) <= budget, (message.inbound, statements.seen)


async def test_a_repeated_delivery_costs_two_statements_and_runs_nothing(
    services: Services,
) -> None:
    first = await services.runtime.receive(said("telegram", "老板拖欠工资不给怎么办", key="7"))
    async with counted(services) as statements:
        again = await services.runtime.receive(said("telegram", "老板拖欠工资不给怎么办", key="7"))
    assert again.duplicate and [r.text for r in again.replies] == [r.text for r in first.replies]
    # find the conversation; the insert that finds the key taken; the first replies
    assert len(statements) == 3, statements.seen


async def test_the_state_is_written_once_even_when_an_effect_runs(services: Services) -> None:
    await services.runtime.receive(said("terminal", "/start"))
    async with counted(services) as statements:
        await services.runtime.receive(said("terminal", "转人工"))  # opens a handoff matter
    updates = [s for s in statements.seen if s.upper().startswith("UPDATE CONVERSATIONS")]
    assert len(updates) == 1, statements.seen


async def test_a_confirmed_complaint_writes_its_conversation_once(services: Services) -> None:
    from tests.runtime.test_complaints import intake

    lines = intake()
    for line in lines[:-1]:
        tapped = line.startswith("!")
        await services.runtime.receive(
            said("terminal", "" if tapped else line, button=line[1:] if tapped else None)
        )
    async with counted(services) as statements:
        confirmed = await services.runtime.receive(said("terminal", button="confirm"))
    assert any(r.tracking_no for r in confirmed.replies)
    updates = [s for s in statements.seen if s.upper().startswith("UPDATE CONVERSATIONS")]
    assert len(updates) == 1, statements.seen  # has_matter rides along with the state
    # conversation, inbound, repeat check (this conversation's matters, then a possible
    # repeat from another one, linked for staff only), tracking number, matter, its event,
    # audit, search terms, reminders, state, replies
    assert len(statements) <= 12, statements.seen
    async with services.db.reader() as session:
        from sqlalchemy import select

        from backend.db.models import Conversation

        conversation = await session.scalar(select(Conversation))
    assert conversation is not None and conversation.has_matter


@pytest.fixture
async def http(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    services.rate_limiter = Unlimited()
    async with (
        live_server(create_app(services=services)) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        yield client


async def test_a_web_chat_turn_checks_its_token_inside_the_turn(
    services: Services, http: httpx.AsyncClient
) -> None:
    opened = (await http.post("/api/webchat/sessions", json={})).json()
    path = f"/api/webchat/sessions/{opened['session_id']}/messages"
    auth = {"Authorization": f"Bearer {opened['token']}"}
    for n, body in enumerate(
        [{"text": "你好"}, {"button": "go:faq"}, {"text": "老板拖欠工资不给怎么办"}]
    ):
        async with counted(services) as statements:
            response = await http.post(path, headers=auth, json={**body, "client_id": f"c{n}"})
        assert response.status_code == 200 and response.json()["replies"]
        assert len(statements) <= 4, statements.seen  # no separate token look-up, no outbox
    async with counted(services) as statements:
        wrong = await http.post(path, headers={"Authorization": "Bearer nope"}, json={"text": "x"})
    assert wrong.status_code == 401
    assert len(statements) == 1, statements.seen  # refused on the row the turn read; nothing kept
