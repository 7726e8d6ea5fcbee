"""Conversations, their messages (inbound ones carry the key that drops repeats), the outbox,
files, FAQ signals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.db.models.base import Base, BigId, new_id, utcnow
from backend.db.types import EncryptedBytes, EncryptedJSON, EncryptedText, UTCDateTime


class Conversation(Base):
    """One citizen on one channel: engine state (encrypted), mode, and the web chat token."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "chat_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(16))
    chat_key: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8), default="zh-Hans")
    state: Mapped[Any] = mapped_column(EncryptedJSON, default=dict)
    mode: Mapped[str] = mapped_column(String(8), default="bot")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    has_matter: Mapped[bool] = mapped_column(Boolean, default=False)
    delivery_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    # A keyed hash of the address that opened a web session (status look-up limits).
    source_key: Mapped[str | None] = mapped_column(String(32))
    # While a web page holds the conversation's event stream open, it is "connected" until
    # this moment (renewed by the stream's heartbeat, cleared when it closes): a notice for a
    # citizen who is not connected also goes out by Web Push and SMS (migration 0015).
    stream_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Message(Base):
    """Every inbound and outbound message, in order; the body (text, buttons) is encrypted.

    An inbound with a channel message id keeps it in ``inbox_key``, unique per conversation:
    a second delivery of the same id fails to insert and is answered with the first one's
    replies (found through ``reply_to``), so nothing runs twice.
    """

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation_order", "conversation_id", "id"),
        Index("uq_messages_inbox_key", "conversation_id", "inbox_key", unique=True),
        Index("ix_messages_replies", "conversation_id", "reply_to"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    author: Mapped[str] = mapped_column(String(8))  # citizen | bot | staff | system
    staff_id: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[Any] = mapped_column(EncryptedJSON)
    reply_to: Mapped[int | None] = mapped_column(BigId)
    inbox_key: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxItem(Base):
    """A message owed to a channel; senders claim pending rows and mark them sent."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_chat_order", "channel", "chat_key", "id"),
        # At most one notice per message and channel (Web Push, SMS: migration 0015).
        Index("uq_outbox_message_channel", "message_id", "channel", unique=True),
        Index("ix_outbox_matter", "matter_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    message: Mapped[Message] = relationship()
    # The queue item a notice is about, so the case page shows how it was delivered.
    matter_id: Mapped[int | None] = mapped_column(BigId)
    channel: Mapped[str] = mapped_column(String(16))
    chat_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(8), default="pending")  # pending|sent|failed|blocked
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attachment(Base):
    """A photo, document or voice note; content encrypted; voice notes wait for a listener."""

    __tablename__ = "attachments"
    __table_args__ = (
        # Upload budgets: bytes per source (address or chat) and overall in a rolling window.
        Index("ix_attachments_source_recent", "source_key", "created_at"),
        Index("ix_attachments_created_at", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    matter_id: Mapped[int | None] = mapped_column(BigId, index=True)
    kind: Mapped[str] = mapped_column(String(12))  # photo | document | voice | other
    mime: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(EncryptedText)
    content: Mapped[bytes] = mapped_column(EncryptedBytes)
    needs_listening: Mapped[bool] = mapped_column(Boolean, default=False)
    source_key: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FaqFeedback(Base):
    """有帮助 / 没帮助 under an answer, with the question that led to it."""

    __tablename__ = "faq_feedback"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(String(32))
    entry_id: Mapped[str] = mapped_column(String(32), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    question: Mapped[str | None] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FaqMiss(Base):
    """A question the bot could not answer; ``question_key`` groups repeats without decrypting."""

    __tablename__ = "faq_misses"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(String(32))
    question: Mapped[str] = mapped_column(EncryptedText)
    question_key: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
