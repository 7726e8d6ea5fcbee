"""Reading a Bot API call's parameters the way Telegram does, whatever the body encoding.

Both libraries send form-urlencoded bodies with JSON-encoded complex values, and multipart when a
file is uploaded (aiogram names the part `attach://<random>`, PTB names it after the parameter);
plain JSON bodies and query strings are accepted too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.bot_api_state import ApiError, BotApiState, ChatId, StoredFile

# Parameters whose values arrive JSON-encoded inside form bodies.
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "allowed_updates",
        "scope",
        "reply_parameters",
        "link_preview_options",
        "media",
    }
)
INT_PARAMS = frozenset({"message_id", "offset", "limit", "timeout", "cache_time", "duration"})
BOOL_PARAMS = frozenset({"drop_pending_updates", "show_alert", "disable_notification"})


@dataclass
class Upload:
    """A file part of a multipart body."""

    filename: str
    content_type: str
    content: bytes


@dataclass
class Params:
    """Decoded parameters of one call, with typed accessors that raise Telegram's 400s."""

    values: dict[str, Any] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """The decoded value, or `default`."""
        return self.values.get(key, default)

    def chat_id(self) -> ChatId:
        """The target chat; numeric ids become ints, `@channel` names stay strings."""
        raw = self.values.get("chat_id")
        if raw in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if isinstance(raw, int):
            return raw
        text = str(raw)
        return int(text) if text.lstrip("-").isdigit() else text

    def integer(self, key: str, default: int) -> int:
        """An integer parameter."""
        raw = self.values.get(key)
        return default if raw in (None, "") else int(raw)

    def required(self, key: str) -> Any:
        """A parameter Telegram insists on."""
        if self.values.get(key) in (None, ""):
            raise ApiError(400, f"Bad Request: parameter {key} is required")
        return self.values[key]

    def upload_for(self, key: str) -> Upload | None:
        """The multipart part a parameter refers to (by `attach://name` or by its own name)."""
        raw = self.values.get(key)
        name = raw.removeprefix("attach://") if isinstance(raw, str) else key
        return self.uploads.get(name) or self.uploads.get(key)

    def upload_or_file(self, key: str, state: BotApiState, folder: str) -> StoredFile:
        """The file a send method carries: a fresh upload, or an already known file_id."""
        raw = self.required(key)
        upload = self.upload_for(key)
        if upload is not None:
            return state.store_file(upload.content, folder, upload.filename)
        if isinstance(raw, str) and raw in state.files:
            return state.files[raw]
        if isinstance(raw, str) and raw.startswith(("http://", "https://")):
            return state.store_file(b"", folder, raw.rsplit("/", 1)[-1])
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")


async def read_params(request: web.Request) -> Params:
    """Parse query string and body (urlencoded, multipart or JSON) into `Params`."""
    params = Params()
    _merge(params, dict(request.query))
    if request.content_type == "application/json" and request.can_read_body:
        body = await request.json()
        if isinstance(body, dict):
            params.values.update(body)
    elif request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                content = value.file.read()
                params.uploads[key] = Upload(value.filename, value.content_type, content)
                params.values.setdefault(key, f"attach://{key}")
            else:
                _merge(params, {key: value})
    return params


def _merge(params: Params, raw: dict[str, Any]) -> None:
    for key, value in raw.items():
        params.values[key] = _decode(key, value)


def _decode(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in JSON_PARAMS:
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ApiError(400, f"Bad Request: can't parse {key} JSON object") from exc
    if key in INT_PARAMS and value.lstrip("-").isdigit():
        return int(value)
    if key in BOOL_PARAMS:
        return value.lower() in ("true", "1")
    return value
