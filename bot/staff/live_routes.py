"""``/api/staff`` live handoff (join, message, leave) and the console's event stream."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from backend.container import Services
from backend.staff import auth, live, stream
from backend.staff.auth import StaffIdentity
from backend.staff.common import STAFF_TOPIC
from backend.staff.errors import StaffError
from bot.bounds import PathId
from bot.deps import COOKIE, ServicesDep, staff, staff_router
from bot.staff.item_routes import item_row
from bot.staff.schemas import ItemPublic, MessageSent

router = staff_router(prefix="/api/staff")
Joiner = Annotated[StaffIdentity, Depends(staff("live.join"))]
Writer = Annotated[StaffIdentity, Depends(staff("live.message"))]
Leaver = Annotated[StaffIdentity, Depends(staff("live.leave"))]
Listener = Annotated[StaffIdentity, Depends(staff("stream.read"))]
POLL_SECONDS = 2.0
HEARTBEAT_SECONDS = 15.0
RECHECK_SESSION_SECONDS = 30.0


class MessageBody(BaseModel):
    """What staff write to the citizen."""

    text: str = Field(min_length=1, max_length=8000)


@router.post("/items/{item_id}/join", response_model=ItemPublic)
async def join(item_id: PathId, identity: Joiner, services: ServicesDep) -> dict[str, Any]:
    """Join a waiting conversation (claims it if free); the bot goes quiet."""
    return await item_row(services, await live.join(services, identity.user, item_id))


@router.post("/items/{item_id}/message", status_code=201, response_model=MessageSent)
async def message(
    item_id: PathId, body: MessageBody, identity: Writer, services: ServicesDep
) -> dict[str, Any]:
    """Write to the citizen on their own channel."""
    return {"message_id": await live.send_message(services, identity.user, item_id, body.text)}


@router.post("/items/{item_id}/leave", response_model=ItemPublic)
async def leave(item_id: PathId, identity: Leaver, services: ServicesDep) -> dict[str, Any]:
    """Hand the conversation back to the bot; the handoff closes and the survey goes out."""
    return await item_row(services, await live.leave(services, identity.user, item_id))


@router.get("/stream")
async def events(identity: Listener, services: ServicesDep, request: Request) -> StreamingResponse:
    """Server-Sent Events: ``queue`` when the queue changes, ``message`` in items you hold."""
    return StreamingResponse(
        _events(services, identity, request),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _events(
    services: Services, identity: StaffIdentity, request: Request
) -> AsyncIterator[str]:
    mark = await stream.queue_mark(services)
    after = await stream.last_message_id(services)
    yield "retry: 3000\n\n" + _sse("ready", {"open": mark.open})
    idle = since_check = 0.0
    while not await request.is_disconnected():
        woke = await services.notifier.wait(STAFF_TOPIC, POLL_SECONDS)
        current = await stream.queue_mark(services)
        if current != mark:
            fresh = await stream.new_items(services, mark.newest)
            changed = await stream.changed_items(services, mark.changed)
            yield _sse("queue", {"open": current.open, "new_items": fresh, "changed": changed})
            mark, idle = current, 0.0
        held = await stream.held_conversations(services, identity.user)
        for entry in await stream.messages_after(services, held, after):
            after = max(after, int(entry["message"]["id"]))
            yield _sse("message", entry)
            idle = 0.0
        idle += 0.0 if woke else POLL_SECONDS
        since_check += POLL_SECONDS
        if since_check >= RECHECK_SESSION_SECONDS:
            since_check = 0.0
            if not await _still_signed_in(services, request):
                yield _sse("logout", {})
                return
        if idle >= HEARTBEAT_SECONDS:
            idle = 0.0
            yield ": ping\n\n"
        await asyncio.sleep(0)


async def _still_signed_in(services: Services, request: Request) -> bool:
    try:
        await auth.authenticate(services.db, request.cookies.get(COOKIE), now=services.clock.now())
    except StaffError:
        return False
    return True
