"""Live handoff: a person joins a waiting conversation, talks, and hands it back to the bot.

Joining claims the item (if free) and tells the engine ``handoff.joined``: the conversation's
mode becomes ``human`` and the bot stays quiet. Staff messages go out on the citizen's own
channel (through the outbox where the channel delivers). Leaving tells the engine
``handoff.released`` (the bot says so and takes over again), closes the handoff and asks the
citizen how it went. Each of join and leave is one transaction with the conversation's state:
a failure leaves neither a joined matter with a talking bot nor a closed one with a silent bot.

A handoff nobody joined is never dropped in silence: ``dismiss`` needs a reason
(``workflow.CLOSE_REASONS``), makes the closer its holder, and tells the citizen
(``handoff.ended``: why, and that the bot takes over), in the same transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.models import Matter, MatterEvent, StaffUser
from backend.runtime.outbox import write_outbound
from backend.runtime.statements import conversation_by_id, lock_conversation
from backend.staff import audit
from backend.staff.claims import claim_in
from backend.staff.common import ensure_may_act, load_matter, wake
from backend.staff.errors import Conflict, Invalid
from backend.staff.transitions import MAX_NOTE, close_in
from backend.staff.workflow import CLOSE_REASONS
from dialogs.types import Event

MAX_MESSAGE = 4000


def _live(matter: Matter) -> str:
    if matter.kind != "handoff" or not matter.open or matter.conversation_id is None:
        raise Conflict("not_live", "this item is not a live conversation waiting for a person")
    return matter.conversation_id


async def join(services: Services, user: StaffUser, matter_id: int) -> Matter:
    """Take over the conversation: claim it if free, then silence the bot (one transaction)."""
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter, conversation_id = await _lock_live(session, services, matter_id)
        if matter.assignee_id is None:
            matter = await claim_in(session, user, matter_id, now)
        ensure_may_act(user, matter)
        matter.status, matter.updated_at = "active", now
        matter.first_response_at = matter.first_response_at or now
        matter.citizen_replied_at = None
        session.add(MatterEvent(matter_id=matter.id, kind="joined", actor_id=user.id, at=now))
        await audit.record(session, user, "join", "matter", matter.id, at=now)
        joined = Event("handoff.joined", {"name": user.display_name})
        turn = await services.runtime.inject_in(session, conversation_id, joined)
    await services.runtime.after_commit(turn)
    wake(services, conversation_id)
    return matter


async def send_message(services: Services, user: StaffUser, matter_id: int, text: str) -> int:
    """Write to the citizen on their channel; returns the message id."""
    text = text.strip()
    if not text or len(text) > MAX_MESSAGE:
        raise Invalid("invalid", f"a message needs 1 to {MAX_MESSAGE} characters")
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id)
        conversation_id = _live(matter)
        ensure_may_act(user, matter)
        if matter.status != "active":
            raise Conflict("not_joined", "join the conversation before writing")
        conversation = await lock_conversation(session, services.db, conversation_id)
        if conversation is None:
            raise Conflict("unreachable", "this citizen cannot be reached in the chat any more")
        body: dict[str, Any] = {
            "text": text,
            "buttons": [],
            "ask": None,
            "outcome": None,
            "tracking_no": None,
        }
        body["staff_name"] = user.display_name
        message = write_outbound(
            session, conversation, body, author="staff", now=now, staff_id=user.id
        )
        matter.citizen_replied_at, matter.updated_at = None, now
        await session.flush()
        await audit.record(
            session, user, "message", "matter", matter.id, at=now, message_id=message.id
        )
    wake(services, conversation_id)
    return message.id


async def leave(services: Services, user: StaffUser, matter_id: int) -> Matter:
    """Hand the conversation back to the bot, close the handoff, ask for feedback: together."""
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter, conversation_id = await _lock_live(session, services, matter_id)
        ensure_may_act(user, matter)
        if matter.status != "active":
            raise Conflict("not_joined", "nobody has joined: give the reason to close it")
        released = Event("handoff.released")
        turn = await services.runtime.inject_in(session, conversation_id, released)
        session.add(MatterEvent(matter_id=matter.id, kind="left", actor_id=user.id, at=now))
        await close_in(session, matter, now)
        await audit.record(session, user, "leave", "matter", matter.id, at=now)
    await services.runtime.after_commit(turn)
    wake(services, conversation_id)
    return matter


async def dismiss(
    services: Services, user: StaffUser, matter_id: int, why: str | None, note: str | None
) -> Matter:
    """Close a handoff nobody joined, for a reason the citizen is told; no survey."""
    if why not in CLOSE_REASONS["handoff"]:
        choices = ", ".join(CLOSE_REASONS["handoff"])
        raise Conflict("transition_not_allowed", f"nobody has joined: give a reason ({choices})")
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter, conversation_id = await _lock_live(session, services, matter_id)
        if matter.status != "waiting":
            raise Conflict("transition_not_allowed", "someone has joined: leave the conversation")
        if matter.assignee_id is None:
            matter = await claim_in(session, user, matter_id, now)
        ensure_may_act(user, matter)
        ended = Event("handoff.ended", {"reason": why})
        turn = await services.runtime.inject_in(session, conversation_id, ended)
        data = {"from": "waiting", "to": "closed", "close_reason": why}
        data["reason"] = (note or "").strip()[:MAX_NOTE]
        session.add(
            MatterEvent(
                matter_id=matter.id,
                kind="status",
                actor_id=user.id,
                visible_to_citizen=True,
                data=data,
                at=now,
            )
        )
        await close_in(session, matter, now, survey=False)
        await audit.record(session, user, "dismiss", "matter", matter.id, at=now, reason=why)
    await services.runtime.after_commit(turn)
    wake(services, conversation_id)
    return matter


async def _lock_live(
    session: AsyncSession, services: Services, matter_id: int
) -> tuple[Matter, str]:
    """The live handoff and its conversation, locked in the order citizens' turns lock them
    (the conversation first, then the matter), so a staff action and a turn never deadlock."""
    query = select(Matter.conversation_id).where(Matter.id == matter_id)
    conversation_id = await session.scalar(query)
    if conversation_id is not None and not services.db.is_sqlite:
        await conversation_by_id(await session.connection(), conversation_id, lock=True)
    matter = await load_matter(session, matter_id, lock=True)
    return matter, _live(matter)
