"""Throttle marks (failed sign-ins and status look-ups) and single-use event-stream tickets.

Both live in the database, not in a worker's memory, so every ``serve`` worker counts the
same failures and any worker can honour a ticket another one issued.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import Base, BigId, utcnow
from backend.db.types import UTCDateTime


class ThrottleMark(Base):
    """One counted event (a failed sign-in, a failed status look-up) under a keyed hash.

    ``scope`` says what is counted (``signin.addr``, ``lookup.no``, …) and ``key`` is a keyed
    hash of the address, account or tracking number, never the value itself.
    """

    __tablename__ = "throttle_marks"
    __table_args__ = (Index("ix_throttle_marks_window", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class StreamTicket(Base):
    """A short-lived, single-use ticket that opens one conversation's event stream.

    EventSource cannot send headers, so the page asks for a ticket with its bearer token and
    puts the ticket, not the token, in the stream's URL: what a proxy logs is spent at once.
    """

    __tablename__ = "stream_tickets"

    ticket_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
