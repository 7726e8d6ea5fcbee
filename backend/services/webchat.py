"""Web chat sessions: a random bearer token per conversation, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.database import Database
from backend.db.models import Conversation, Message
from backend.db.models.base import new_id
from backend.runtime import Guard
from backend.runtime.statements import CONVERSATIONS, ConversationRow
from dialogs.conversation import new_state
from dialogs.types import Lang


class SessionNotFound(LookupError):
    """No web chat session with that id."""


class BadToken(PermissionError):
    """The token does not open that session."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def open_session(
    db: Database, *, lang: Lang, now: datetime, source: str | None = None
) -> tuple[str, str]:
    """Create a web chat conversation; return its id and the bearer token (shown once).

    ``source`` is a keyed hash of the client's address: status look-up failures are counted
    per address, so opening a new session does not reset them."""
    token = secrets.token_urlsafe(32)
    conversation_id = new_id()
    async with db.transaction() as session:
        session.add(
            Conversation(
                id=conversation_id,
                channel="web",
                chat_key=conversation_id,
                token_hash=_hash(token),
                source_key=source,
                lang=lang,
                state=new_state(lang),
                created_at=now,
                updated_at=now,
            )
        )
    return conversation_id, token


@dataclass(frozen=True, slots=True)
class WebSession:
    """What a request needs of an authenticated web chat conversation."""

    id: str
    chat_key: str
    lang: Lang


# Only the columns a request needs, read with a statement built once: the state is encrypted
# and large (the runtime loads it anyway), and building an ORM query with load_only on every
# request was a fifth of an HTTP turn's server time (pyinstrument).
_SESSION = select(
    CONVERSATIONS.c.channel,
    CONVERSATIONS.c.chat_key,
    CONVERSATIONS.c.lang,
    CONVERSATIONS.c.token_hash,
).where(CONVERSATIONS.c.id == bindparam("id"))


async def authenticate(
    session: AsyncSession | AsyncConnection, conversation_id: str, token: str
) -> WebSession:
    """The web conversation the token opens; raises SessionNotFound or BadToken."""
    row = (await session.execute(_SESSION, {"id": conversation_id})).first()
    if row is None or row.channel != "web":
        raise SessionNotFound(conversation_id)
    if not row.token_hash or not hmac.compare_digest(row.token_hash, _hash(token)):
        raise BadToken(conversation_id)
    return WebSession(conversation_id, row.chat_key, row.lang)


def token_guard(conversation_id: str, token: str) -> Guard:
    """A runtime guard: the turn's conversation must exist and open with ``token``."""
    digest = _hash(token)

    def guard(row: ConversationRow | None) -> None:
        if row is None:
            raise SessionNotFound(conversation_id)
        if not row.token_hash or not hmac.compare_digest(row.token_hash, digest):
            raise BadToken(conversation_id)

    return guard


def message_view(row: Message) -> dict[str, Any]:
    """A transcript entry: direction, author, text, buttons, time and the reply-shape keys."""
    body = dict(row.body or {})
    view: dict[str, Any] = {
        **body,
        "id": row.id,
        "direction": row.direction,
        "author": row.author,
        "at": row.created_at.isoformat(),
    }
    view.setdefault("text", "")
    view.setdefault("buttons", [])
    return view


async def transcript(
    db: Database, conversation_id: str, *, after: int = 0, limit: int = 500
) -> list[dict[str, Any]]:
    """Messages of a conversation in order, after message id ``after``."""
    async with db.reader() as session:
        rows = await session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.id > after)
            .order_by(Message.id)
            .limit(limit)
        )
        return [message_view(row) for row in rows]
