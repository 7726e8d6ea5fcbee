"""What every request meets before the app: the body limit and the security headers.

Both are plain ASGI middleware, so nothing is buffered and streams stay streams.

- ``BodyLimit`` refuses a body larger than the route allows *before* anything reads it: a
  declared ``Content-Length`` far over the limit is answered 413 without reading a byte, and
  a chunked body is counted as it arrives and cut off at the limit (the app's own answer, if
  it had started to read, is dropped). Bodies only a little over (``DRAIN``) are read away,
  never kept, so the client still hears the 413. A 300 MB POST costs the server at most a
  few megabytes read and dropped, never 300 MB of memory.
- ``SecurityHeaders`` adds the content policy and friends to every response, HSTS in
  production, and ``Cache-Control: no-store`` on the API and the console (sign-in and
  personal data must never sit in a shared or browser cache).
"""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# A strict policy: our own scripts and styles only, nothing inline, no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
_RAW_SECURITY_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
_RAW_HSTS = (b"strict-transport-security", HSTS.encode())
NO_STORE_PREFIXES = ("/api/", "/staff")
UPLOAD_PATH = re.compile(r"^/api/webchat/sessions/[^/]+/attachments$")
MULTIPART_ALLOWANCE = 64 * 1024  # the multipart envelope around an upload's bytes
DRAIN = 4 * 1024 * 1024  # past the limit, at most this much is read away before the 413


class SecurityHeaders:
    """Add the security headers to every response (plain ASGI: no buffering of streams).

    Headers are appended as the raw bytes the ASGI server wants, encoded once (building
    starlette's ``MutableHeaders`` per response cost a measurable share of a turn).
    """

    def __init__(self, app: ASGIApp, *, production: bool = False) -> None:
        self.app, self.production = app, production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        docs = path.startswith("/docs")
        private = path.startswith(NO_STORE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_security(
                    list(message.get("headers", ())), docs, private, self.production
                )
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _with_security(
    headers: list[tuple[bytes, bytes]], docs: bool, private: bool, production: bool
) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    for name, value in _RAW_SECURITY_HEADERS:
        if name == b"content-security-policy" and docs:
            continue  # Swagger UI (development only) needs its CDN scripts
        if name not in present:
            headers.append((name, value))
    if production:
        headers.append(_RAW_HSTS)
    if private:
        cache = [value for name, value in headers if name.lower() == b"cache-control"]
        if not cache or cache == [b"no-cache"]:  # stricter than a page's no-cache
            headers = [(n, v) for n, v in headers if n.lower() != b"cache-control"]
            headers.append((b"cache-control", b"no-store"))
    return headers


class _TooLarge(Exception):
    """Raised into the app's ``receive`` once the body passes the limit."""


class BodyLimit:
    """Refuse request bodies over the limit before they are buffered (see the module doc)."""

    def __init__(self, app: ASGIApp, *, default: int, upload: int) -> None:
        self.app, self.default, self.upload = app, default, upload + MULTIPART_ALLOWANCE

    def limit_for(self, scope: Scope) -> int:
        """The body limit of this request's route."""
        return self.upload if UPLOAD_PATH.match(str(scope.get("path", ""))) else self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            if declared - limit <= DRAIN:  # a little over: read it away so the client hears us
                await _drain(receive, declared)
            await _refuse(send, limit)
            return
        state = {"received": 0, "refused": False, "started": False}

        async def counting_receive() -> Message:
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["refused"] = True
                    if message.get("more_body"):
                        await _drain(receive, DRAIN)
                    if not state["started"]:
                        await _refuse(send, limit)
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return  # we answered 413 already; whatever the app says now is dropped
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            pass
        except Exception:
            if not state["refused"]:
                raise


async def _drain(receive: Receive, budget: int) -> None:
    """Read and drop up to ``budget`` bytes of the body, so a client still sending can read
    the 413 (closing on it mid-upload makes it see a reset instead); then stop listening."""
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body"):
            return


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    payload = {
        "error": {
            "code": "body_too_large",
            "message": f"request body larger than {limit} bytes",
            "limit": limit,
        }
    }
    body = json.dumps(payload).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
