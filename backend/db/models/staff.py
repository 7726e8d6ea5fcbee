"""Staff accounts, their sessions, the append-only audit log, and FAQ revisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import Base, BigId, utcnow
from backend.db.types import UTCDateTime


class StaffUser(Base):
    """A 受理员, supervisor or admin; the password is an argon2id hash."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # staff | supervisor | admin
    # The team whose queue a caseworker works (backend/teams); None: not in a team.
    team: Mapped[str | None] = mapped_column(String(24))
    # Languages spoken, comma-separated codes: zh, bo, en (backend.services.accounts.SPOKEN).
    languages: Mapped[str] = mapped_column(String(64), default="zh", server_default="zh")
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last few argon2id hashes, newest first: a new password may not reuse one of them.
    password_history: Mapped[list[str] | None] = mapped_column(JSON)


class StaffSession(Base):
    """A server-side session; the cookie carries a random token whose hash is the key."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """Who did or saw what, when. Append-only: nothing updates or deletes these rows."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_actor", "actor_id", "at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(64))  # username, "system" or "citizen"
    action: Mapped[str] = mapped_column(String(48))
    target_kind: Mapped[str | None] = mapped_column(String(24))
    target_id: Mapped[str | None] = mapped_column(String(48))
    detail: Mapped[Any] = mapped_column(JSON, default=dict)  # ids and field names, never PII


class FaqRevision(Base):
    """An edit of an FAQ entry made in the console: versioned and attributable."""

    __tablename__ = "faq_revisions"
    __table_args__ = (
        UniqueConstraint("entry_id", "version", name="uq_faq_revisions_entry_version"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
