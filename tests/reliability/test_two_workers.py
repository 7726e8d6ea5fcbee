"""Two workers (two engines, as two ``frontdesk serve`` processes) on one PostgreSQL database.

One conversation's messages are handled one at a time and in order (the runtime locks the
conversation row), every inbound gets its replies, and each outbox row is sent once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.container import Services
from backend.db.models import Conversation, Message, OutboxItem
from backend.delivery import OutboxWorker, Outgoing, VirtualTimer
from backend.runtime import ChannelMessage
from backend.settings import Settings
from backend.wiring import build_services
from dialogs.types import Inbound
from tests.fakes.faq import FakeFaq

# Questions that always get an answer (转人工 would make the bot fall quiet while waiting).
QUESTIONS = (
    "老板拖欠工资怎么办",
    "子女不给赡养费怎么办",
    "帮助",
    "菜单",
    "怎么申请法律援助",
    "你好",
)


@pytest.fixture
async def workers(
    settings: Settings, services: Services
) -> AsyncIterator[tuple[Services, Services]]:
    if services.db.is_sqlite:
        pytest.skip("several workers need PostgreSQL")
    second = build_services(settings, clock=services.clock, faq=FakeFaq())
    try:
        yield services, second
    finally:
        await second.db.dispose()


def inbound(n: int, chat: str = "chat-1", channel: str = "terminal") -> ChannelMessage:
    text = f"{QUESTIONS[n % len(QUESTIONS)]}"
    return ChannelMessage(channel, chat, Inbound(text=text), message_key=f"m{n}")


async def test_one_conversation_is_handled_in_order_across_two_workers(
    workers: tuple[Services, Services],
) -> None:
    one, two = workers
    await one.runtime.receive(inbound(0))  # the conversation exists before the race
    results = await asyncio.gather(
        *((one if n % 2 else two).runtime.receive(inbound(n)) for n in range(1, 41))
    )
    assert all(r.replies and not r.duplicate for r in results)
    async with one.db.reader() as session:
        rows = list(await session.scalars(select(Message).order_by(Message.id)))
    inbound_ids = [r.id for r in rows if r.direction == "in"]
    assert len(inbound_ids) == 41
    # Each turn's rows are contiguous: an inbound, then only its own replies.
    current = None
    for row in rows:
        if row.direction == "in":
            current = row.id
        else:
            assert row.reply_to == current, "a turn interleaved with another"
    answered = {r.reply_to for r in rows if r.direction == "out"}
    assert set(inbound_ids) <= answered


async def test_the_first_messages_of_a_new_chat_race_safely(
    workers: tuple[Services, Services],
) -> None:
    one, two = workers
    attempts = await asyncio.gather(
        *((one if n % 2 else two).runtime.receive(inbound(n, "new")) for n in range(6)),
        return_exceptions=True,
    )
    # Two workers creating the same conversation: the unique key lets one win; the loser's
    # request fails cleanly (503 over HTTP, a redelivery on Telegram) and its retry succeeds.
    failed = [n for n, a in enumerate(attempts) if isinstance(a, BaseException)]
    assert all(isinstance(attempts[n], IntegrityError) for n in failed)
    for n in failed:
        await one.runtime.receive(inbound(n, "new"))
    async with one.db.reader() as session:
        conversations = await session.scalar(select(func.count()).select_from(Conversation))
        inbound_rows = await session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "in")
        )
    assert (conversations, inbound_rows) == (1, 6)


async def test_each_outbox_row_is_sent_once_across_two_senders(
    workers: tuple[Services, Services],
) -> None:
    one, two = workers
    for chat in range(6):
        for n in range(3):
            await one.runtime.receive(inbound(n, str(1000 + chat), channel="telegram"))
    async with one.db.reader() as session:
        expected = list(
            await session.scalars(select(OutboxItem.message_id).order_by(OutboxItem.id))
        )
    sent: list[tuple[str, int, str]] = []

    def sender(name: str):  # type: ignore[no-untyped-def]
        async def send(item: Outgoing) -> None:
            sent.append((name, item.message_id, item.chat_key))
            await asyncio.sleep(0)

        return send

    timer = VirtualTimer(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    senders = [
        OutboxWorker(s, "telegram", sender(name), timer=timer, poll=0.05)
        for name, s in (("a", one), ("b", two))
    ]
    tasks = [asyncio.create_task(w.run()) for w in senders]
    try:
        for _ in range(2000):  # until drained; a bound, not a timing assertion
            if len(sent) >= len(expected) and await _unsent(one) == 0:
                break
            await asyncio.sleep(0.01)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    ids = [m for _, m, _ in sent]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids))
    for chat in {c for _, _, c in sent}:
        in_chat = [m for _, m, c in sent if c == chat]
        assert in_chat == sorted(in_chat)
    assert {name for name, _, _ in sent} <= {"a", "b"}


async def _unsent(services: Services) -> int:
    async with services.db.reader() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(OutboxItem).where(OutboxItem.status != "sent")
            )
            or 0
        )
