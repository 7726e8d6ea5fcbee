"""The Telegram webhook: ``POST /telegram/webhook/{hook_id}``.

The path carries an id derived from the webhook secret, never the token. The
``X-Telegram-Bot-Api-Secret-Token`` header is compared in constant time (401 on mismatch,
nothing stored). The update is handled and committed before the 200, so Telegram redelivers
it if we fail; a redelivered update is acknowledged without running again (the inbox).
Replies go through the outbox, never inline, so order and flood limits hold.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header
from fastapi.responses import JSONResponse

from bot.deps import ServicesDep
from bot.errors import ApiError

router = APIRouter(tags=["telegram"])


@router.post("/telegram/webhook/{hook_id}", include_in_schema=False)
async def webhook(
    hook_id: str,
    services: ServicesDep,
    update: Annotated[dict[str, Any], Body()],
    secret: Annotated[str | None, Header(alias="X-Telegram-Bot-Api-Secret-Token")] = None,
) -> JSONResponse:
    """Receive one update from Telegram."""
    channel = services.telegram
    if channel is None or not secrets.compare_digest(
        (channel.hook_id or "").encode(), hook_id.encode()
    ):
        raise ApiError(404, "not_found", "no such webhook")
    expected = services.settings.telegram_webhook_secret.encode()
    if not secrets.compare_digest((secret or "").encode(), expected):
        raise ApiError(401, "unauthorized", "wrong secret token")
    try:
        await channel.feed(update)
    except ValueError:
        raise ApiError(400, "bad_update", "not a Telegram update") from None
    return JSONResponse({"ok": True})
