"""The lean turn path's promises: outbox rows only where a sender delivers, notices through the
runtime, replays from the index, effects beyond the round limit logged as an error."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import FaqMiss, Message, OutboxItem
from backend.effects import EffectContext
from backend.runtime import ChannelMessage
from backend.runtime.turns import MAX_EFFECT_ROUNDS
from dialogs.engine import handle
from dialogs.types import Context, Effect, Event, Inbound, Reply, Turn


def said(channel: str, text: str, key: str | None = None, chat: str = "4242") -> ChannelMessage:
    return ChannelMessage(channel, chat, Inbound(text=text), message_key=key)


async def rows(services: Services, model: type) -> list[Any]:
    async with services.db.reader() as session:
        return list(await session.scalars(select(model).order_by(model.id)))  # type: ignore[attr-defined]


async def test_replies_on_telegram_wait_in_the_outbox_in_order(services: Services) -> None:
    received = await services.runtime.receive(said("telegram", "/start", key="u1"))
    outbox = await rows(services, OutboxItem)
    messages = {m.id: m for m in await rows(services, Message)}
    assert len(outbox) == len(received.replies) >= 1
    assert all(o.status == "pending" and o.chat_key == "4242" for o in outbox)
    assert [messages[o.message_id].body["text"] for o in outbox] == [
        r.text for r in received.replies
    ]


async def test_replies_on_the_web_and_terminal_are_only_in_the_transcript(
    services: Services,
) -> None:
    await services.runtime.receive(said("terminal", "/start", key="t1"))
    await services.runtime.receive(said("web", "/start", key="w1", chat="web-chat"))
    assert await rows(services, OutboxItem) == []
    assert len([m for m in await rows(services, Message) if m.direction == "out"]) >= 2


async def test_a_notice_is_recorded_once_and_sent_through_the_outbox(services: Services) -> None:
    message = said("telegram", "", key="bot:99")
    first = await services.runtime.notice(message, "telegram.unsupported", unsupported="sticker")
    again = await services.runtime.notice(message, "telegram.unsupported", unsupported="sticker")
    assert first.replies and not first.duplicate and again.duplicate
    inbound, reply = await rows(services, Message)
    assert inbound.body == {"text": "", "button": None, "unsupported": "sticker", "attachments": []}
    assert inbound.inbox_key == "bot:99" and reply.reply_to == inbound.id
    [owed] = await rows(services, OutboxItem)
    assert owed.message_id == reply.id


async def test_a_replay_finds_its_own_replies_among_many_turns(services: Services) -> None:
    first = await services.runtime.receive(said("terminal", "老板拖欠工资不给怎么办", key="a"))
    for n in range(5):
        await services.runtime.receive(said("terminal", "菜单", key=f"b{n}"))
    again = await services.runtime.receive(said("terminal", "something else", key="a"))
    assert again.duplicate
    assert [r.text for r in again.replies] == [r.text for r in first.replies]


class Captured(logging.Handler):
    """The records a logger emitted during a test."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def runtime_log() -> Iterator[Captured]:
    handler, logger = Captured(), logging.getLogger("frontdesk.runtime")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


async def test_effects_beyond_the_round_limit_are_an_error_not_a_silent_drop(
    services: Services, runtime_log: Captured
) -> None:
    asked = MAX_EFFECT_ROUNDS + 3

    def greedy(state: dict[str, Any], inbound: Inbound, ctx: Context) -> Turn:
        if inbound.text != "loop":
            return handle(state, inbound, ctx)
        effects = [Effect("record_faq_miss", {"question": f"q{n}"}) for n in range(asked)]
        return Turn(state=state, replies=[Reply("好的")], effects=effects)

    services.runtime.engine = greedy
    received = await services.runtime.receive(said("terminal", "loop", key="x"))
    assert [r.text for r in received.replies] == ["好的"]  # the citizen is still answered
    assert len(await rows(services, FaqMiss)) == MAX_EFFECT_ROUNDS
    [error] = [r for r in runtime_log.records if r.levelno == logging.ERROR]
    assert error.getMessage() == "effects beyond the round limit were not run"
    assert error.dropped == ["record_faq_miss"] * (asked - MAX_EFFECT_ROUNDS)  # type: ignore[attr-defined]


async def test_a_failing_effect_leaves_nothing_of_the_turn(services: Services) -> None:
    def with_effect(state: dict[str, Any], inbound: Inbound, ctx: Context) -> Turn:
        return Turn(
            state={**state, "mode": "waiting"}, replies=[Reply("…")], effects=[Effect("boom")]
        )

    async def boom(ctx: EffectContext) -> Event | None:
        ctx.conversation.urgent = True
        raise RuntimeError("the service failed")

    await services.runtime.receive(said("terminal", "/start"))
    before = len(await rows(services, Message))
    services.effects.register("boom", boom)
    services.runtime.engine = with_effect
    with pytest.raises(RuntimeError):
        await services.runtime.receive(said("terminal", "hi", key="k"))
    async with services.db.reader() as session:
        count = await session.scalar(select(func.count()).select_from(Message))
    assert count == before
