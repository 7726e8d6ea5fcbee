"""The python-telegram-bot (22.x) adapter: a thin translator, run inside our event loop.

PTB's ``run_polling`` owns the loop and its signals, so it is never used: the wiki order is
``initialize → start → updater.start_polling`` and back (``updater.stop → stop → shutdown``).
Library errors become ``backend.delivery`` errors here, so the sender stays library-neutral.
"""

from __future__ import annotations

import contextlib
import datetime as dtm
import io
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from backend.delivery import Blocked, Rejected, RetryAfter, Unavailable
from bot.telegram.common import ALLOWED_UPDATES, Keyboard, UpdateHandler, bot_id_of

# PTB 22 warns about int retry_after/timeouts unless it may use timedelta (warnings are errors).
os.environ.setdefault("PTB_TIMEDELTA", "true")

import telegram
import telegram.error
import telegram.ext

log = logging.getLogger("frontdesk.telegram.ptb")
POLL_TIMEOUT = dtm.timedelta(seconds=30)


class PtbBot:
    """``TelegramBot`` on python-telegram-bot."""

    def __init__(self, token: str, api_base: str, *, pool_size: int = 64) -> None:
        self.bot_id = bot_id_of(token)
        base = api_base.rstrip("/")
        self.app = (
            telegram.ext.ApplicationBuilder()
            .token(token)
            .base_url(f"{base}/bot")
            .base_file_url(f"{base}/file/bot")
            .connection_pool_size(pool_size)  # PTB's default of 1 serialises parallel sends
            .build()
        )
        self._handler: UpdateHandler | None = None
        self._started = False

    @property
    def bot(self) -> telegram.Bot:
        """The library's bot."""
        return self.app.bot

    async def open(self) -> None:
        """initialize() (calls getMe)."""
        await self.app.initialize()

    async def close(self) -> None:
        """shutdown(): closes the HTTP pools."""
        await self.stop_polling()
        await self.app.shutdown()

    async def start_polling(self, handler: UpdateHandler) -> None:
        """Route every update to ``handler`` in order, then poll in the background."""
        self._handler = handler
        self.app.add_handler(telegram.ext.TypeHandler(telegram.Update, self._on_update))
        self.app.add_error_handler(self._on_error)
        await self.app.start()
        assert self.app.updater is not None
        await self.app.updater.start_polling(
            poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=list(ALLOWED_UPDATES)
        )
        self._started = True

    async def stop_polling(self) -> None:
        """updater.stop() then stop(): pending updates are handled before it returns."""
        if not self._started:
            return
        self._started = False
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()

    async def _on_update(self, update: telegram.Update, context: Any) -> None:
        if self._handler is not None:
            await self._handler(update.to_dict())

    async def _on_error(self, update: object, context: Any) -> None:
        log.error("update failed", exc_info=context.error)

    async def set_commands(self, commands: dict[str | None, list[tuple[str, str]]]) -> None:
        """setMyCommands, once per language."""
        for language, pairs in commands.items():
            await self.bot.set_my_commands(
                [telegram.BotCommand(name, text) for name, text in pairs], language_code=language
            )

    async def set_webhook(self, url: str, secret: str) -> None:
        """setWebhook with our secret and update types."""
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES))

    def parse(self, data: dict[str, Any]) -> dict[str, Any]:
        """Validate with ``Update.de_json``; the raw dict goes on (nothing is lost)."""
        telegram.Update.de_json(data, self.bot)
        return data

    async def send_text(self, chat_id: int, text: str, keyboard: Keyboard) -> None:
        """sendMessage with an inline keyboard."""
        markup = (
            telegram.InlineKeyboardMarkup(
                [
                    [telegram.InlineKeyboardButton(t, callback_data=d) for t, d in row]
                    for row in keyboard
                ]
            )
            if keyboard
            else None
        )
        async with _delivery_errors():
            await self.bot.send_message(chat_id, text, reply_markup=markup)

    async def send_document(
        self, chat_id: int, filename: str, content: bytes, caption: str = ""
    ) -> None:
        """sendDocument with the bytes uploaded under ``filename``."""
        document = telegram.InputFile(io.BytesIO(content), filename=filename)
        async with _delivery_errors():
            await self.bot.send_document(chat_id, document=document, caption=caption or None)

    async def answer_callback(self, query_id: str) -> None:
        """answerCallbackQuery."""
        await self.bot.answer_callback_query(query_id)

    async def download(self, file_id: str) -> bytes:
        """getFile, then the file's bytes."""
        file = await self.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())


@contextlib.asynccontextmanager
async def _delivery_errors() -> AsyncIterator[None]:
    """PTB's errors as ``backend.delivery`` errors (the sender stays library-neutral)."""
    try:
        yield
    except telegram.error.RetryAfter as error:
        delay = error.retry_after
        seconds = delay.total_seconds() if isinstance(delay, dtm.timedelta) else float(delay)
        raise RetryAfter(seconds) from None
    except telegram.error.Forbidden:
        raise Blocked("403") from None
    except telegram.error.BadRequest as error:
        raise Rejected(error.message[:120]) from None
    except telegram.error.TelegramError as error:  # NetworkError, TimedOut, 5xx
        raise Unavailable(type(error).__name__) from None
