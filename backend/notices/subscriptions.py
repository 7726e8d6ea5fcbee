"""Setting up the notices: a browser's push subscription, a citizen's consent to SMS.

Both are asked for by the web page only after the citizen filed something, on a tap
(``bot/webchat/static/notices.js``). The SMS goes to the phone the citizen left with their
latest matter in this conversation; without one there is nothing to consent to.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from backend.db.crypto import active_cipher
from backend.db.database import Database
from backend.db.models import Matter, PushSubscription, SmsConsent


class NoPhone(LookupError):
    """The conversation left no phone number with any matter."""


async def subscribe(
    db: Database, conversation_id: str, subscription: dict[str, Any], now: datetime
) -> None:
    """Keep a browser's subscription (the same endpoint again replaces the old row)."""
    key = active_cipher().lookup_hash(str(subscription["endpoint"]))
    async with db.transaction() as session:
        await session.execute(delete(PushSubscription).where(PushSubscription.endpoint_hash == key))
        session.add(
            PushSubscription(
                conversation_id=conversation_id,
                endpoint_hash=key,
                subscription=subscription,
                created_at=now,
            )
        )


async def unsubscribe(db: Database, conversation_id: str, endpoint: str) -> None:
    """Forget a browser's subscription (the page turned notices off)."""
    key = active_cipher().lookup_hash(endpoint)
    async with db.transaction() as session:
        await session.execute(
            delete(PushSubscription).where(
                PushSubscription.endpoint_hash == key,
                PushSubscription.conversation_id == conversation_id,
            )
        )


async def consent_to_sms(db: Database, conversation_id: str, now: datetime) -> str:
    """Record the consent with the latest phone left here; the phone's last four digits."""
    async with db.transaction() as session:
        phone = await session.scalar(
            select(Matter.contact_phone)
            .where(Matter.conversation_id == conversation_id, Matter.contact_phone.is_not(None))
            .order_by(Matter.received_at.desc(), Matter.id.desc())
            .limit(1)
        )
        if not phone:
            raise NoPhone(conversation_id)
        await session.execute(
            delete(SmsConsent).where(SmsConsent.conversation_id == conversation_id)
        )
        session.add(SmsConsent(conversation_id=conversation_id, phone=phone, consented_at=now))
    return phone[-4:]


async def withdraw_sms(db: Database, conversation_id: str) -> None:
    """No more SMS notices for this conversation."""
    async with db.transaction() as session:
        await session.execute(
            delete(SmsConsent).where(SmsConsent.conversation_id == conversation_id)
        )
