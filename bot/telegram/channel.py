"""The Telegram channel inside ``frontdesk serve``: adapter, receiver and outbox sender.

``telegram_worker`` is registered in ``bot/workers.py``: when ``FRONTDESK_TELEGRAM_TOKEN`` is
set it starts the channel in the app's event loop (never taking its signals), sets the commands
and, by ``FRONTDESK_TELEGRAM_MODE``, starts long polling or registers the webhook, then drains
the outbox until the app stops. The running channel is ``services.telegram`` while it runs
(the webhook route feeds it). The outbox sender also sends the draft application letter
(.docx) after a reply that names one, built from the database when it is sent (``letters_of``).
"""

from __future__ import annotations

import logging
from typing import Any

from backend.container import Services
from backend.delivery import DeliveryTimer, Limits, OutboxWorker
from backend.services.letter import letter_for
from backend.settings import Settings
from bot.telegram.common import COMMANDS, TelegramBot, hook_id
from bot.telegram.receiver import CHANNEL, TelegramReceiver
from bot.telegram.sender import Letters, TelegramSender
from dialogs.catalog import default_catalog
from dialogs.types import Lang

log = logging.getLogger("frontdesk.telegram")
WEBHOOK_PATH = "/telegram/webhook/{hook_id}"


def build_bot(settings: Settings) -> TelegramBot:
    """The adapter ``FRONTDESK_TELEGRAM_LIBRARY`` names, pointed at ``TELEGRAM_API_BASE``."""
    if settings.telegram_library == "aiogram":
        from bot.telegram.aiogram_ import AiogramBot

        return AiogramBot(settings.telegram_token, settings.telegram_api_base)
    from bot.telegram.ptb import PtbBot

    return PtbBot(settings.telegram_token, settings.telegram_api_base)


def command_lists() -> dict[str | None, list[tuple[str, str]]]:
    """The /commands with descriptions from the catalog: Chinese by default, English for en."""
    catalog = default_catalog()
    languages: tuple[tuple[str | None, Lang], ...] = ((None, "zh-Hans"), ("en", "en"))
    return {
        language: [(c, catalog.text(lang, f"telegram.commands.{c}")) for c in COMMANDS]
        for language, lang in languages
    }


def letters_of(services: Services) -> Letters:
    """The sender's letter source: a conversation's own application letter, read from the db."""

    async def letters(conversation_id: str, tracking_no: str) -> tuple[str, bytes] | None:
        async with services.db.reader() as session:
            return await letter_for(
                session, conversation_id, tracking_no, services.settings.timezone
            )

    return letters


class TelegramChannel:
    """One bot: its adapter, the update receiver and the outbox worker."""

    def __init__(
        self,
        services: Services,
        *,
        bot: TelegramBot | None = None,
        timer: DeliveryTimer | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.services = services
        self.settings = services.settings
        self.bot = bot or build_bot(self.settings)
        self.receiver = TelegramReceiver(services, self.bot)
        sender = TelegramSender(self.bot, letters_of(services))
        self.worker = OutboxWorker(services, CHANNEL, sender, timer=timer, limits=limits)
        secret = self.settings.telegram_webhook_secret
        self.hook_id = hook_id(secret) if secret else None

    @property
    def webhook_url(self) -> str:
        """The public webhook URL: ``TELEGRAM_WEBHOOK_URL`` (the app's base URL) + our path."""
        base = str(self.settings.telegram_webhook_url).rstrip("/")
        return base + WEBHOOK_PATH.format(hook_id=self.hook_id)

    async def start(self) -> None:
        """Connect, set the commands, then poll or register the webhook."""
        await self.bot.open()
        await self.bot.set_commands(command_lists())
        if self.settings.telegram_mode == "webhook":
            if not self.hook_id or not self.settings.telegram_webhook_url:
                raise RuntimeError("webhook mode needs TELEGRAM_WEBHOOK_SECRET and _WEBHOOK_URL")
            await self.bot.set_webhook(self.webhook_url, self.settings.telegram_webhook_secret)
        else:
            await self.bot.start_polling(self.receiver.handle)
        self.services.telegram = self
        log.info("telegram started", extra={"mode": self.settings.telegram_mode})

    async def stop(self) -> None:
        """Stop polling and close the library's connections."""
        self.services.telegram = None
        await self.bot.close()

    async def feed(self, data: dict[str, Any]) -> None:
        """A webhook update: validated by the library, committed before this returns.

        Whatever the library raises about the update's shape (KeyError, TypeError, its own
        validation error) is a ``ValueError`` here: the caller answers 400, never 500.
        """
        try:
            update = self.bot.parse(data)
        except Exception as error:
            raise ValueError("not a Telegram update") from error
        await self.receiver.handle(update)

    async def run(self) -> None:
        """Start, drain the outbox until cancelled, then stop."""
        try:
            await self.start()
            await self.worker.run()
        finally:
            await self.stop()


async def telegram_worker(services: Services) -> None:
    """The ``WORKERS`` entry: runs the Telegram channel when a token is configured."""
    if not services.settings.telegram_token:
        return
    await TelegramChannel(services).run()
