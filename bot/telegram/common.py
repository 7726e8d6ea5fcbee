"""Telegram ↔ engine translation shared by both adapters: no library, no I/O.

- An update (the Bot API's JSON, as a dict) becomes an ``Incoming``: what kind of thing the
  citizen sent, its text or button payload, and the file to fetch.
- A stored reply becomes one or more ``Part``s: text under 4,096 UTF-16 units, split at
  paragraph boundaries, with the inline keyboard on the last part.
- ``callback_data`` is the engine's payload when it fits in 64 bytes (``go:faq``,
  ``fb:wage-001:up``); a longer one is sent as ``~<message id>.<button index>``, which the
  receiver resolves through the stored outbound message, so no extra table or cache is needed.
- ``call:<number>`` stays a callback (Telegram forbids ``tel:`` URLs on inline buttons); the
  engine answers it with the number as text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from dialogs.types import Lang

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
COMMANDS = ("start", "menu", "help", "lang", "privacy", "delete")
INDIRECT = "~"  # prefix of callback_data that points at a stored button
_SMALL_NUMBER = re.compile(r"[0-9]{1,18}")

Kind = Literal["text", "photo", "document", "voice", "video", "location", "unsupported"]
Keyboard = list[list[tuple[str, str]]]  # rows of (label, callback_data)
UpdateHandler = Callable[[dict[str, Any]], Awaitable[None]]


class TelegramBot(Protocol):
    """What the engine side needs from a Telegram library (PTB and aiogram adapters)."""

    bot_id: int

    async def open(self) -> None:
        """Connect (and check the token)."""

    async def close(self) -> None:
        """Release connections."""

    async def start_polling(self, handler: UpdateHandler) -> None:
        """Start long polling in the background; each update goes to ``handler`` as a dict."""

    async def stop_polling(self) -> None:
        """Stop long polling (no-op when not polling)."""

    async def set_commands(self, commands: dict[str | None, list[tuple[str, str]]]) -> None:
        """setMyCommands per language code (None: the default list)."""

    async def set_webhook(self, url: str, secret: str) -> None:
        """setWebhook with the secret token and the update types we handle."""

    def parse(self, data: dict[str, Any]) -> dict[str, Any]:
        """Validate a webhook update with the library; return it as a plain dict."""

    async def send_text(self, chat_id: int, text: str, keyboard: Keyboard) -> None:
        """sendMessage; raises ``backend.delivery.DeliveryError`` subclasses."""

    async def send_document(
        self, chat_id: int, filename: str, content: bytes, caption: str = ""
    ) -> None:
        """sendDocument, uploading ``content``; raises the same errors as ``send_text``."""

    async def answer_callback(self, query_id: str) -> None:
        """answerCallbackQuery (stops the client's spinner)."""

    async def download(self, file_id: str) -> bytes:
        """getFile and download its content."""


@dataclass(frozen=True)
class Incoming:
    """One citizen message from Telegram, before it meets the runtime."""

    kind: Kind
    chat_id: int
    private: bool
    text: str = ""
    file_id: str | None = None
    file_size: int = 0
    filename: str = ""
    what: str = ""  # for unsupported content: sticker, contact, …
    location: tuple[float, float] | None = None  # (latitude, longitude) of a shared place


@dataclass(frozen=True)
class Part:
    """One Telegram message to send."""

    text: str
    keyboard: Keyboard = field(default_factory=list)


def hook_id(secret: str) -> str:
    """The webhook path segment: derived from the secret (never the token), not reversible."""
    return hashlib.sha256(f"frontdesk-telegram-webhook:{secret}".encode()).hexdigest()[:32]


def bot_id_of(token: str) -> int:
    """The bot's numeric id: the digits before the colon of its token."""
    head, _, _ = token.partition(":")
    return int(head) if head.isdigit() else 0


def lang_of(user: dict[str, Any] | None) -> Lang | None:
    """The citizen's Telegram language as one of ours (for a new conversation only)."""
    code = str((user or {}).get("language_code") or "").lower()
    if not code:
        return None
    if code.startswith("zh"):
        return "zh-Hant" if code in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") else "zh-Hans"
    if code == "bo" or code.startswith("bo-"):
        return "bo"  # a phone set to Tibetan: the conversation starts in Tibetan
    return "en" if code.startswith("en") else None


def parse_message(message: dict[str, Any], bot_username: str = "") -> Incoming:
    """Classify a message: text, a file we keep, or something we only explain."""
    chat = message.get("chat") or {}
    base = Incoming("unsupported", int(chat.get("id", 0)), chat.get("type") == "private")
    caption = str(message.get("caption") or "")
    if isinstance(message.get("text"), str):
        return replace(base, kind="text", text=_strip_mention(str(message["text"]), bot_username))
    if isinstance(message.get("photo"), list) and message["photo"]:
        size = _largest_photo([s for s in message["photo"] if isinstance(s, dict)])
        if size is None:
            return replace(base, what="too_large")
        return replace(base, kind="photo", text=caption, filename="photo.jpg", **_file_of(size))
    if isinstance(document := message.get("document"), dict):
        name = str(document.get("file_name") or "document")
        return replace(base, kind="document", text=caption, filename=name, **_file_of(document))
    if isinstance(voice := message.get("voice"), dict):
        return replace(base, kind="voice", text=caption, filename="voice.ogg", **_file_of(voice))
    if isinstance(video := message.get("video"), dict):
        return replace(base, kind="video", text=caption, filename="video.mp4", **_file_of(video))
    place = _location_of(message)
    if place is not None:
        return replace(base, kind="location", location=place)
    return replace(base, what=next((k for k in UNSUPPORTED if k in message), "other"))


def _location_of(message: dict[str, Any]) -> tuple[float, float] | None:
    """A shared location (or a venue's): (latitude, longitude) when both are real numbers."""
    venue = message.get("venue")
    place = message.get("location") or (venue.get("location") if isinstance(venue, dict) else None)
    if not isinstance(place, dict):
        return None
    lat, lon = place.get("latitude"), place.get("longitude")
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon))
    if not numbers or not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):  # type: ignore[arg-type]
        return None
    return float(lat), float(lon)  # type: ignore[arg-type]


def _file_of(file: dict[str, Any]) -> dict[str, Any]:
    return {"file_id": str(file["file_id"]), "file_size": _size(file)}


UNSUPPORTED = ("sticker", "location", "contact", "poll", "video_note", "audio", "venue")


def _size(file: dict[str, Any]) -> int:
    return int(file.get("file_size") or 0)


def _largest_photo(sizes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The biggest photo size that getFile can still hand out."""
    fitting = [s for s in sizes if _size(s) <= MAX_DOWNLOAD]
    return max(
        fitting, key=lambda s: (s.get("width", 0) * s.get("height", 0), _size(s)), default=None
    )


def _strip_mention(text: str, bot_username: str) -> str:
    """``/start@frontdesk_bot x`` → ``/start x`` (Telegram adds the name in some clients)."""
    head, sep, rest = text.partition(" ")
    if head.startswith("/") and "@" in head:
        name, _, mention = head.partition("@")
        if not bot_username or mention.lower() == bot_username.lower():
            return name + sep + rest
    return text


def callback_data(payload: str, message_id: int, index: int) -> str:
    """The payload itself when it fits Telegram's 64 bytes, else a pointer to the stored button."""
    if len(payload.encode()) <= MAX_CALLBACK_BYTES and not payload.startswith(INDIRECT):
        return payload
    return f"{INDIRECT}{message_id}.{index}"


def parse_indirect(data: str) -> tuple[int, int] | None:
    """(message id, button index) for a pointer made by ``callback_data``, else None."""
    if not data.startswith(INDIRECT):
        return None
    message, _, index = data[1:].partition(".")
    if not (_SMALL_NUMBER.fullmatch(message) and _SMALL_NUMBER.fullmatch(index)):
        return None  # only ASCII digits that fit a 64-bit id
    return int(message), int(index)


def render(body: dict[str, Any], message_id: int) -> list[Part]:
    """A stored reply as Telegram messages: split text, keyboard last (one button a row, the
    secondary ones two to a row)."""
    buttons = body.get("buttons") or []
    keyboard: Keyboard = []
    for i, b in enumerate(buttons):
        key = (button_text(b), callback_data(str(b["payload"]), message_id, i))
        pair = b.get("secondary") and keyboard and len(keyboard[-1]) == 1
        if pair and buttons[i - 1].get("secondary"):
            keyboard[-1].append(key)  # lesser actions (改…) two to a row, under the main one
        else:
            keyboard.append([key])
    text = str(body.get("text") or "").strip()
    if not text and not keyboard:
        return []
    parts = split_text(text or "…")
    return [Part(t) for t in parts[:-1]] + [Part(parts[-1], keyboard)]


def button_text(button: dict[str, Any]) -> str:
    """A button's text on Telegram: "2. 讨要工资" where the question invites numbers."""
    number = button.get("number")
    return f"{number}. {button['label']}" if isinstance(number, int) else str(button["label"])


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split at paragraph, then line, then hard boundaries so each part fits ``limit``."""
    if _units(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        pieces = text.split(separator)
        if len(pieces) > 1:
            return _pack(pieces, separator, limit)
    cut = _cut(text, limit)
    return [text[:cut], *split_text(text[cut:], limit)]


def _pack(pieces: list[str], separator: str, limit: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}{separator}{piece}" if current else piece
        if _units(joined) <= limit:
            current = joined
            continue
        if current:
            parts.append(current)
        if _units(piece) > limit:
            *whole, current = split_text(piece, limit)
            parts += whole
        else:
            current = piece
    return [*parts, current] if current else parts


def _units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> int:
    """The largest prefix length (in characters) within ``limit`` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)
