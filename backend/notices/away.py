"""Reaching a web citizen who is not connected: a push and an SMS beside the chat message.

*Connected* means the web page holds the conversation's event stream open: the stream marks
``conversations.stream_until`` a little ahead of now on every heartbeat and clears it when it
closes, so every worker reads the same answer from the database. A message written for a web
citizen who is not connected — a staff reply (a statutory reply or a request), a status
notice, an appointment reminder, the follow-up question — also gets one outbox row per
channel the citizen set up: ``webpush`` if the browser subscribed, ``sms`` if they consented.
The unique (message, channel) index makes it at most one notice per event on each channel.

The notice carries a short catalog sentence with the tracking number (``notice_text`` in the
message body), never the message itself: an SMS passes a gateway in clear.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import Conversation, Message, OutboxItem, PushSubscription, SmsConsent
from dialogs.catalog import default_catalog
from dialogs.types import LANGS, Lang

PUSH, SMS = "webpush", "sms"
# How long one heartbeat of the event stream vouches for the page (the stream beats every
# 15 s; a stream that dies without closing cleanly stops vouching after this).
CONNECTED_FOR = timedelta(seconds=45)


def connected(conversation: Conversation, now: datetime) -> bool:
    """True while the web page holds the conversation's event stream open."""
    until = conversation.stream_until
    return until is not None and until > now


def notice_text(lang: str, key: str, **values: Any) -> str:
    """The short sentence a push or an SMS carries (``notices.<key>``)."""
    safe: Lang = lang if lang in LANGS else "zh-Hans"
    return default_catalog().text(safe, f"notices.{key}", **values)


async def reach_if_away(
    session: AsyncSession,
    conversation: Conversation,
    message: Message,
    *,
    matter_id: int | None,
    key: str,
    now: datetime,
    **values: Any,
) -> list[str]:
    """Queue a push and an SMS for ``message`` if its web citizen is away; the channels."""
    if conversation.channel != "web" or connected(conversation, now):
        return []
    channels = await _channels(session, conversation.id)
    if not channels:
        return []
    text = notice_text(conversation.lang, key, **values)
    message.body = {**(message.body or {}), "notice_text": text}
    for channel in channels:
        session.add(
            OutboxItem(
                conversation_id=conversation.id,
                message=message,
                matter_id=matter_id,
                channel=channel,
                chat_key=conversation.id,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    return channels


async def _channels(session: AsyncSession, conversation_id: str) -> list[str]:
    push = exists().where(PushSubscription.conversation_id == conversation_id)
    sms = exists().where(SmsConsent.conversation_id == conversation_id)
    row = (await session.execute(select(push, sms))).one()
    return [name for name, on in ((PUSH, row[0]), (SMS, row[1])) if on]


async def mark_stream(db: Database, conversation_id: str, until: datetime | None) -> None:
    """The event stream is open until ``until`` (None: it closed); one UPDATE."""
    async with db.transaction() as session:
        await session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(stream_until=until)
            .execution_options(synchronize_session=False)
        )
