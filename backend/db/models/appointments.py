"""Appointments (预约) and the notices that reach citizens who left the web chat.

``Appointment`` is one booking: which kind of reception, when, for which queue item (a
``matters`` row of kind ``appointment``, which holds the tracking number, the contact and
the status). ``AppointmentSlot`` counts the places taken in one slot; a booking takes a place
with ``UPDATE … SET booked = booked + 1 WHERE booked < capacity``, so two citizens racing for
the last place cannot both get it, on SQLite and PostgreSQL alike.

``PushSubscription`` is a browser's Web Push subscription for one web conversation (the
endpoint and keys are encrypted: the endpoint is a capability URL). ``SmsConsent`` records that
a web citizen asked for SMS notices to the phone they left (encrypted).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import Base, BigId, utcnow
from backend.db.types import EncryptedJSON, EncryptedText, UTCDateTime


class Appointment(Base):
    """A booked visit, video reception, reception day or call-back, for one queue item."""

    __tablename__ = "appointments"
    __table_args__ = (Index("ix_appointments_calendar", "starts_at", "kind"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    matter_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("matters.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # visit | video | chief | callback
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(Integer)
    # False once cancelled: the place is given back and the calendar no longer shows it.
    holds_place: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AppointmentSlot(Base):
    """Places taken in one slot of one kind; the row is made when its first place is taken."""

    __tablename__ = "appointment_slots"
    __table_args__ = (UniqueConstraint("kind", "starts_at", name="uq_appointment_slots"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class PushSubscription(Base):
    """One browser's Web Push subscription for a web conversation (deleted on 404/410)."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    # A keyed hash of the endpoint: the same browser subscribing twice is one row.
    endpoint_hash: Mapped[str] = mapped_column(String(64), unique=True)
    subscription: Mapped[Any] = mapped_column(EncryptedJSON)  # endpoint + keys (p256dh, auth)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SmsConsent(Base):
    """A web citizen's consent to SMS notices, with the phone they left (encrypted)."""

    __tablename__ = "sms_consents"

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    phone: Mapped[str] = mapped_column(EncryptedText)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
