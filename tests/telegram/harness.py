"""Driving the Telegram channel end to end: the real library, the fake Bot API, a real database.

``running_channel`` starts ``TelegramChannel`` (adapter + receiver + outbox worker) exactly as
``frontdesk serve`` does, on a ``VirtualTimer`` shared with the fake, so pauses and back-offs
pass instantly and the fake records when each request arrived in that same time.
``Citizen`` injects what a person does and waits until the bot has handled it and sent every
reply (no sleeps as assertions; waits have a safety timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import Message, OutboxItem
from backend.delivery import VirtualTimer
from bot.telegram.channel import TelegramChannel
from tests.fakes.bot_api import FakeBotApi

TOKEN = "123456:TEST"
SECRET = "s3cret-Token_1"
CHAT = 1001


def configure(
    services: Services, api: FakeBotApi, library: str, mode: str = "polling", url: str = ""
) -> None:
    """Point the services' settings at the fake with the chosen library and mode."""
    services.settings = services.settings.model_copy(
        update={
            "telegram_token": TOKEN,
            "telegram_library": library,
            "telegram_mode": mode,
            "telegram_api_base": api.base_url,
            "telegram_webhook_secret": SECRET,
            "telegram_webhook_url": url,
        }
    )


@contextlib.asynccontextmanager
async def running_channel(
    services: Services, timer: VirtualTimer | None = None
) -> AsyncIterator[TelegramChannel]:
    """Run the channel as the app's worker would, until the block ends."""
    channel = TelegramChannel(services, timer=timer)
    task = asyncio.create_task(channel.run())
    try:
        async with asyncio.timeout(10):
            while services.telegram is None:
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        yield channel
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def settled(services: Services, updates: int, timeout: float = 15.0) -> None:
    """Wait until ``updates`` updates are recorded and nothing is left to send."""
    async with asyncio.timeout(timeout):
        while True:
            async with services.db.transaction() as session:  # see OutboxWorker._reading
                seen = await session.scalar(
                    select(func.count()).select_from(Message).where(Message.inbox_key.is_not(None))
                )
                unsent = await session.scalar(
                    select(func.count())
                    .select_from(OutboxItem)
                    .where(OutboxItem.status.in_(("pending", "sending")))
                )
            if (seen or 0) >= updates and not unsent:
                return
            await asyncio.sleep(0.02)


class Citizen:
    """One person in a private chat with the bot."""

    def __init__(self, services: Services, api: FakeBotApi, chat_id: int = CHAT) -> None:
        self.services, self.api, self.chat_id = services, api, chat_id
        self.updates = 0

    async def handled(self, update: dict[str, Any]) -> dict[str, Any]:
        """Wait until the update (counted across this test) is handled and replied to."""
        self.updates += 1
        await settled(self.services, self.updates)
        return update

    async def say(self, text: str) -> dict[str, Any]:
        """Type a message."""
        return await self.handled(self.api.inject_message(self.chat_id, text))

    async def tap(self, label: str) -> dict[str, Any]:
        """Tap the button whose label contains ``label`` on the newest message that has it."""
        answers = len(self.api.callback_answers)
        for message in reversed(self.api.sent_messages(self.chat_id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if label in button["text"]:
                        update = self.api.inject_callback(
                            self.chat_id, button["callback_data"], message["message_id"]
                        )
                        await self.handled(update)
                        await self.api.wait_until(lambda: len(self.api.callback_answers) > answers)
                        return update
        raise AssertionError(f"no button {label!r} in {self.texts()}")

    async def press(self, payload: str) -> dict[str, Any]:
        """Tap the newest button carrying ``payload`` (as its callback_data)."""
        for message in reversed(self.api.sent_messages(self.chat_id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                if any(b["callback_data"] == payload for b in row):
                    label = next(b["text"] for b in row if b["callback_data"] == payload)
                    return await self.tap(label)
        raise AssertionError(f"no button {payload!r}")

    def texts(self) -> list[str]:
        """Everything the bot sent to this chat."""
        return self.api.sent_texts(self.chat_id)

    def keyboard(self, index: int = -1) -> list[tuple[str, str]]:
        """(label, callback_data) of the buttons on a sent message."""
        message = self.api.sent_messages(self.chat_id)[index]
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return [(b["text"], b["callback_data"]) for row in rows for b in row]
