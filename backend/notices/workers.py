"""The Web Push and SMS outbox workers (registered in ``bot/workers.py``)."""

from __future__ import annotations

from backend.container import Services
from backend.delivery import OutboxWorker
from backend.notices.away import PUSH, SMS
from backend.notices.sms import HttpSmsGateway, SmsSender
from backend.notices.vapid import VapidKeys, vapid_keys
from backend.notices.webpush import WebPushSender


def keys_for(services: Services) -> VapidKeys:
    """This deployment's VAPID keys."""
    settings = services.settings
    return vapid_keys(settings.vapid_private_key, settings.data_dir, settings.vapid_subject)


def push_worker_for(services: Services) -> OutboxWorker:
    """The outbox worker that sends Web Push notices."""
    return OutboxWorker(services, PUSH, WebPushSender(services, keys_for(services)))


def sms_worker_for(services: Services) -> OutboxWorker | None:
    """The outbox worker that sends SMS notices (None when no gateway is configured)."""
    settings = services.settings
    if not settings.sms_gateway_url:
        return None
    gateway = HttpSmsGateway(
        settings.sms_gateway_url, settings.sms_gateway_token, settings.sms_sign
    )
    return OutboxWorker(services, SMS, SmsSender(services, gateway))


async def push_worker(services: Services) -> None:
    """Send Web Push notices until cancelled."""
    await push_worker_for(services).run()


async def sms_worker(services: Services) -> None:
    """Send SMS notices until cancelled (nothing to do without a gateway)."""
    worker = sms_worker_for(services)
    if worker is not None:
        await worker.run()
