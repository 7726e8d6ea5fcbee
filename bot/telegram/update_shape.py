"""The shape of a Telegram update as far as we read it, checked before anything else does.

Telegram never sends an update without ``update_id``, a message without ``date`` or a callback
without ``from``; a forged or broken one must still get a clear 400, not a 500 from deep
inside a library. The model is loose (unknown fields pass through untouched) and bounds every
number to 64 bits. Its JSON schema, with the references inlined, describes the webhook in
``/openapi.json`` so Schemathesis can aim at it.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

# Strict: Telegram sends whole numbers, never 6.0 or "6".
Int64 = Annotated[int, Field(strict=True, ge=-(2**63), le=2**63 - 1)]
Count = Annotated[int, Field(strict=True, ge=0, le=2**63 - 1)]


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class TgUser(_Loose):
    """The sender."""

    id: Int64
    is_bot: bool = False
    first_name: str = Field("", max_length=256)
    language_code: str | None = Field(None, max_length=35)


class TgChat(_Loose):
    """The chat a message belongs to."""

    id: Int64
    type: str = Field(max_length=32)


class TgFile(_Loose):
    """A photo size, document or voice note."""

    file_id: str = Field(min_length=1, max_length=256)
    file_size: Count | None = None
    file_name: str | None = Field(None, max_length=256)


class TgMessage(_Loose):
    """A message: text, a caption with a file, or something we only explain."""

    message_id: Count
    date: Count
    chat: TgChat
    sender: TgUser | None = Field(None, alias="from")
    text: str | None = Field(None, max_length=8192)
    caption: str | None = Field(None, max_length=2048)
    photo: list[TgFile] | None = Field(None, max_length=20)
    document: TgFile | None = None
    voice: TgFile | None = None


class TgCallback(_Loose):
    """A tapped inline button."""

    id: str = Field(min_length=1, max_length=64)
    sender: TgUser = Field(alias="from")
    data: str | None = Field(None, max_length=64)
    message: TgMessage | None = None


class TelegramUpdate(_Loose):
    """One update (the kinds we subscribe to; others are acknowledged and ignored)."""

    update_id: Count
    message: TgMessage | None = None
    edited_message: TgMessage | None = None
    callback_query: TgCallback | None = None


def update_schema() -> dict[str, Any]:
    """The update's JSON schema with every ``$ref`` inlined (for ``openapi_extra``)."""
    schema = TelegramUpdate.model_json_schema(by_alias=True)
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    return inlined
