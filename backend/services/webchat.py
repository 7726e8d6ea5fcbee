"""Web chat sessions: a random bearer token per conversation, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only

from backend.db.database import Database
from backend.db.models import Conversation, Message
from backend.db.models.base import new_id
from dialogs.conversation import new_state
from dialogs.types import Lang


class SessionNotFound(LookupError):
    """No web chat session with that id."""


class BadToken(PermissionError):
    """The token does not open that session."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def open_session(db: Database, *, lang: Lang, now: datetime) -> tuple[str, str]:
    """Create a web chat conversation; return its id and the bearer token (shown once)."""
    token = secrets.token_urlsafe(32)
    conversation_id = new_id()
    async with db.transaction() as session:
        session.add(
            Conversation(
                id=conversation_id,
                channel="web",
                chat_key=conversation_id,
                token_hash=_hash(token),
                lang=lang,
                state=new_state(lang),
                created_at=now,
                updated_at=now,
            )
        )
    return conversation_id, token


async def authenticate(session: AsyncSession, conversation_id: str, token: str) -> Conversation:
    """The web conversation the token opens; raises SessionNotFound or BadToken."""
    # Only the columns a request needs: the state is encrypted and large, and decrypting it
    # on every request was a measurable share of an HTTP turn (the runtime loads it anyway).
    conversation = await session.scalar(
        select(Conversation)
        .where(Conversation.id == conversation_id)
        .options(
            load_only(
                Conversation.channel,
                Conversation.chat_key,
                Conversation.lang,
                Conversation.token_hash,
                raiseload=True,
            )
        )
    )
    if conversation is None or conversation.channel != "web":
        raise SessionNotFound(conversation_id)
    if not conversation.token_hash or not hmac.compare_digest(
        conversation.token_hash, _hash(token)
    ):
        raise BadToken(conversation_id)
    return conversation


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
