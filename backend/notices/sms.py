"""SMS notices through an HTTP gateway, for web citizens who left a phone and consented.

The provider interface is one call, ``SmsGateway.send(phone, text, ref)``; ``HttpSmsGateway``
speaks a plain JSON API most Chinese SMS platforms can be fronted with::

    POST {FRONTDESK_SMS_GATEWAY_URL}   Authorization: Bearer {FRONTDESK_SMS_GATEWAY_TOKEN}
    {"to": "13800138000", "text": "…", "ref": "frontdesk-42", "sign": "检察服务前台"}

``ref`` is the outbox row, so a gateway that de-duplicates on it never sends one notice twice
after a retry. 2xx is sent; 429 waits for ``Retry-After``; other 4xx refuse this message;
5xx, timeouts and refused connections retry with back-off (``backend.delivery``).
"""

from __future__ import annotations

import logging
from typing import Protocol

import httpx
from sqlalchemy import select

from backend.container import Services
from backend.db.models import SmsConsent
from backend.delivery import Outgoing, Rejected, RetryAfter, Unavailable

log = logging.getLogger("frontdesk.sms")


class SmsGateway(Protocol):
    """Sends one text to one phone; raises ``DeliveryError`` subclasses."""

    async def send(self, phone: str, text: str, ref: str) -> None:
        """Send ``text`` to ``phone``; ``ref`` identifies the notice (idempotency key)."""
        ...


class HttpSmsGateway:
    """The JSON-over-HTTP provider interface (see the module docstring)."""

    def __init__(self, url: str, token: str, sign: str, timeout: float = 10.0) -> None:
        self.url, self.token, self.sign, self.timeout = url, token, sign, timeout

    async def send(self, phone: str, text: str, ref: str) -> None:
        """POST the message; map the answer onto the delivery errors."""
        body = {"to": phone, "text": text, "ref": ref, "sign": self.sign}
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.post(self.url, json=body, headers=headers)
        except httpx.HTTPError as error:
            raise Unavailable(type(error).__name__) from None
        if response.status_code == 429:
            raise RetryAfter(_seconds(response.headers.get("Retry-After")))
        if 400 <= response.status_code < 500:
            raise Rejected(f"gateway refused: {response.status_code}")
        if response.status_code >= 300:
            raise Unavailable(f"gateway: {response.status_code}")


def _seconds(value: str | None) -> float:
    try:
        return max(float(value or 60), 1.0)
    except ValueError:
        return 60.0


class SmsSender:
    """The ``Send`` function of the ``sms`` outbox worker: the consented phone, the notice."""

    def __init__(self, services: Services, gateway: SmsGateway) -> None:
        self.db, self.gateway = services.db, gateway

    async def __call__(self, item: Outgoing) -> None:
        """Send the row's notice sentence to the conversation's consented phone."""
        async with self.db.reader() as session:
            phone = await session.scalar(
                select(SmsConsent.phone).where(SmsConsent.conversation_id == item.conversation_id)
            )
        text = str(item.body.get("notice_text") or "")
        if not phone or not text:
            raise Rejected("no consented phone" if not phone else "no notice text")
        await self.gateway.send(phone, text, f"frontdesk-{item.id}")
        log.info("sms sent", extra={"outbox_id": item.id})
