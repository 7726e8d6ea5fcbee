"""All tables. One module per area; importing this package registers them on ``Base``."""

from backend.db.models.appointments import (
    Appointment,
    AppointmentSlot,
    PushSubscription,
    SmsConsent,
)
from backend.db.models.base import Base
from backend.db.models.casework import FollowUp, MatterTerm
from backend.db.models.conversations import (
    Attachment,
    Conversation,
    FaqFeedback,
    FaqMiss,
    Message,
    OutboxItem,
)
from backend.db.models.matters import Matter, MatterEvent, Reminder
from backend.db.models.notifications import StaffNotification
from backend.db.models.security import StreamTicket, ThrottleMark
from backend.db.models.staff import AuditEntry, FaqRevision, StaffSession, StaffUser

__all__ = [
    "Appointment",
    "AppointmentSlot",
    "Attachment",
    "AuditEntry",
    "Base",
    "Conversation",
    "FaqFeedback",
    "FaqMiss",
    "FaqRevision",
    "FollowUp",
    "Matter",
    "MatterEvent",
    "MatterTerm",
    "Message",
    "OutboxItem",
    "PushSubscription",
    "Reminder",
    "SmsConsent",
    "StaffNotification",
    "StaffSession",
    "StaffUser",
    "StreamTicket",
    "ThrottleMark",
]
