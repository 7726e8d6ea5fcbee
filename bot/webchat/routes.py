"""Web chat API (DESIGN contract): sessions, messages, the transcript, events, attachments.

Routes stay thin: parse, call the runtime or a service, render. Every route but session
creation needs ``Authorization: Bearer <token>``. The event stream also takes ``?ticket=``
(EventSource cannot set headers): a single-use ticket from ``POST …/stream-tickets``, so the
token itself never appears in a URL.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, File, Header, Query, Request, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, model_validator

from backend.container import Services
from backend.notices.away import CONNECTED_FOR, mark_stream
from backend.runtime import ChannelMessage
from backend.services import stream_tickets, webchat
from backend.services.uploads import Upload, UploadRefused, receive_upload, source_key
from bot.bounds import AfterId
from bot.deps import ServicesDep
from bot.errors import ApiError
from dialogs.catalog import default_catalog
from dialogs.types import Inbound, Lang
from knowledge.text import tidy

router = APIRouter(prefix="/api/webchat", tags=["web chat"])
EVENT_POLL_SECONDS = 2.0
HEARTBEAT_SECONDS = 15.0


class SessionCreate(BaseModel):
    """Optional language for a new session."""

    lang: Lang = "zh-Hans"


class SessionPublic(BaseModel):
    """A new session: its id and the bearer token (kept by the page in local storage)."""

    session_id: str
    token: str


class MessageCreate(BaseModel):
    """A citizen's message: text typed, or the payload of a tapped button."""

    text: str | None = Field(None, max_length=100_000)
    button: str | None = Field(None, max_length=200)
    label: str | None = Field(None, max_length=100, description="the tapped button's label")
    client_id: str | None = Field(None, max_length=64, description="idempotency key")

    @model_validator(mode="after")
    def _one_of(self) -> MessageCreate:
        if (self.text is None) == (self.button is None):
            raise ValueError("send exactly one of text or button")
        return self


class RepliesPublic(BaseModel):
    """The bot's replies, in the DESIGN reply shape."""

    replies: list[dict[str, Any]]
    duplicate: bool = False


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, "unauthorized", "missing bearer token")
    return authorization[7:].strip()


async def _authorised(services: Services, session_id: str, token: str) -> webchat.WebSession:
    try:
        async with services.db.engine.connect() as connection:
            return await webchat.authenticate(connection, session_id, token)
    except webchat.SessionNotFound:
        raise ApiError(404, "not_found", "no such chat session") from None
    except webchat.BadToken:
        raise ApiError(401, "unauthorized", "token does not match this session") from None


def _too_long(lang: str, limit: int) -> ApiError:
    text = default_catalog().text(
        lang if lang in ("en", "zh-Hant", "bo") else "zh-Hans",  # type: ignore[arg-type]
        "common.too_long",
        limit=limit,
    )
    return ApiError(413, "too_long", text)


@router.post("/sessions", status_code=201, response_model=SessionPublic)
async def create_session(
    services: ServicesDep, request: Request, body: SessionCreate | None = None
) -> SessionPublic:
    """Open a web chat session."""
    lang: Lang = body.lang if body else "zh-Hans"
    address = request.client.host if request.client else "unknown"
    session_id, token = await webchat.open_session(
        services.db, lang=lang, now=services.clock.now(), source=source_key("web", address)
    )
    return SessionPublic(session_id=session_id, token=token)


@router.post("/sessions/{session_id}/messages", response_model=RepliesPublic)
async def post_message(
    session_id: str,
    body: MessageCreate,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> RepliesPublic:
    """Send a message; the replies come back at once (later ones arrive as events).

    The token is checked inside the turn's own transaction (the conversation row is read
    there anyway); a web chat's ``chat_key`` is its session id.
    """
    token = _bearer(authorization)
    text = tidy(body.text or "")  # kept as typed: full-width punctuation is the citizen's
    limit = services.settings.max_message_chars
    if body.text is not None and (not text or len(text) > limit):
        conversation = await _authorised(services, session_id, token)  # whose language
        if not text:
            raise ApiError(422, "empty", "message is empty")
        raise _too_long(conversation.lang, limit)
    message = ChannelMessage(
        "web",
        session_id,
        Inbound(text=text, button=body.button),
        message_key=body.client_id,
        label=tidy(body.label or "")[:100] or None,
    )
    try:
        received = await services.runtime.receive(
            message, guard=webchat.token_guard(session_id, token)
        )
    except webchat.SessionNotFound:
        raise ApiError(404, "not_found", "no such chat session") from None
    except webchat.BadToken:
        raise ApiError(401, "unauthorized", "token does not match this session") from None
    return RepliesPublic(
        replies=[r.to_dict() for r in received.replies], duplicate=received.duplicate
    )


@router.get("/sessions/{session_id}/messages")
async def get_messages(
    session_id: str,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
    after: AfterId = 0,
) -> dict[str, Any]:
    """The whole transcript in order (the page restores itself from it after a reload)."""
    await _authorised(services, session_id, _bearer(authorization))
    return {"messages": await webchat.transcript(services.db, session_id, after=after)}


class TicketPublic(BaseModel):
    """A single-use ticket that opens the event stream once, within ``expires_in`` seconds."""

    ticket: str
    expires_in: int = Field(ge=1, le=3600)


@router.post("/sessions/{session_id}/stream-tickets", status_code=201)
async def stream_ticket(
    session_id: str,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> TicketPublic:
    """A ticket for ``GET …/events?ticket=`` (the bearer token stays out of URLs and logs)."""
    await _authorised(services, session_id, _bearer(authorization))
    seconds = services.settings.stream_ticket_seconds
    ticket = await stream_tickets.issue(
        services.db, session_id, now=services.clock.now(), seconds=seconds
    )
    return TicketPublic(ticket=ticket, expires_in=seconds)


@router.get("/sessions/{session_id}/events")
async def events(
    session_id: str,
    services: ServicesDep,
    request: Request,
    ticket: Annotated[str | None, Query(max_length=100)] = None,
    authorization: Annotated[str | None, Header()] = None,
    last_event_id: Annotated[str | None, Header()] = None,
    after: AfterId = 0,
) -> StreamingResponse:
    """Server-Sent Events: messages written after ``Last-Event-ID`` (staff replies etc.)."""
    if ticket is not None:
        now = services.clock.now()
        if not await stream_tickets.redeem(services.db, session_id, ticket, now=now):
            raise ApiError(401, "unauthorized", "ticket unknown, spent or expired")
    else:
        await _authorised(services, session_id, _bearer(authorization))
    start = int(last_event_id) if last_event_id and _EVENT_ID.fullmatch(last_event_id) else after
    return StreamingResponse(
        _stream(services, session_id, start, request),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


_EVENT_ID = re.compile(r"[0-9]{1,18}")


async def _stream(
    services: Services, session_id: str, after: int, request: Request
) -> AsyncIterator[str]:
    await _connected(services, session_id, True)
    try:
        async for chunk in _messages(services, session_id, after, request):
            yield chunk
    finally:
        # Starlette cancels a stream whose client left, and anyio's cancellation would cancel
        # this write too: shield it, or the page would count as connected until it expires.
        with anyio.CancelScope(shield=True):
            await _connected(services, session_id, False)


async def _connected(services: Services, session_id: str, live: bool) -> None:
    """The page holds the stream: push and SMS notices wait (``backend.notices.away``)."""
    until = services.clock.now() + CONNECTED_FOR if live else None
    await mark_stream(services.db, session_id, until)


async def _messages(
    services: Services, session_id: str, after: int, request: Request
) -> AsyncIterator[str]:
    yield "retry: 3000\n\n"
    idle = 0.0
    while not await request.is_disconnected():
        for message in await webchat.transcript(services.db, session_id, after=after):
            after = message["id"]
            data = json.dumps(message, ensure_ascii=False)
            yield f"id: {after}\nevent: message\ndata: {data}\n\n"
        woke = await services.notifier.wait(session_id, EVENT_POLL_SECONDS)
        idle = 0.0 if woke else idle + EVENT_POLL_SECONDS
        if idle >= HEARTBEAT_SECONDS:
            idle = 0.0
            await _connected(services, session_id, True)
            yield ": ping\n\n"
        await asyncio.sleep(0)


@router.post("/sessions/{session_id}/attachments", response_model=RepliesPublic)
async def upload(
    session_id: str,
    services: ServicesDep,
    request: Request,
    file: Annotated[UploadFile, File()],
    authorization: Annotated[str | None, Header()] = None,
    kind: Annotated[Literal["photo", "document", "voice"] | None, Query()] = None,
) -> RepliesPublic:
    """Upload a photo, document or voice note; it joins the conversation as a message."""
    conversation = await _authorised(services, session_id, _bearer(authorization))
    content = await file.read(services.settings.max_attachment_bytes + 1)
    address = request.client.host if request.client else "unknown"
    upload_ = Upload(content, file.filename or "", source_key("web", address), kind == "voice")
    message = ChannelMessage("web", conversation.chat_key, Inbound())
    try:
        received = await receive_upload(services, message, upload_)
    except UploadRefused as refused:
        status = REFUSAL_STATUS.get(refused.code, 422)
        raise ApiError(status, refused.code, _rejection_text(conversation.lang, refused)) from None
    return RepliesPublic(replies=[r.to_dict() for r in received.replies])


REFUSAL_STATUS = {
    "too_large": 413,
    "bad_type": 415,
    "archive": 415,
    "active_content": 415,
    "budget": 429,
    "busy": 429,
}


def _rejection_text(lang: str, refused: UploadRefused) -> str:
    safe: Lang = lang if lang in ("en", "zh-Hant", "bo") else "zh-Hans"  # type: ignore[assignment]
    return default_catalog().text(safe, refused.text_key)


@router.get("/ui/{lang}")
async def ui_strings(lang: Lang) -> dict[str, str]:
    """The page's own labels (send, upload, …) from the catalog."""
    messages = default_catalog().table(lang)  # Tibetan: its own labels, zh-Hans for the rest
    return {k.removeprefix("webui."): v for k, v in messages.items() if k.startswith("webui.")}
