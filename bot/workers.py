"""Background workers started with the app: outbox senders, reminders, purges, FAQ reloads.

Each worker is an asyncio task; each area adds its own in ``WORKERS``. Workers claim rows
from the database, so several processes can run them side by side.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from backend.container import Services
from backend.notices.workers import push_worker, sms_worker
from backend.services import retention
from backend.services.faq_reload import faq_reload_worker
from backend.services.reminder_worker import run_reminders
from bot.telegram.channel import telegram_worker

log = logging.getLogger("frontdesk.workers")

Worker = Callable[[Services], Awaitable[None]]
WORKERS: list[Worker] = []
WORKERS.append(retention.retention_worker)
WORKERS.append(telegram_worker)
WORKERS.append(run_reminders)
WORKERS.append(faq_reload_worker)
WORKERS.append(push_worker)
WORKERS.append(sms_worker)


async def start(services: Services) -> list[asyncio.Task[None]]:
    """Start every registered worker."""
    return [asyncio.create_task(_guarded(worker, services)) for worker in WORKERS]


async def _guarded(worker: Worker, services: Services) -> None:
    while True:
        try:
            await worker(services)
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("worker crashed; restarting", extra={"worker": worker.__name__})
            await asyncio.sleep(1.0)


async def stop(tasks: list[asyncio.Task[None]]) -> None:
    """Cancel the workers and wait for them."""
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
