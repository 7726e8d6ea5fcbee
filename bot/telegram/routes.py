"""The Telegram webhook: ``POST /telegram/webhook/{hook_id}``.

The path carries an id derived from the webhook secret, never the token. The
``X-Telegram-Bot-Api-Secret-Token`` header is compared in constant time (401 on mismatch,
nothing stored) **before the body is parsed**: a body nested 50,000 deep or a broken update
from someone without the secret costs nothing. The body is then checked against the update's
shape (``update_shape.py``; 400 ``bad_update`` when it does not fit), handled and committed
before the 200, so Telegram redelivers it if we fail; a redelivered update is acknowledged
without running again (the inbox). Replies go through the outbox, never inline.
"""

from __future__ import annotations

import json
import secrets
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from bot.deps import ServicesDep
from bot.errors import ApiError
from bot.telegram.update_shape import TelegramUpdate, update_schema

router = APIRouter(tags=["telegram"])


def _openapi_body() -> dict[str, object]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": update_schema()}},
        }
    }


@router.post(
    "/telegram/webhook/{hook_id}",
    openapi_extra=_openapi_body(),
    responses={400: {"description": "not a Telegram update"}, 401: {}, 404: {}},
)
async def webhook(
    hook_id: str,
    request: Request,
    services: ServicesDep,
    secret: Annotated[str | None, Header(alias="X-Telegram-Bot-Api-Secret-Token")] = None,
) -> JSONResponse:
    """Receive one update from Telegram (the secret is checked before the body is read)."""
    channel = services.telegram
    if channel is None or not secrets.compare_digest(
        (channel.hook_id or "").encode(), hook_id.encode()
    ):
        raise ApiError(404, "not_found", "no such webhook")
    expected = services.settings.telegram_webhook_secret.encode()
    if not secrets.compare_digest((secret or "").encode(), expected):
        raise ApiError(401, "unauthorized", "wrong secret token")
    try:
        data = json.loads(await request.body())
        TelegramUpdate.model_validate(data)
    except (ValueError, RecursionError, ValidationError):
        raise ApiError(400, "bad_update", "not a Telegram update") from None
    try:
        await channel.feed(data)
    except ValueError:
        raise ApiError(400, "bad_update", "not a Telegram update") from None
    return JSONResponse({"ok": True})
