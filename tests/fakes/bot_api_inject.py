"""Injecting what a citizen does in Telegram as updates the bot will receive.

Every `inject_*` queues one update (numbered sequentially, wakes a pending long poll) and returns
a copy of it, so a test can later redeliver exactly the same update to a webhook. Media are
registered as files, so getFile and the download URL serve their bytes.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.bot_api_state import BotApiState, ChatId, now_unix


class UpdateInjector:
    """The injection half of `FakeBotApi`."""

    state: BotApiState

    def inject_message(
        self,
        chat_id: ChatId,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "zh-hans",
    ) -> dict[str, Any]:
        """A text message; a leading /command gets its bot_command entity, as Telegram adds."""
        message = self._citizen_message(chat_id, user_id, chat_type, language_code)
        message["text"] = text
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            length = len(command.encode("utf-16-le")) // 2  # entity offsets count UTF-16 units
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self._push_message(message)

    def inject_callback(
        self, chat_id: ChatId, data: str, message_id: int, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """A button press on one of the bot's messages."""
        message = self.state.messages.get((chat_id, message_id)) or {
            "message_id": message_id,
            "date": now_unix(),
            "chat": self.state.chat(chat_id),
            "from": self.state.bot_user(),
            "text": "…",
        }
        query_id = self.state.unique("CQ")
        self.state.open_callback_ids.add(query_id)
        query = {"id": query_id, "from": self._citizen(chat_id, user_id, "zh-hans")}
        query |= {"chat_instance": f"ci{chat_id}", "data": data, "message": message}
        return self.state.push_update({"callback_query": query})

    def inject_photo(
        self,
        chat_id: ChatId,
        sizes: list[tuple[int, int, bytes]],
        *,
        caption: str | None = None,
        user_id: int | None = None,
        media_group_id: str | None = None,
    ) -> dict[str, Any]:
        """A photo, sent as Telegram does: one `PhotoSize` per (width, height, bytes)."""
        message = self._citizen_message(chat_id, user_id)
        message["photo"] = [self._photo_size(w, h, content) for w, h, content in sizes]
        if caption:
            message["caption"] = caption
        if media_group_id:
            message["media_group_id"] = media_group_id
        return self._push_message(message)

    def inject_document(
        self,
        chat_id: ChatId,
        filename: str,
        content: bytes,
        mime: str,
        *,
        caption: str | None = None,
        user_id: int | None = None,
    ) -> dict[str, Any]:
        """A document (any file sent "as file")."""
        stored = self.state.store_file(content, "documents", filename)
        message = self._citizen_message(chat_id, user_id)
        message["document"] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        message["document"] |= {"file_name": filename, "mime_type": mime}
        message["document"]["file_size"] = len(content)
        if caption:
            message["caption"] = caption
        return self._push_message(message)

    def inject_voice(
        self, chat_id: ChatId, content: bytes, duration: int, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """A voice note (OGG/Opus in real life)."""
        stored = self.state.store_file(content, "voice", "voice.oga")
        voice: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        voice |= {"duration": duration, "mime_type": "audio/ogg", "file_size": len(content)}
        message = self._citizen_message(chat_id, user_id)
        message["voice"] = voice
        return self._push_message(message)

    def inject_sticker(
        self, chat_id: ChatId, emoji: str = "🙂", *, user_id: int | None = None
    ) -> dict[str, Any]:
        """A sticker."""
        stored = self.state.store_file(b"RIFF-sticker", "stickers", "sticker.webp")
        sticker: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
        }
        sticker |= {"type": "regular", "width": 512, "height": 512, "emoji": emoji}
        sticker |= {"is_animated": False, "is_video": False}
        message = self._citizen_message(chat_id, user_id)
        message["sticker"] = sticker
        return self._push_message(message)

    def inject_location(
        self, chat_id: ChatId, latitude: float, longitude: float, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """A shared location."""
        message = self._citizen_message(chat_id, user_id)
        message["location"] = {"latitude": latitude, "longitude": longitude}
        return self._push_message(message)

    def inject_contact(
        self,
        chat_id: ChatId,
        phone_number: str,
        first_name: str,
        *,
        user_id: int | None = None,
    ) -> dict[str, Any]:
        """A shared contact card."""
        message = self._citizen_message(chat_id, user_id)
        message["contact"] = {"phone_number": phone_number, "first_name": first_name}
        message["contact"]["user_id"] = message["from"]["id"]
        return self._push_message(message)

    def inject_edited_message(
        self, chat_id: ChatId, message_id: int, text: str, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """The citizen edited an earlier text message of theirs."""
        earlier = self.state.messages.get((chat_id, message_id))
        message = dict(earlier) if earlier else self._citizen_message(chat_id, user_id)
        message |= {"message_id": message_id, "text": text, "edit_date": now_unix()}
        self.state.messages[(chat_id, message_id)] = message
        return self.state.push_update({"edited_message": message})

    def inject_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        """Any update dict; it gets the next update_id unless it carries its own."""
        return self.state.push_update(dict(update))

    # -- building blocks -------------------------------------------------------------------------

    def _citizen(self, chat_id: ChatId, user_id: int | None, language: str | None) -> Any:
        uid = user_id if user_id is not None else chat_id if isinstance(chat_id, int) else 4242
        if uid == chat_id and isinstance(chat_id, int) and chat_id < 0:
            uid = 4242  # in a group the sender is a person, not the group
        user: dict[str, Any] = {"id": uid, "is_bot": False, "first_name": "Citizen"}
        if language:
            user["language_code"] = language
        return user

    def _citizen_message(
        self,
        chat_id: ChatId,
        user_id: int | None,
        chat_type: str | None = None,
        language: str | None = "zh-hans",
    ) -> dict[str, Any]:
        chat = self.state.chat(chat_id, chat_type)
        message: dict[str, Any] = {"message_id": self.state.new_message_id(chat_id)}
        message |= {"date": now_unix(), "chat": chat}
        message["from"] = self._citizen(chat_id, user_id, language)
        return message

    def _push_message(self, message: dict[str, Any]) -> dict[str, Any]:
        self.state.messages[(message["chat"]["id"], message["message_id"])] = message
        return self.state.push_update({"message": message})

    def _photo_size(self, width: int, height: int, content: bytes) -> dict[str, Any]:
        stored = self.state.store_file(content, "photos", f"{width}x{height}.jpg")
        size: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        return size | {"width": width, "height": height, "file_size": len(content)}
