"""Rate limits at the edge: web chat (per conversation and per IP), Telegram webhook, login.

A pure ASGI middleware, so a refused request costs no database work and never reaches the
runtime: what is refused was never accepted, and what was accepted is untouched. A refusal
is ``429`` with ``Retry-After`` and a polite message in the citizen's language (from the
``Accept-Language`` header, since looking up the conversation would cost what we save).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from backend.ratelimit import Limit, RateLimiter, build_limiter
from backend.settings import Settings
from dialogs.catalog import default_catalog
from dialogs.types import Lang

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_CITIZEN_PATH = re.compile(r"^/api/webchat/sessions/([^/]+)/(messages|attachments)$")
MAX_PEEK = 1 << 20  # a Telegram update is small; larger bodies are not parsed for the chat id
# Telegram delivers every citizen's updates from a handful of addresses.
TELEGRAM_IP_FACTOR = 20


class Limits:
    """The limits in force, from settings."""

    def __init__(self, settings: Settings) -> None:
        self.citizen = Limit(settings.rate_citizen_burst, settings.rate_citizen_per_minute)
        self.ip = Limit(settings.rate_ip_burst, settings.rate_ip_per_minute)
        self.telegram_ip = Limit(
            settings.rate_ip_burst * TELEGRAM_IP_FACTOR,
            settings.rate_ip_per_minute * TELEGRAM_IP_FACTOR,
        )
        self.login = Limit(settings.rate_login_burst, settings.rate_login_per_minute)


class RateLimitMiddleware:
    """Checks the buckets that apply to a request before the app sees it."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, limits: Limits) -> None:
        self.app, self.limiter, self.limits = app, limiter, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = str(scope.get("path", "")), str(scope.get("method", "GET"))
        ip = (scope.get("client") or ("unknown", 0))[0]
        buckets: list[tuple[str, Limit]] = []
        if path.startswith("/telegram/"):
            buckets.append((f"tg-ip:{ip}", self.limits.telegram_ip))
            receive, chat = await _peek_chat(receive)
            if chat:
                buckets.append((f"tg-chat:{chat}", self.limits.citizen))
        elif method == "POST" and path.endswith("/login"):
            buckets.append((f"login:{ip}", self.limits.login))
        elif path.startswith("/api/webchat/"):
            buckets.append((f"ip:{ip}", self.limits.ip))
            match = _CITIZEN_PATH.match(path)
            if match and method == "POST":
                # Keyed by the token presented too: requests with a wrong token spend their
                # own bucket (and the address's), never the real citizen's.
                key = f"conv:{match.group(1)}:{_presented(scope)}"
                buckets.append((key, self.limits.citizen))
        for key, limit in buckets:
            decision = await self.limiter.hit(key, limit)
            if not decision.allowed:
                await _refuse(scope, send, decision.retry_after)
                return
        await self.app(scope, receive, send)


async def _peek_chat(receive: Receive) -> tuple[Receive, str | None]:
    """Read the body to find the Telegram chat, and hand the same body on unchanged."""
    chunks: list[Message] = []
    size, more = 0, True
    while more:
        message = await receive()
        chunks.append(message)
        size += len(message.get("body", b""))
        more = message.get("type") == "http.request" and bool(message.get("more_body"))
    body = b"".join(m.get("body", b"") for m in chunks) if size <= MAX_PEEK else b""
    pending = list(chunks)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay, _chat_of(body)


def _chat_of(body: bytes) -> str | None:
    try:
        update = json.loads(body) if body else None
    except (ValueError, RecursionError):  # a body nested 50,000 deep is not an update
        return None
    if not isinstance(update, dict):
        return None
    for key in ("message", "edited_message", "callback_query", "my_chat_member"):
        item = update.get(key)
        if isinstance(item, dict):
            inner = item.get("message")
            holder = inner if isinstance(inner, dict) else item
            chat = holder.get("chat") or item.get("from") or {}
            if isinstance(chat, dict) and isinstance(chat.get("id"), int | str):
                return str(chat["id"])[:32]
    return None


def _presented(scope: Scope) -> str:
    """A short hash of the bearer token presented (the token itself is never kept)."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return hashlib.sha256(value).hexdigest()[:16]
    return "none"


def _lang(scope: Scope) -> Lang:
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    accept = headers.get("accept-language", "").lower()
    if accept.startswith("en"):
        return "en"
    if accept.startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo")):
        return "zh-Hant"
    return "zh-Hans"


async def _refuse(scope: Scope, send: Send, retry_after: float) -> None:
    seconds = max(1, math.ceil(retry_after))
    text = default_catalog().text(_lang(scope), "limits.slow_down", seconds=seconds)
    payload = {"error": {"code": "rate_limited", "message": text, "retry_after": seconds}}
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(seconds).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def install_rate_limits(app: Any, settings: Settings, limiter: RateLimiter | None = None) -> None:
    """Add the middleware; tests pass their own limiter (a frozen clock)."""
    app.add_middleware(
        RateLimitMiddleware,
        limiter=limiter or build_limiter(settings.redis_url),
        limits=Limits(settings),
    )
