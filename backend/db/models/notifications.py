"""Notices for staff: reminders before a deadline, a missed deadline for supervisors.

A notice targets one staff member (``staff_id``) or, with ``staff_id`` empty, everyone in a
role (``role``: ``staff`` = the whole queue, ``supervisor`` = 部门负责人). It holds a catalog key
and parameters (ids, tracking numbers, dates), never a citizen's personal data, so the console
renders it in the reader's language and the table needs no encryption.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import Base, BigId, utcnow
from backend.db.types import UTCDateTime


class StaffNotification(Base):
    """One notice in the staff console; read once (a shared notice is read for the role)."""

    __tablename__ = "staff_notifications"
    __table_args__ = (
        Index("ix_staff_notifications_personal", "staff_id", "read_at", "id"),
        Index("ix_staff_notifications_role", "role", "read_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    role: Mapped[str | None] = mapped_column(String(16))  # staff | supervisor when shared
    matter_id: Mapped[int | None] = mapped_column(
        ForeignKey("matters.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    text_key: Mapped[str] = mapped_column(String(64))
    params: Mapped[Any] = mapped_column(JSON, default=dict)  # ids and dates, never PII
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_by: Mapped[int | None] = mapped_column(Integer)
