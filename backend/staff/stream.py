"""What the console's event stream reports: queue changes and messages in held conversations.

The stream wakes on the notifier's ``staff`` topic (services and the runtime notify it) and
polls every couple of seconds anyway, so changes written by another worker arrive too. Each
poll compares a small snapshot; nothing is kept that another worker would need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import Matter, Message, StaffUser
from backend.services.webchat import message_view
from backend.staff.redaction import mask_transcript


@dataclass(frozen=True)
class QueueMark:
    """A cheap fingerprint of the open queue: newest matter, open count, last change."""

    newest: int
    open: int
    changed: datetime | None


async def queue_mark(services: Services) -> QueueMark:
    """The queue's fingerprint now."""
    async with services.db.reader() as session:
        newest, count, changed = (
            await session.execute(
                select(
                    func.coalesce(func.max(Matter.id), 0),
                    select(func.count()).where(Matter.open.is_(True)).scalar_subquery(),
                    func.max(Matter.updated_at),
                )
            )
        ).one()
    return QueueMark(int(newest), int(count), changed)


async def new_items(services: Services, after: int) -> list[dict[str, Any]]:
    """Matters created after id ``after`` (a new handoff must be noticed at once)."""
    async with services.db.reader() as session:
        rows = await session.execute(
            select(Matter.id, Matter.kind, Matter.urgent)
            .where(Matter.id > after)
            .order_by(Matter.id)
        )
        return [{"id": i, "kind": k, "urgent": bool(u)} for i, k, u in rows.all()]


async def changed_items(services: Services, since: datetime | None) -> list[int]:
    """Items changed after ``since`` (the open case page refreshes itself when it is one)."""
    if since is None:
        return []
    async with services.db.reader() as session:
        rows = await session.scalars(
            select(Matter.id).where(Matter.updated_at > since).order_by(Matter.id).limit(100)
        )
        return [int(i) for i in rows]


async def held_conversations(services: Services, user: StaffUser) -> dict[str, int]:
    """Conversation id → item id for the open items this user holds."""
    async with services.db.reader() as session:
        rows = await session.execute(
            select(Matter.conversation_id, Matter.id).where(
                Matter.assignee_id == user.id,
                Matter.open.is_(True),
                Matter.conversation_id.is_not(None),
            )
        )
        return {str(c): int(i) for c, i in rows.all()}


async def last_message_id(services: Services) -> int:
    """The newest message id (where a new stream starts)."""
    async with services.db.reader() as session:
        return int(await session.scalar(select(func.coalesce(func.max(Message.id), 0))) or 0)


async def messages_after(
    services: Services, held: dict[str, int], after: int
) -> list[dict[str, Any]]:
    """Messages in the held conversations after id ``after``, as ``{item_id, message}``."""
    if not held:
        return []
    async with services.db.reader() as session:
        rows = await session.scalars(
            select(Message)
            .where(Message.conversation_id.in_(held), Message.id > after)
            .order_by(Message.id)
            .limit(200)
        )
        by_conversation: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_conversation.setdefault(row.conversation_id, []).append(message_view(row))
        # Personal data masked as in the item's transcript (the reveal is per item, audited):
        # with the conversation's earlier messages as context (a name answered to a question
        # asked before this batch, a name said earlier) and the matter's own contact name.
        entries = []
        for conversation, views in by_conversation.items():
            earlier = await _context(session, conversation, after)
            names = await _known_names(session, held[conversation])
            masked = mask_transcript([*earlier, *views], names)[len(earlier) :]
            entries += [{"item_id": held[conversation], "message": view} for view in masked]
    return sorted(entries, key=lambda entry: int(entry["message"]["id"]))


CONTEXT = 300  # earlier messages read to mask a batch as the whole transcript would be


async def _context(session: Any, conversation_id: str, before: int) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.id <= before)
        .order_by(Message.id.desc())
        .limit(CONTEXT)
    )
    return [message_view(row) for row in reversed(list(rows))]


async def _known_names(session: Any, matter_id: int) -> list[str]:
    matter = await session.get(Matter, matter_id)
    return [matter.contact_name] if matter is not None and matter.contact_name else []
