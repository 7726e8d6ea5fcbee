"""What the fake Bot API remembers: pending updates, messages, files, chats, webhook, commands.

Everything here is plain data plus a change pulse, so the HTTP layer and the injection API share
one source of truth and waiters (long polls, tests) wake on any change.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ChatId = int | str
Clock = Callable[[], float]

# Telegram's default when a bot never chose: everything except these three.
NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
GROUP_CHAT_TYPES = frozenset({"group", "supergroup", "channel"})


class ApiError(Exception):
    """A Bot API error answer: HTTP status = error_code, Telegram's JSON body."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends with this error."""
        body: dict[str, Any] = {"ok": False, "error_code": self.code}
        body["description"] = self.description
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass
class StoredFile:
    """A file the fake can hand out through getFile and the download URL."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes

    def as_file(self) -> dict[str, Any]:
        """The Bot API `File` object."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


@dataclass
class Webhook:
    """What setWebhook registered."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40


@dataclass
class BotApiState:
    """The fake's memory; the HTTP handlers and the injection API both work on it."""

    token: str
    username: str
    clock: Clock = time.monotonic
    pending: list[dict[str, Any]] = field(default_factory=list)
    messages: dict[tuple[ChatId, int], dict[str, Any]] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    chats: dict[ChatId, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    webhook: Webhook | None = None
    allowed_updates: frozenset[str] | None = None
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    open_callback_ids: set[str] = field(default_factory=set)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    blocked_chats: set[ChatId] = field(default_factory=set)
    next_update_id: int = 1
    _message_ids: dict[ChatId, int] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def bot_id(self) -> int:
        """The bot's user id: the digits before the colon of the token."""
        return int(self.token.split(":", 1)[0])

    def bot_user(self) -> dict[str, Any]:
        """The bot as a Bot API `User`."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Frontdesk Test",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    # -- change pulse ----------------------------------------------------------------------------

    def notify(self) -> None:
        """Wake everyone waiting for a change (long polls, test waiters)."""
        self._changed.set()
        self._changed = asyncio.Event()

    def changed(self) -> asyncio.Event:
        """The event the next change will set; take it *before* checking a condition."""
        return self._changed

    # -- ids, chats, files -----------------------------------------------------------------------

    def unique(self, prefix: str) -> str:
        """A fresh opaque id such as a file_id or callback query id."""
        return f"{prefix}{next(self._ids):06d}"

    def new_message_id(self, chat_id: ChatId) -> int:
        """Message ids count up per chat, as in Telegram."""
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def chat(self, chat_id: ChatId, chat_type: str | None = None) -> dict[str, Any]:
        """The `Chat` object for an id; unknown chats are private if positive, else groups."""
        if chat_id not in self.chats or chat_type is not None:
            kind = chat_type or _guess_chat_type(chat_id)
            chat: dict[str, Any] = {"id": chat_id, "type": kind}
            if kind == "private":
                chat["first_name"] = "Citizen"
            else:
                chat["title"] = f"Group {chat_id}"
            self.chats[chat_id] = chat
        return dict(self.chats[chat_id])

    def is_group(self, chat_id: ChatId) -> bool:
        """Whether Telegram's group limit (20 a minute) applies to this chat."""
        return self.chat(chat_id)["type"] in GROUP_CHAT_TYPES

    def store_file(self, content: bytes, folder: str, name: str | None = None) -> StoredFile:
        """Register bytes so getFile and the download URL can serve them."""
        file_id = self.unique("F")
        suffix = f"_{name}" if name else ""
        digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()[:12]
        stored = StoredFile(file_id, f"U{digest}", f"{folder}/file_{file_id}{suffix}", content)
        self.files[file_id] = stored
        return stored

    def file_by_path(self, file_path: str) -> StoredFile | None:
        """The stored file behind a download path, if any."""
        return next((f for f in self.files.values() if f.file_path == file_path), None)

    # -- updates ---------------------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update (numbering it if needed) and return a copy."""
        if "update_id" not in update:
            update["update_id"] = self.next_update_id
        self.next_update_id = max(self.next_update_id, int(update["update_id"])) + 1
        self.pending.append(update)
        self.notify()
        return copy.deepcopy(update)

    def confirm(self, offset: int) -> None:
        """getUpdates' offset confirms every update below it; a negative one keeps the last -n."""
        if offset < 0:
            self.pending = self.pending[offset:]
        else:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    def deliverable(self, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` pending updates of allowed kinds; others are dropped, as Telegram does."""
        allowed = self.allowed_updates
        kept = [u for u in self.pending if _is_allowed(u, allowed)]
        self.pending = kept
        return copy.deepcopy(kept[:limit])


def update_kind(update: dict[str, Any]) -> str:
    """The update's type: the one key besides update_id (message, callback_query, ...)."""
    return next((key for key in update if key != "update_id"), "")


def _is_allowed(update: dict[str, Any], allowed: frozenset[str] | None) -> bool:
    kind = update_kind(update)
    return kind not in NOT_DELIVERED_BY_DEFAULT if allowed is None else kind in allowed


def _guess_chat_type(chat_id: ChatId) -> str:
    if isinstance(chat_id, str):
        return "channel" if chat_id.startswith("@") else "private"
    return "private" if chat_id > 0 else "supergroup"


def now_unix() -> int:
    """Telegram dates are Unix seconds."""
    return int(time.time())
