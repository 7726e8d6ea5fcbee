"""The turn's statements: built once, run on the turn's connection with SQLAlchemy Core.

A turn in the common case is four statements (five on a channel that delivers through the
outbox): find the conversation (row-locked on PostgreSQL), record the inbound — the same
``INSERT … ON CONFLICT DO NOTHING RETURNING id`` detects a repeated channel message id —,
store the replies in one multi-row insert, and write the conversation's turn columns once.

Why Core and prebuilt statements: building a SELECT's expression tree on every turn cost
more than running it, and the ORM's unit of work did the same inserts and the UPDATE with
several times the Python bookkeeping (pyinstrument, December). On SQLite the hot four run
compiled once, straight on the driver (``backend.db.prepared``: SQLAlchemy's execution path
was a third of a turn); on PostgreSQL through SQLAlchemy Core. Column types apply on both, so
state and bodies are still encrypted. ``tests/runtime/test_statement_budget.py`` counts the
statements of each kind of turn on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, and_, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.database import Database
from backend.db.models import Conversation, Message, OutboxItem
from backend.db.models.base import new_id
from backend.db.prepared import Prepared, sqlite_driver
from dialogs.conversation import new_state

CONVERSATIONS = cast(Table, Conversation.__table__)
MESSAGES = cast(Table, Message.__table__)
OUTBOX = cast(Table, OutboxItem.__table__)


class ConversationRow(Protocol):
    """A conversation as the turn reads it: every column of its row (and the row's mapping)."""

    id: str
    channel: str
    chat_key: str
    token_hash: str | None
    lang: str
    state: dict[str, Any] | None
    mode: str
    urgent: bool
    has_matter: bool
    _mapping: Mapping[str, Any]


# The whole row: an effect handler gets it as an ORM object, fully loaded (no lazy loads).
_BY_CHAT = select(CONVERSATIONS).where(
    CONVERSATIONS.c.channel == bindparam("channel"),
    CONVERSATIONS.c.chat_key == bindparam("chat_key"),
)
_BY_CHAT_LOCKED = _BY_CHAT.with_for_update()
_BY_ID = select(CONVERSATIONS).where(CONVERSATIONS.c.id == bindparam("id"))
_BY_ID_LOCKED = _BY_ID.with_for_update()
_SAVE_TURN = update(CONVERSATIONS).where(CONVERSATIONS.c.id == bindparam("conversation_id"))
_ORM_BY_ID = select(Conversation).where(Conversation.id == bindparam("id"))
_ORM_BY_ID_LOCKED = _ORM_BY_ID.with_for_update()


def _on_conflict_nothing(dialect: Any, table: Table, keys: list[str], returning: Any) -> Any:
    insert = dialect.insert(table).on_conflict_do_nothing(index_elements=keys)
    return insert.returning(returning) if returning is not None else insert


# The inbound and the new conversation: a unique key that is already there inserts nothing.
_RECORD_INBOUND = {
    name: _on_conflict_nothing(dialect, MESSAGES, ["conversation_id", "inbox_key"], MESSAGES.c.id)
    for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))
}
_BY_CHAT_PREPARED = Prepared(_BY_CHAT)
_RECORD_INBOUND_PREPARED = Prepared(_RECORD_INBOUND["sqlite"])
_SAVE_TURN_PREPARED = Prepared(_SAVE_TURN)
_NEW_CONVERSATION = {
    name: _on_conflict_nothing(dialect, CONVERSATIONS, ["channel", "chat_key"], None)
    for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))
}

# A repeat's answer: the replies to the inbound that carried the same key, in order.
_first = MESSAGES.alias("first")
_FIRST_DELIVERY_REPLIES = (
    select(MESSAGES.c.body)
    .where(
        MESSAGES.c.conversation_id == bindparam("conversation_id"),
        MESSAGES.c.reply_to
        == select(_first.c.id)
        .where(
            and_(
                _first.c.conversation_id == bindparam("conversation_id"),
                _first.c.inbox_key == bindparam("inbox_key"),
            )
        )
        .scalar_subquery(),
    )
    .order_by(MESSAGES.c.id)
)
_FIRST_DELIVERY = select(MESSAGES.c.id).where(
    MESSAGES.c.conversation_id == bindparam("conversation_id"),
    MESSAGES.c.inbox_key == bindparam("inbox_key"),
)


async def find_conversation(
    connection: AsyncConnection, channel: str, chat_key: str, *, lock: bool
) -> ConversationRow | None:
    """The conversation of a chat, row-locked when ``lock``."""
    params = {"channel": channel, "chat_key": chat_key}
    driver = sqlite_driver(connection)
    if driver is not None:  # SQLite: its writer is locked already (``Database.writer``)
        rows = _BY_CHAT_PREPARED.execute(driver, connection.dialect, params)
        return cast(ConversationRow, rows[0]) if rows else None
    query = _BY_CHAT_LOCKED if lock else _BY_CHAT
    return cast(ConversationRow | None, (await connection.execute(query, params)).first())


async def conversation_by_id(
    connection: AsyncConnection, conversation_id: str, *, lock: bool
) -> ConversationRow | None:
    """A conversation by id, row-locked when ``lock``."""
    query = _BY_ID_LOCKED if lock else _BY_ID
    row = (await connection.execute(query, {"id": conversation_id})).first()
    return cast(ConversationRow | None, row)


async def create_conversation(
    connection: AsyncConnection, channel: str, chat_key: str, lang: str, now: datetime
) -> ConversationRow:
    """A chat's first message: create its conversation, or read the one a racing worker made.

    ``ON CONFLICT DO NOTHING`` waits for the other worker's transaction, so the locked read
    that follows finds its row.
    """
    await connection.execute(
        _NEW_CONVERSATION[connection.dialect.name],
        {
            "id": new_id(),
            "channel": channel,
            "chat_key": chat_key,
            "lang": lang,
            "state": new_state(lang),  # type: ignore[arg-type]
            "mode": "bot",
            "urgent": False,
            "has_matter": False,
            "delivery_blocked": False,
            "created_at": now,
            "updated_at": now,
        },
    )
    row = await find_conversation(
        connection, channel, chat_key, lock=connection.dialect.name != "sqlite"
    )
    assert row is not None  # inserted, or inserted by the other worker and committed
    return row


async def record_inbound(
    connection: AsyncConnection,
    conversation_id: str,
    body: dict[str, Any],
    inbox_key: str | None,
    now: datetime,
) -> int | None:
    """Store a citizen's message; None when a message with this ``inbox_key`` is there already."""
    row = {
        "conversation_id": conversation_id,
        "direction": "in",
        "author": "citizen",
        "body": body,
        "inbox_key": inbox_key,
        "created_at": now,
    }
    driver = sqlite_driver(connection)
    if driver is not None:
        rows = _RECORD_INBOUND_PREPARED.execute(driver, connection.dialect, row)
        return int(rows[0].id) if rows else None
    result = await connection.execute(_RECORD_INBOUND[connection.dialect.name], row)
    inbound_id = result.scalar_one_or_none()
    return None if inbound_id is None else int(inbound_id)


async def first_delivery_seen(
    connection: AsyncConnection, conversation_id: str, inbox_key: str
) -> bool:
    """Whether an inbound with this key was recorded (checked before storing a file)."""
    params = {"conversation_id": conversation_id, "inbox_key": inbox_key}
    return (await connection.execute(_FIRST_DELIVERY, params)).first() is not None


async def first_delivery_replies(
    connection: AsyncConnection, conversation_id: str, inbox_key: str
) -> list[dict[str, Any]]:
    """The bodies of the replies to the first inbound with ``inbox_key``, in order."""
    params = {"conversation_id": conversation_id, "inbox_key": inbox_key}
    return [
        dict(body or {}) for body in (await connection.scalars(_FIRST_DELIVERY_REPLIES, params))
    ]


async def save_turn(
    connection: AsyncConnection, conversation_id: str, values: Mapping[str, Any]
) -> None:
    """Write a turn's conversation columns (state, mode, lang, flags, time) with one UPDATE."""
    params = {"conversation_id": conversation_id, **values}
    driver = sqlite_driver(connection)
    if driver is not None:
        _SAVE_TURN_PREPARED.execute(driver, connection.dialect, params)
        return
    await connection.execute(_SAVE_TURN, params)


async def lock_conversation(
    session: AsyncSession, db: Database, conversation_id: str
) -> Conversation | None:
    """Load a conversation (ORM), locking its row on PostgreSQL so its turns run one at a time."""
    query = _ORM_BY_ID if db.is_sqlite else _ORM_BY_ID_LOCKED
    return (await session.execute(query, {"id": conversation_id})).scalar_one_or_none()
