"""Joining and leaving a live conversation are one transaction with the conversation's state:
when the conversation's side fails, the matter is not changed either (and the other way)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import AuditEntry, Conversation, Matter, MatterEvent, StaffUser
from backend.effects import EffectContext
from backend.staff import live
from dialogs.engine import handle
from dialogs.types import Context, Effect, Event, Inbound, Turn
from tests.staff.conftest import make_matter


async def waiting_handoff(services: Services) -> Matter:
    matter = await make_matter(
        services, kind="handoff", status="waiting", next_due=None, procedural_due=None
    )
    async with services.db.transaction() as session:
        stored = await session.get(Matter, matter.id)
        assert stored is not None
        stored.open_handoff_key = stored.conversation_id
    return matter


async def staff_user(services: Services, accounts: dict[str, int], name: str) -> StaffUser:
    async with services.db.reader() as session:
        user = await session.get(StaffUser, accounts[name])
    assert user is not None
    return user


def failing_on(event_name: str) -> Any:
    """An engine that answers ``event_name`` with an effect whose service fails."""

    def engine(state: dict[str, Any], inbound: Inbound, ctx: Context) -> Turn:
        turn = handle(state, inbound, ctx)
        if inbound.event is not None and inbound.event.name == event_name:
            turn.effects.append(Effect("fail"))
        return turn

    return engine


async def fail(ctx: EffectContext) -> Event | None:
    raise RuntimeError("the conversation's side failed")


async def snapshot(services: Services, matter_id: int) -> tuple[Any, ...]:
    async with services.db.reader() as session:
        matter = await session.get(Matter, matter_id)
        assert matter is not None and matter.conversation_id is not None
        conversation = await session.get(Conversation, matter.conversation_id)
        assert conversation is not None
        events = await session.scalar(select(func.count()).select_from(MatterEvent))
        audits = await session.scalar(select(func.count()).select_from(AuditEntry))
        return (
            matter.status,
            matter.open,
            matter.assignee_id,
            conversation.mode,
            conversation.state.get("mode"),
            events,
            audits,
        )


async def test_a_join_whose_conversation_side_fails_claims_nothing(
    services: Services, accounts: dict[str, int]
) -> None:
    matter = await waiting_handoff(services)
    alice = await staff_user(services, accounts, "alice")
    before = await snapshot(services, matter.id)
    services.effects.register("fail", fail)
    services.runtime.engine = failing_on("handoff.joined")
    with pytest.raises(RuntimeError):
        await live.join(services, alice, matter.id)
    assert await snapshot(services, matter.id) == before

    services.runtime.engine = handle
    await live.join(services, alice, matter.id)
    status, is_open, assignee, mode, state_mode, *_ = await snapshot(services, matter.id)
    assert (status, is_open, assignee, mode, state_mode) == (
        "active",
        True,
        alice.id,
        "human",
        "human",
    )


async def test_a_leave_whose_conversation_side_fails_keeps_the_person_in_the_chat(
    services: Services, accounts: dict[str, int]
) -> None:
    matter = await waiting_handoff(services)
    alice = await staff_user(services, accounts, "alice")
    await live.join(services, alice, matter.id)
    before = await snapshot(services, matter.id)
    services.effects.register("fail", fail)
    services.runtime.engine = failing_on("handoff.released")
    with pytest.raises(RuntimeError):
        await live.leave(services, alice, matter.id)
    assert await snapshot(services, matter.id) == before  # still open, still a person

    services.runtime.engine = handle
    await live.leave(services, alice, matter.id)
    status, is_open, _, mode, state_mode, *_ = await snapshot(services, matter.id)
    assert (status, is_open, mode, state_mode) == ("closed", False, "bot", "bot")
