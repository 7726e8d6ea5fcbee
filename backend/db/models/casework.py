"""Casework beside the matters: the blind search index and the follow-up visits (回访).

``MatterTerm`` lets the console find a matter by words of its facts, the citizen's name or
the last four digits of a phone without decrypting anything: each term is a keyed hash
(the field cipher's look-up key), cut to 16 hex digits. Someone with the database but not
the key learns only how many terms a matter has.

``FollowUp`` is one 回访 after a matter closed: due on a day, then recorded by staff (or,
later, answered by the citizen in the chat: ``source = "citizen"``) with how it went.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import Base, BigId, utcnow
from backend.db.types import EncryptedText, UTCDateTime


class MatterTerm(Base):
    """One hashed search term of a matter (a bigram of its text, a name, a phone's tail)."""

    __tablename__ = "matter_terms"
    __table_args__ = (Index("ix_matter_terms_matter", "matter_id"),)

    term: Mapped[str] = mapped_column(String(16), primary_key=True)
    matter_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("matters.id", ondelete="CASCADE"), primary_key=True
    )


class FollowUp(Base):
    """A follow-up visit (回访) after closure: due, then done, unreachable or skipped."""

    __tablename__ = "followups"
    __table_args__ = (Index("ix_followups_due", "status", "due_on"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    matter_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("matters.id", ondelete="CASCADE"), unique=True
    )
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # see FOLLOWUP_STATUSES
    method: Mapped[str | None] = mapped_column(String(12))  # phone | chat | visit | sms
    result: Mapped[str | None] = mapped_column(String(16))  # satisfied | basically | unsatisfied
    note: Mapped[str | None] = mapped_column(EncryptedText)
    source: Mapped[str | None] = mapped_column(String(8))  # staff | citizen
    recorded_by: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
