"""Telegram updates into the runtime: one path for polling and the webhook, both libraries.

Every update is de-duplicated by the runtime's inbox with ``message_key = "<bot id>:<update
id>"`` (the inbox source is per conversation, and a chat is one conversation, so this is the
(bot, update) key), and committed before the caller returns: the webhook answers 200 only
after that, and a redelivered update is acknowledged without running again.

Choices made here:

- **Callback queries** are answered (``answerCallbackQuery``) every time, also when handling
  failed, so the citizen's button never keeps spinning.
- **Files**: the largest photo size getFile can serve, documents and voice notes are
  downloaded *before* the transaction (no lock is held over the network) and handed to
  ``backend.services.uploads.receive_upload``, the one upload path of every channel (content
  checks, budgets, stored with its turn). A refused file gets the catalog's explanation.
- **Stickers, locations, contacts, polls, …** get a polite explanation; nothing is stored but
  the fact that something unsupported arrived.
- **Edited messages** are never re-read: the original was already handled when it arrived
  (updates are handled in order), and silently changing an answer already given would confuse
  more than help. The citizen is asked to send the correction as a new message.
- **Groups**: personal matters are never handled in groups. A command there (``/start``…) gets
  one short "please message me privately"; other group messages are ignored, and no group
  message text is ever stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Conversation, InboxKey, Message
from backend.runtime import ChannelMessage, write_outbound
from backend.services.uploads import Upload, UploadRefused, receive_upload, source_key
from bot.telegram.common import Incoming, TelegramBot, lang_of, parse_indirect, parse_message
from dialogs.catalog import default_catalog
from dialogs.conversation import new_state
from dialogs.types import Inbound, Lang

log = logging.getLogger("frontdesk.telegram")
CHANNEL = "telegram"


@dataclass
class TelegramReceiver:
    """Turns update dicts into runtime turns (or catalog notices)."""

    services: Any
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
                await self._notice(incoming.chat_id, key, "telegram.group", None)
            return
        lang = lang_of(message.get("from"))
        if incoming.kind == "text":
            inbound = Inbound(text=incoming.text)
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
        self, chat_id: int, key: str, text_key: str, what: str | None, lang: Lang | None = None
    ) -> None:
        """Answer with one catalog sentence, through the outbox, once per update."""
        services = self.services
        now = services.clock.now()
        async with services.db.transaction() as session:
            conversation = await _conversation(session, services.db, str(chat_id), lang, now)
            source = f"{CHANNEL}:{conversation.id}"
            if await session.get(InboxKey, (source, key)) is not None:
                return
            inbound_id = None
            if what is not None:  # a private chat: keep the fact (never the content) for staff
                row = Message(
                    conversation_id=conversation.id,
                    direction="in",
                    author="citizen",
                    body={"text": "", "button": None, "unsupported": what, "attachments": []},
                    created_at=now,
                )
                session.add(row)
                await session.flush()
                inbound_id = row.id
            session.add(InboxKey(source=source, key=key, message_id=inbound_id, created_at=now))
            text = default_catalog().text(conversation.lang, text_key)  # type: ignore[arg-type]
            body: dict[str, Any] = {
                "text": text,
                "buttons": [],
                "ask": None,
                "outcome": None,
                "tracking_no": None,
            }
            write_outbound(session, conversation, body, author="bot", now=now, reply_to=inbound_id)
        services.notifier.notify("outbox")


async def _conversation(
    session: AsyncSession, db: Any, chat_key: str, lang: Lang | None, now: Any
) -> Conversation:
    query = select(Conversation).where(
        Conversation.channel == CHANNEL, Conversation.chat_key == chat_key
    )
    if not db.is_sqlite:
        query = query.with_for_update()
    conversation = (await session.execute(query)).scalar_one_or_none()
    if conversation is None:
        conversation = Conversation(
            channel=CHANNEL,
            chat_key=chat_key,
            state=new_state(lang or "zh-Hans"),
            lang=lang or "zh-Hans",
            created_at=now,
            updated_at=now,
        )
        session.add(conversation)
        await session.flush()
    return conversation


def _label_of(message: dict[str, Any], data: str) -> str | None:
    """The tapped button's label, from the keyboard Telegram echoes back."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    for row in rows:
        for button in row:
            if button.get("callback_data") == data:
                return str(button.get("text") or "") or None
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
