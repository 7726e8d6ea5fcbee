"""The runtime on real SQLite and PostgreSQL: record once, survive restarts, all-or-nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import Conversation, Matter, Message, OutboxItem
from backend.effects import EffectContext
from backend.runtime import ChannelMessage
from backend.settings import Settings
from backend.wiring import build_services
from dialogs.types import Event, Inbound
from tests.fakes.faq import FakeFaq


def msg(
    text: str = "",
    button: str | None = None,
    key: str | None = None,
    chat: str = "chat-1",
    channel: str = "terminal",
) -> ChannelMessage:
    return ChannelMessage(channel, chat, Inbound(text=text, button=button), message_key=key)


async def count(services: Services, model: type) -> int:
    async with services.db.reader() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_turn_stores_inbound_and_replies(services: Services) -> None:
    received = await services.runtime.receive(msg("/start", key="m1"))
    assert received.replies and "检察服务前台" in received.replies[0].text
    assert await count(services, Message) == 1 + len(received.replies)
    assert await count(services, OutboxItem) == 0  # the terminal reads the transcript
    async with services.db.reader() as session:
        rows = (await session.scalars(select(Message).order_by(Message.id))).all()
    assert [r.direction for r in rows] == ["in"] + ["out"] * len(received.replies)
    assert rows[0].body["text"] == "/start"
    assert all(r.reply_to == rows[0].id for r in rows[1:])


async def test_a_repeated_channel_message_is_acknowledged_not_reprocessed(
    services: Services,
) -> None:
    first = await services.runtime.receive(msg("/start", key="update-7"))
    again = await services.runtime.receive(msg("/start", key="update-7"))
    assert again.duplicate and not first.duplicate
    assert [r.text for r in again.replies] == [r.text for r in first.replies]
    assert await count(services, Message) == 1 + len(first.replies)
    async with services.db.reader() as session:
        keys = await session.scalars(select(Message.inbox_key).where(Message.direction == "in"))
        assert list(keys) == ["update-7"]


async def test_the_same_key_in_another_conversation_is_not_a_duplicate(services: Services) -> None:
    await services.runtime.receive(msg("/start", key="1", chat="a"))
    other = await services.runtime.receive(msg("/start", key="1", chat="b"))
    assert not other.duplicate


async def test_state_survives_a_restart(settings: Settings, services: Services) -> None:
    await services.runtime.receive(msg("/start"))
    await services.runtime.receive(msg("转人工"))
    await services.db.dispose()
    restarted = build_services(settings, clock=services.clock, faq=FakeFaq())
    try:
        again = await restarted.runtime.receive(msg("转人工"))
        assert "已经在为您转接" in again.replies[0].text
        async with restarted.db.reader() as session:
            handoffs = (await session.scalars(select(Matter))).all()
        assert len(handoffs) == 1 and handoffs[0].kind == "handoff"
    finally:
        await restarted.db.dispose()


async def test_effect_results_come_back_as_engine_text(services: Services) -> None:
    await services.runtime.receive(msg("/start"))
    received = await services.runtime.receive(msg("转人工"))
    assert any("转接工作人员" in r.text for r in received.replies)
    async with services.db.reader() as session:
        conversation = await session.scalar(select(Conversation))
    assert conversation is not None and conversation.mode == "waiting"


async def test_a_failing_effect_rolls_back_the_whole_turn(services: Services) -> None:
    await services.runtime.receive(msg("/start"))
    before = (
        await count(services, Message),
        await count(services, OutboxItem),
        await count(services, Matter),
    )

    async def broken(ctx: EffectContext) -> Event | None:
        from backend.services.handoff import request_person

        await request_person(ctx)
        await ctx.session.flush()
        raise RuntimeError("the service failed half-way")

    services.effects.register("request_person", broken)
    with pytest.raises(RuntimeError):
        await services.runtime.receive(msg("转人工"))
    after = (
        await count(services, Message),
        await count(services, OutboxItem),
        await count(services, Matter),
    )
    assert after == before
    async with services.db.reader() as session:
        conversation = await session.scalar(select(Conversation))
    assert conversation is not None and conversation.state["mode"] == "bot"


async def test_personal_text_is_encrypted_at_rest(services: Services) -> None:
    from sqlalchemy import text

    await services.runtime.receive(msg("我叫张三，电话13812345678"))
    async with services.db.reader() as session:
        raw = (await session.execute(text("SELECT body FROM messages"))).scalars().all()
        state = (await session.execute(text("SELECT state FROM conversations"))).scalar()
    assert raw and all("13812345678" not in body and "张三" not in body for body in raw)
    assert state is not None and "13812345678" not in state


async def test_feedback_and_misses_are_recorded(services: Services) -> None:
    from backend.db.models import FaqFeedback, FaqMiss

    await services.runtime.receive(msg("工资被拖欠"))
    await services.runtime.receive(msg(button="fb:wage-001:up"))
    await services.runtime.receive(msg("火星上的法律"))
    await services.runtime.receive(msg("火星上的法律"))
    async with services.db.reader() as session:
        feedback = (await session.scalars(select(FaqFeedback))).one()
        misses = (await session.scalars(select(FaqMiss))).all()
    assert feedback.helpful and feedback.entry_id == "wage-001"
    assert feedback.question == "工资被拖欠"
    assert len(misses) == 2 and misses[0].question_key == misses[1].question_key


async def test_events_reach_the_engine_and_the_transcript(services: Services) -> None:
    first = await services.runtime.receive(msg("转人工"))
    replies = await services.runtime.inject(
        first.conversation_id, Event("handoff.joined", {"name": "王"})
    )
    assert "王" in replies[0].text
    later = await services.runtime.receive(msg("你好"))
    assert later.replies == []
