"""Telegram updates into the runtime: one path for polling and the webhook, both libraries.

Every update goes through the runtime, de-duplicated by ``message_key = "<bot id>:<update
id>"`` (unique per conversation, and a chat is one conversation, so this is the (bot, update)
key), and committed before the caller returns: the webhook answers 200 only after that, and a
redelivered update is acknowledged without running again. Updates that are not turns
(stickers, edits, group commands) are answered with ``Runtime.notice``.

Choices made here:

- **Callback queries** are answered (``answerCallbackQuery``) every time, also when handling
  failed, so the citizen's button never keeps spinning.
- **Files**: the largest photo size getFile can serve, documents and voice notes are
  downloaded *before* the transaction (no lock is held over the network) and handed to
  ``backend.services.uploads.receive_upload``, the one upload path of every channel (content
  checks, budgets, stored with its turn). A refused file gets the catalog's explanation.
- **Locations** (and a venue's location) go to the engine as ``Inbound.location``: a public-
  interest lead takes it as the place; elsewhere the citizen is offered a lead. Videos take
  the file path, like photos.
- **Stickers, contacts, polls, …** get a polite explanation; nothing is stored but the fact
  that something unsupported arrived.
- **Edited messages** are never re-read: the original was already handled when it arrived
  (updates are handled in order), and silently changing an answer already given would confuse
  more than help. The citizen is asked to send the correction as a new message.
- **Groups**: personal matters are never handled in groups. A command there (``/start``…) gets
  one short "please message me privately" (recorded as the fact ``group``, never its text);
  other group messages are ignored, and no group message text is ever stored.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.models import Conversation, Message
from backend.runtime import ChannelMessage
from backend.services.uploads import Upload, UploadRefused, receive_upload, source_key
from bot.telegram.common import Incoming, TelegramBot, lang_of, parse_indirect, parse_message
from dialogs.types import Inbound, Lang, Location

log = logging.getLogger("frontdesk.telegram")
CHANNEL = "telegram"


@dataclass
class TelegramReceiver:
    """Turns update dicts into runtime turns (or catalog notices)."""

    services: Services
    bot: TelegramBot
    bot_username: str = ""

    async def handle(self, update: dict[str, Any]) -> None:
        """Handle one update; returns once everything it changed is committed."""
        key = f"{self.bot.bot_id}:{update.get('update_id')}"
        if isinstance(update.get("callback_query"), dict):
            await self._callback(update["callback_query"], key)
        elif isinstance(update.get("message"), dict):
            await self._message(update["message"], key)
        elif isinstance(update.get("edited_message"), dict):
            incoming = parse_message(update["edited_message"], self.bot_username)
            if incoming.private:
                await self._notice(incoming.chat_id, key, "telegram.edited", "edited")
        # Anything else (membership changes, …) is acknowledged and ignored.

    async def _callback(self, query: dict[str, Any], key: str) -> None:
        try:
            message = query.get("message") or {}
            chat = message.get("chat") or {}
            if chat.get("type") != "private" or "data" not in query:
                return
            data = str(query["data"])
            label = _label_of(message, data)
            await self.services.runtime.receive(
                ChannelMessage(
                    CHANNEL,
                    str(chat["id"]),
                    Inbound(button=data),
                    message_key=key,
                    lang=lang_of(query.get("from")),
                    label=label,
                ),
                prepare=_resolve_button(data) if parse_indirect(data) else None,
            )
        finally:
            try:
                await self.bot.answer_callback(str(query.get("id")))
            except Exception:
                log.warning("answerCallbackQuery failed", extra={"update": key})

    async def _message(self, message: dict[str, Any], key: str) -> None:
        incoming = parse_message(message, self.bot_username)
        if not incoming.private:
            if incoming.kind == "text" and incoming.text.startswith("/"):
                await self._notice(incoming.chat_id, key, "telegram.group", "group")
            return
        lang = lang_of(message.get("from"))
        if incoming.kind in ("text", "location"):
            where = Location(*incoming.location) if incoming.location else None
            inbound = Inbound(text=incoming.text, location=where)
            await self.services.runtime.receive(
                ChannelMessage(CHANNEL, str(incoming.chat_id), inbound, key, lang)
            )
        elif incoming.kind == "unsupported":
            text_key = "attachments.too_large" if incoming.what == "too_large" else None
            await self._notice(
                incoming.chat_id, key, text_key or "telegram.unsupported", incoming.what, lang
            )
        else:
            await self._file(incoming, key, lang)

    async def _file(self, incoming: Incoming, key: str, lang: Lang | None) -> None:
        limit = self.services.settings.max_attachment_bytes
        if incoming.file_size > limit:
            await self._notice(incoming.chat_id, key, "attachments.too_large", "file", lang)
            return
        try:
            content = await self.bot.download(str(incoming.file_id))
        except Exception:
            log.warning("file download failed", extra={"update": key})
            await self._notice(incoming.chat_id, key, "telegram.download_failed", "file", lang)
            return
        message = ChannelMessage(
            CHANNEL, str(incoming.chat_id), Inbound(text=incoming.text), key, lang
        )
        upload = Upload(
            content,
            incoming.filename,
            source_key(CHANNEL, str(incoming.chat_id)),
            voice_hint=incoming.kind == "voice",
        )
        try:
            await receive_upload(self.services, message, upload)
        except UploadRefused as refused:
            await self._notice(incoming.chat_id, key, refused.text_key, incoming.kind, lang)

    async def _notice(
        self, chat_id: int, key: str, text_key: str, what: str, lang: Lang | None = None
    ) -> None:
        """Answer with one catalog sentence, through the runtime (once per update)."""
        message = ChannelMessage(CHANNEL, str(chat_id), Inbound(), key, lang)
        await self.services.runtime.notice(message, text_key, unsupported=what)


def _label_of(message: dict[str, Any], data: str) -> str | None:
    """The tapped button's label, from the keyboard Telegram echoes back."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    for row in rows:
        for button in row:
            if button.get("callback_data") == data:
                # "2. 讨要工资" was shown; the citizen chose "讨要工资".
                return re.sub(r"^\d+\. ", "", str(button.get("text") or "")) or None
    return None


def _resolve_button(data: str) -> Any:
    """A prepare hook that swaps a ``~<message>.<index>`` pointer for the stored payload."""
    pointer = parse_indirect(data)

    async def prepare(session: AsyncSession, conversation: Conversation) -> Inbound:
        assert pointer is not None
        message = await session.get(Message, pointer[0])
        if message is None or message.conversation_id != conversation.id:
            return Inbound(text="")  # a stale or foreign button: the engine re-asks
        buttons = (message.body or {}).get("buttons") or []
        if pointer[1] >= len(buttons):
            return Inbound(text="")
        return Inbound(button=str(buttons[pointer[1]]["payload"]))

    return prepare
