"""How the fake hands updates out: getUpdates long polling, or POSTs to a registered webhook.

Long polling follows Telegram: `offset` confirms every earlier update, `timeout` holds the request
open until an update arrives (or the fake stops, goes down, or a newer getUpdates takes over,
which ends the older one with 409), and getUpdates is refused with 409 while a webhook is set.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from tests.fakes.bot_api_methods import apply_allowed_updates
from tests.fakes.bot_api_params import Params
from tests.fakes.bot_api_state import ApiError, BotApiState

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active;"
    " use deleteWebhook to delete the webhook first"
)
TERMINATED = (
    "Conflict: terminated by other getUpdates request;"
    " make sure that only one bot instance is running"
)
MAX_POLL_SECONDS = 50  # Telegram caps long-poll timeouts around this


class PollingMixin:
    """The update-delivery half of `FakeBotApi`."""

    state: BotApiState
    closing: bool
    waiting_polls: int
    _down: bool

    def _init_polling(self) -> None:
        self.closing = False
        self._down = False
        self.waiting_polls = 0
        self._poll_generation = 0

    async def get_updates(self, params: Params) -> list[dict[str, Any]]:
        """getUpdates with offset, limit, timeout and allowed_updates."""
        if self.state.webhook is not None:
            raise ApiError(409, WEBHOOK_ACTIVE)
        apply_allowed_updates(self.state, params)
        if "offset" in params.values:
            self.state.confirm(params.integer("offset", 0))
        limit = min(max(params.integer("limit", 100), 1), 100)
        timeout = min(max(params.integer("timeout", 0), 0), MAX_POLL_SECONDS)
        self._poll_generation += 1
        generation = self._poll_generation
        self.state.notify()  # an older poll still waiting must notice it was superseded
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self.state.changed()
            if generation != self._poll_generation:
                raise ApiError(409, TERMINATED)
            batch = self.state.deliverable(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self.closing or self._down:
                return batch
            await self._wait(changed, remaining)

    async def _wait(self, changed: asyncio.Event, remaining: float) -> None:
        self.waiting_polls += 1
        if self.waiting_polls == 1:
            self.state.notify()  # lets a test see that a poll is now pending
            changed = self.state.changed()  # not the event just set: that would wake us at once
        try:
            await asyncio.wait_for(changed.wait(), remaining)
        except TimeoutError:
            pass
        finally:
            self.waiting_polls -= 1

    async def wait_for_poll(self, timeout: float = 10.0) -> None:
        """Wait until a getUpdates request is held open, waiting for updates."""
        async with asyncio.timeout(timeout):
            while self.waiting_polls == 0:
                await self.state.changed().wait()

    async def deliver_webhook(
        self,
        update: dict[str, Any],
        *,
        url: str | None = None,
        secret_token: str | None = None,
        omit_secret: bool = False,
    ) -> int:
        """POST one update to the webhook as Telegram does; returns the HTTP status.

        `secret_token` overrides the registered one (to send a wrong one); `omit_secret` sends
        no header at all. The same update can be delivered again to test redelivery.
        """
        webhook = self.state.webhook
        target = url or (webhook.url if webhook else None)
        if target is None:
            raise RuntimeError("no webhook registered and no url given")
        secret = secret_token or (webhook.secret_token if webhook else None)
        headers = {SECRET_HEADER: secret} if secret and not omit_secret else {}
        timeout = aiohttp.ClientTimeout(total=60)  # Telegram waits up to 60 s for the answer
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(target, json=update, headers=headers) as response,
        ):
            await response.read()
            return response.status

    async def deliver_pending(self) -> list[int]:
        """Deliver queued updates to the webhook in order; 2xx confirms, the first failure stops."""
        statuses: list[int] = []
        for update in self.state.deliverable(100):
            status = await self.deliver_webhook(update)
            statuses.append(status)
            if not 200 <= status < 300:
                break
            self.state.confirm(int(update["update_id"]) + 1)
        return statuses
