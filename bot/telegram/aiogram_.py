"""The aiogram (3.x) adapter: a thin translator, run inside our event loop.

Polling runs with ``handle_signals=False`` (aiogram would otherwise take uvicorn's SIGINT and
SIGTERM), ``close_bot_session=False`` (the outbox sender shares the bot) and
``handle_as_tasks=False`` (updates are handled one after another, in order, and none is cut off
on stop). Library errors become ``backend.delivery`` errors here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiogram
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeDefault,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)

from backend.delivery import Blocked, Rejected, RetryAfter, Unavailable
from bot.telegram.common import ALLOWED_UPDATES, Keyboard, UpdateHandler, bot_id_of

log = logging.getLogger("frontdesk.telegram.aiogram")
POLL_TIMEOUT = 30


class AiogramBot:
    """``TelegramBot`` on aiogram."""

    def __init__(self, token: str, api_base: str) -> None:
        self.bot_id = bot_id_of(token)
        server = TelegramAPIServer.from_base(api_base.rstrip("/"))
        self.bot = aiogram.Bot(token, session=AiohttpSession(api=server))
        self.dispatcher = aiogram.Dispatcher()
        self._polling: asyncio.Task[None] | None = None
        self._handler: UpdateHandler | None = None

    async def open(self) -> None:
        """getMe: fail early on a wrong token or address."""
        await self.bot.get_me()

    async def close(self) -> None:
        """Stop polling and close the HTTP session."""
        await self.stop_polling()
        await self.bot.session.close()

    async def start_polling(self, handler: UpdateHandler) -> None:
        """Route messages, edits and button presses to ``handler``; poll in the background."""
        self._handler = handler
        for observer in (
            self.dispatcher.message,
            self.dispatcher.edited_message,
            self.dispatcher.callback_query,
        ):
            observer.register(self._on_event)
        self._polling = asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot,
                handle_signals=False,
                close_bot_session=False,
                handle_as_tasks=False,
                polling_timeout=POLL_TIMEOUT,
                allowed_updates=list(ALLOWED_UPDATES),
            )
        )

    async def stop_polling(self) -> None:
        """Stop the polling task (stop_polling raises when not running, hence the guard)."""
        task, self._polling = self._polling, None
        if task is None:
            return
        if not task.done():
            with contextlib.suppress(RuntimeError):
                await self.dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _on_event(self, event: Any, event_update: Update) -> None:
        if self._handler is not None:
            await self._handler(_as_dict(event_update))

    async def set_commands(self, commands: dict[str | None, list[tuple[str, str]]]) -> None:
        """setMyCommands, once per language."""
        for language, pairs in commands.items():
            await self.bot.set_my_commands(
                [BotCommand(command=name, description=text) for name, text in pairs],
                scope=BotCommandScopeDefault(),
                language_code=language,
            )

    async def set_webhook(self, url: str, secret: str) -> None:
        """setWebhook with our secret and update types."""
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES))

    def parse(self, data: dict[str, Any]) -> dict[str, Any]:
        """Validate with aiogram's model; the raw dict goes on (nothing is lost)."""
        Update.model_validate(data, context={"bot": self.bot})
        return data

    async def send_text(self, chat_id: int, text: str, keyboard: Keyboard) -> None:
        """sendMessage with an inline keyboard."""
        markup = (
            InlineKeyboardMarkup(
                inline_keyboard=[
                    [InlineKeyboardButton(text=t, callback_data=d) for t, d in row]
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
        document = BufferedInputFile(content, filename=filename)
        async with _delivery_errors():
            await self.bot.send_document(chat_id, document, caption=caption or None)

    async def answer_callback(self, query_id: str) -> None:
        """answerCallbackQuery."""
        await self.bot.answer_callback_query(query_id)

    async def download(self, file_id: str) -> bytes:
        """getFile, then the file's bytes."""
        buffer = await self.bot.download(file_id)
        if buffer is None:
            raise RuntimeError("nothing downloaded")
        return buffer.read()


@contextlib.asynccontextmanager
async def _delivery_errors() -> AsyncIterator[None]:
    """aiogram's errors as ``backend.delivery`` errors (the sender stays library-neutral)."""
    try:
        yield
    except TelegramRetryAfter as error:
        raise RetryAfter(float(error.retry_after)) from None
    except TelegramForbiddenError:
        raise Blocked("403") from None
    except TelegramBadRequest as error:
        raise Rejected(error.message[:120]) from None
    except TelegramAPIError as error:  # network errors, 5xx, timeouts
        raise Unavailable(type(error).__name__) from None


def _as_dict(update: Update) -> dict[str, Any]:
    """The update as the Bot API's JSON (``from`` instead of ``from_user``, no nulls)."""
    return update.model_dump(mode="json", by_alias=True, exclude_none=True)
