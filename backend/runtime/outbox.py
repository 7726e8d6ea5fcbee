"""Outbound messages, and outbox rows for the channels that deliver them.

Web chat and terminal replies are delivered by reading the transcript (the web page gets
later messages over Server-Sent Events), so they get a ``messages`` row only. Channels with a
sender (Telegram) also get an ``outbox`` row per message, which ``backend.delivery`` claims,
paces and marks sent. Both are written in the caller's transaction, so a message is never
owed without being stored, nor stored without being owed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.models import Conversation, Message, OutboxItem
from backend.db.prepared import PreparedInsert, sqlite_driver
from backend.runtime.statements import MESSAGES, OUTBOX

# Channels whose replies are read from the transcript; every other channel has a sender.
TRANSCRIPT_CHANNELS = frozenset({"web", "terminal"})

_INSERT_MESSAGES = insert(MESSAGES)
# Not ``sort_by_parameter_order``: SQLite cannot promise the order of RETURNING rows, so
# SQLAlchemy would send one INSERT a row. Outbox rows differ only in their message id, and
# ids are assigned in VALUES order, so sorting the returned ids is all the order needed.
_INSERT_MESSAGES_RETURNING = insert(MESSAGES).returning(MESSAGES.c.id)
_INSERT_OUTBOX = insert(OUTBOX)
# The same two inserts, run straight on SQLite's driver (``backend.db.prepared``).
_PREPARED_MESSAGES = PreparedInsert(MESSAGES)
_PREPARED_MESSAGES_RETURNING = PreparedInsert(MESSAGES, returning="id")
_PREPARED_OUTBOX = PreparedInsert(OUTBOX)


def delivers(channel: str) -> bool:
    """True when ``channel``'s messages wait in the outbox for a sender."""
    return channel not in TRANSCRIPT_CHANNELS


async def store_replies(
    connection: AsyncConnection,
    conversation: Any,
    bodies: list[dict[str, Any]],
    *,
    author: str,
    now: datetime,
    reply_to: int | None = None,
) -> None:
    """Store outbound messages with one multi-row insert (and one for their outbox rows).

    ``conversation`` needs ``id``, ``channel`` and ``chat_key`` (a turn's row or the ORM
    object).
    """
    if not bodies:
        return
    rows = [
        {
            "conversation_id": conversation.id,
            "direction": "out",
            "author": author,
            "body": body,
            "reply_to": reply_to,
            "created_at": now,
        }
        for body in bodies
    ]
    driver, dialect = sqlite_driver(connection), connection.dialect
    if not delivers(conversation.channel):
        if driver is not None:
            _PREPARED_MESSAGES.execute(driver, dialect, rows)
        else:
            await connection.execute(_INSERT_MESSAGES, rows)
        return
    if driver is not None:
        ids = sorted(_PREPARED_MESSAGES_RETURNING.execute(driver, dialect, rows))
        outbox = [_outbox_row(conversation, int(message_id), now) for message_id in ids]
        _PREPARED_OUTBOX.execute(driver, dialect, outbox)
        return
    ids = sorted((await connection.execute(_INSERT_MESSAGES_RETURNING, rows)).scalars().all())
    await connection.execute(
        _INSERT_OUTBOX, [_outbox_row(conversation, int(message_id), now) for message_id in ids]
    )


def _outbox_row(conversation: Any, message_id: int, now: datetime) -> dict[str, Any]:
    return {
        "conversation_id": conversation.id,
        "message_id": message_id,
        "channel": conversation.channel,
        "chat_key": conversation.chat_key,
        "status": "pending",
        "attempts": 0,
        "sent_at": None,
        "next_attempt_at": now,
        "created_at": now,
    }


def write_outbound(
    session: AsyncSession,
    conversation: Conversation,
    body: dict[str, Any],
    *,
    author: str,
    now: datetime,
    reply_to: int | None = None,
    staff_id: int | None = None,
) -> Message:
    """Store one outbound message (and its outbox row if the channel delivers), ORM-style.

    For staff replies, notices and surveys, written with their audit entry in the caller's
    session; flush to learn the message id.
    """
    message = Message(
        conversation_id=conversation.id,
        direction="out",
        author=author,
        body=body,
        reply_to=reply_to,
        staff_id=staff_id,
        created_at=now,
    )
    session.add(message)
    if delivers(conversation.channel):
        session.add(
            OutboxItem(
                conversation_id=conversation.id,
                message=message,
                channel=conversation.channel,
                chat_key=conversation.chat_key,
                status="pending",
                next_attempt_at=now,
                created_at=now,
            )
        )
    return message
