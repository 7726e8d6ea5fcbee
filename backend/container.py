"""The process's services, typed: what a route, a worker or an effect handler may touch.

Built once per process by ``backend.wiring.build_services`` (the composition root). This
module imports no effect handler, route or worker, so every one of them can import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from backend.db.database import Database
from backend.deadlines import DeadlinePolicy, WorkCalendar
from backend.effects import EffectRegistry
from backend.metrics import Metrics
from backend.notifier import Notifier
from backend.office_hours import OfficeHours
from backend.ratelimit import RateLimiter
from backend.runtime import Runtime
from backend.settings import Settings
from dialogs.types import Clock, FaqSource


class WebhookChannel(Protocol):
    """A running channel that takes pushed updates (Telegram in webhook mode)."""

    hook_id: str | None

    async def feed(self, update: dict[str, Any]) -> None:
        """Handle one update; returns once it is committed."""
        ...


@dataclass
class Services:
    """Everything a process needs, built once: database, runtime, knowledge, time, deadlines."""

    settings: Settings
    db: Database
    runtime: Runtime
    effects: EffectRegistry
    clock: Clock
    notifier: Notifier
    office_hours: OfficeHours
    faq: FaqSource | None
    # The statutory reply deadlines (complaints, reminders), built from the settings.
    calendar: WorkCalendar
    deadline_policy: DeadlinePolicy
    metrics: Metrics
    # The edge rate limiter; None builds one from the settings (tests pass their own).
    rate_limiter: RateLimiter | None = None
    # The Telegram channel once started (the webhook route feeds it updates).
    telegram: WebhookChannel | None = None
