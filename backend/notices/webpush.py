"""Delivering an outbox row as Web Push to every browser the conversation subscribed.

The standard protocol (RFC 8030 push, RFC 8291 ``aes128gcm`` encryption, RFC 8292 VAPID) via
pywebpush. The payload is a short JSON notice (title, the ``notice_text`` sentence, the page
to open), never the message itself. Per subscription: 201 is delivered; 404 or 410 means the
browser unsubscribed, so the subscription is deleted; 429 waits as told; other 4xx refuse;
5xx, timeouts and refused connections retry. The row succeeds when one browser got it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from backend.container import Services
from backend.db.models import PushSubscription
from backend.delivery import Outgoing, Rejected, RetryAfter, Unavailable
from backend.notices.vapid import VapidKeys
from dialogs.catalog import default_catalog

if TYPE_CHECKING:
    from pywebpush import WebPushException

log = logging.getLogger("frontdesk.webpush")

TTL_SECONDS = 3 * 24 * 3600  # a phone off for a weekend still gets it
GONE = (404, 410)


@dataclass
class _Outcome:
    delivered: int = 0
    gone: int = 0
    retry_after: float | None = None
    unavailable: bool = False
    rejected: bool = False


class WebPushSender:
    """The ``Send`` function of the ``webpush`` outbox worker."""

    def __init__(self, services: Services, keys: VapidKeys) -> None:
        self.db, self.keys = services.db, keys

    async def __call__(self, item: Outgoing) -> None:
        """Push to each subscription; raises a ``DeliveryError`` when none was reached."""
        subscriptions = await self._subscriptions(item.conversation_id)
        if not subscriptions:
            raise Rejected("no push subscription")
        payload = json.dumps(_payload(item), ensure_ascii=False)
        outcome = _Outcome()
        # Imported at the first push, not at start-up: aiohttp and pywebpush are 14 MB and
        # 0.15 s of every worker's start, and most deployments never push.
        import aiohttp

        async with aiohttp.ClientSession() as http:
            for row_id, info in subscriptions:
                await self._push_one(http, row_id, info, payload, outcome)
        _raise_unless_delivered(outcome)

    async def _push_one(
        self, http: Any, row_id: int, info: dict[str, Any], payload: str, outcome: _Outcome
    ) -> None:
        import aiohttp
        from pywebpush import WebPushException, webpush_async

        try:
            await webpush_async(
                info,
                payload,
                vapid_private_key=self.keys.signer,
                vapid_claims={"sub": self.keys.subject},  # a fresh dict: pywebpush fills it in
                ttl=TTL_SECONDS,
                timeout=10,
                aiohttp_session=http,
            )
            outcome.delivered += 1
        except WebPushException as error:
            await self._refused(row_id, error, outcome)
        except (aiohttp.ClientError, TimeoutError, OSError):
            outcome.unavailable = True

    async def _refused(self, row_id: int, error: WebPushException, outcome: _Outcome) -> None:
        response = error.response
        status = getattr(response, "status", None) or getattr(response, "status_code", None)
        if status in GONE:
            outcome.gone += 1
            await self._forget(row_id)
        elif status == 429:
            headers = getattr(response, "headers", {}) or {}
            outcome.retry_after = _seconds(headers.get("Retry-After"))
        elif status is not None and 400 <= int(status) < 500:
            outcome.rejected = True
        else:
            outcome.unavailable = True

    async def _subscriptions(self, conversation_id: str) -> list[tuple[int, dict[str, Any]]]:
        async with self.db.reader() as session:
            rows = await session.execute(
                select(PushSubscription.id, PushSubscription.subscription).where(
                    PushSubscription.conversation_id == conversation_id
                )
            )
            return [(int(i), dict(s)) for i, s in rows]

    async def _forget(self, row_id: int) -> None:
        """The push service says this subscription is gone: delete it."""
        async with self.db.transaction() as session:
            await session.execute(delete(PushSubscription).where(PushSubscription.id == row_id))
        log.info("push subscription gone, deleted", extra={"subscription": row_id})


def _payload(item: Outgoing) -> dict[str, Any]:
    text = str(item.body.get("notice_text") or "")
    title = default_catalog().text("zh-Hans", "notices.title")
    return {"title": title, "body": text, "url": "/", "tag": f"frontdesk-{item.message_id}"}


def _seconds(value: Any) -> float:
    try:
        return max(float(value), 1.0)
    except (TypeError, ValueError):
        return 60.0


def _raise_unless_delivered(outcome: _Outcome) -> None:
    if outcome.delivered:
        return
    if outcome.retry_after is not None:
        raise RetryAfter(outcome.retry_after)
    if outcome.unavailable:
        raise Unavailable("push service unavailable")
    raise Rejected("gone" if outcome.gone and not outcome.rejected else "refused")
