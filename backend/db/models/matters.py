"""Matters in the staff queue: complaints, support-lawsuit applications and handoffs.

One table so that one queue, one set of indexes and one reminder mechanism serve all three.
``next_due`` is the nearest open deadline, kept up to date by the services, so the queue's
order (urgent, nearest due, arrival) is a single index scan even with a million rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import Base, BigId, utcnow
from backend.db.types import EncryptedJSON, EncryptedText, UTCDateTime


class Matter(Base):
    """A complaint, an application or a live-conversation handoff waiting for a person."""

    __tablename__ = "matters"
    __table_args__ = (
        Index("ix_matters_queue", "open", "urgent", "next_due", "received_at"),
        Index("ix_matters_next_due", "open", "next_due"),
        Index("ix_matters_assignee", "assignee_id", "open"),
        # The console's event stream asks "what changed since?" every few seconds (0011).
        Index("ix_matters_updated", "updated_at"),
        Index("ix_matters_team", "team", "open"),
        # The console's at-a-glance counts read only this (an index-only scan of open matters).
        Index(
            "ix_matters_open_counts",
            "kind",
            "urgent",
            "next_due",
            "assignee_id",
            "citizen_replied_at",
            postgresql_where=text("open IS TRUE"),
            sqlite_where=text("open IS 1"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tracking_no: Mapped[str | None] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # complaint | application | handoff
    status: Mapped[str] = mapped_column(String(24))
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    # While a handoff is open this equals conversation_id; the unique index makes a second
    # concurrent 转人工 impossible at the database level.
    open_handoff_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str | None] = mapped_column(String(32))
    route: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(32))
    flags: Mapped[str] = mapped_column(String(120), default="")
    details: Mapped[Any] = mapped_column(EncryptedJSON, default=dict)
    contact_name: Mapped[str | None] = mapped_column(EncryptedText)
    contact_phone: Mapped[str | None] = mapped_column(EncryptedText)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    id_number: Mapped[str | None] = mapped_column(EncryptedText)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    procedural_due: Mapped[date | None] = mapped_column(Date)
    result_due: Mapped[date | None] = mapped_column(Date)
    next_due: Mapped[date | None] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    procedural_replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result_replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"))
    satisfaction: Mapped[str | None] = mapped_column(String(16))
    # Set when the citizen adds to the matter in the chat, cleared by the next staff reply:
    # the queue's "群众已回复" marker (migration 0011).
    citizen_replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A handoff's response target (working minutes from the request, within office hours).
    respond_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The team whose queue holds the matter (backend/teams; migration 0017).
    team: Mapped[str | None] = mapped_column(String(24))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MatterEvent(Base):
    """The timeline: received, replies, transfers, status changes, notes (private or not)."""

    __tablename__ = "matter_events"
    __table_args__ = (Index("ix_matter_events_order", "matter_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    visible_to_citizen: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[Any] = mapped_column(EncryptedJSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reminder(Base):
    """A reminder that fires once: claimed atomically, so restarts and workers never double it."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("matter_id", "kind", "due_on", name="uq_reminders_once"),
        Index("ix_reminders_pending", "status", "fire_at"),
        # The claim's exact order (fire_at, id): it stops after one batch (migration 0007).
        Index("ix_reminders_claim", "status", "fire_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    due_on: Mapped[date] = mapped_column(Date)
    fire_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(8), default="pending")  # pending | fired
    recipient_id: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
