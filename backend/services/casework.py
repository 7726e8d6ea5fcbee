"""The loop between citizen and caseworker: what the citizen adds reaches the case.

``add_to_case`` is the effect the engine emits while a matter of the conversation waits for
the citizen (``dialogs/open_case.py``): in the turn's transaction it puts the citizen's words
and files on the matter's timeline (a ``citizen_reply`` event the citizen can see in 查询进度),
links the files to the matter, marks it "群众已回复" (``citizen_replied_at``) and indexes the
words for search. The runtime then wakes the console's event stream, so the caseworker's
open page shows it without a reload.

``tell_open_case`` and ``tell_case_closed`` are how staff actions reach the conversation's
state (``case.awaiting`` / ``case.closed``), after the staff action has committed.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, select, update

from backend.container import Services
from backend.db.models import Attachment, Matter, MatterEvent, Message
from backend.effects import EffectContext
from backend.services.search_terms import add_terms
from dialogs.types import Event

log = logging.getLogger("frontdesk.casework")
MAX_TEXT = 10_000


async def add_to_case(ctx: EffectContext) -> Event:
    """Add the citizen's message and files to their matter; answer ``case.added``."""
    matter = await _own_matter(ctx)
    if matter is None:
        return Event("case.gone", {"tracking_no": ""})
    text = str(ctx.data.get("text") or "")[:MAX_TEXT]
    files = [f for f in ctx.data.get("attachments") or [] if isinstance(f, dict) and f.get("id")]
    message_id = await _current_inbound(ctx)
    ctx.session.add(
        MatterEvent(
            matter_id=matter.id,
            kind="citizen_reply",
            visible_to_citizen=True,
            data={"text": text, "attachments": files, "message_id": message_id},
            at=ctx.now,
        )
    )
    await _link(ctx, matter, [str(f["id"]) for f in files])
    voice = any(f.get("kind") == "voice" for f in files)
    _mark(matter, message_id, voice, ctx)
    if text:
        await add_terms(ctx.session, matter.id, [text])
    log.info("citizen added to a matter", extra={"matter": matter.id, "files": len(files)})
    return Event(
        "case.added",
        {
            "tracking_no": matter.tracking_no or "",
            "asks": ctx.data.get("asks") or "replied",
            "files": len(files),
            "voice": voice,
        },
    )


async def _own_matter(ctx: EffectContext) -> Matter | None:
    """The matter named by the engine, if it is this conversation's (never someone else's)."""
    try:
        matter_id = int(ctx.data.get("matter_id") or 0)
    except (TypeError, ValueError):
        return None
    matter = await ctx.session.get(Matter, matter_id)
    if matter is None or matter.conversation_id != ctx.conversation.id:
        return None
    return matter


async def _current_inbound(ctx: EffectContext) -> int | None:
    """The inbound this turn recorded (the newest of the conversation, in this transaction)."""
    found = await ctx.session.scalar(
        select(func.max(Message.id)).where(
            Message.conversation_id == ctx.conversation.id, Message.direction == "in"
        )
    )
    return int(found) if found is not None else None


async def _link(ctx: EffectContext, matter: Matter, ids: list[str]) -> None:
    if not ids:
        return
    await ctx.session.execute(
        update(Attachment)
        .where(Attachment.id.in_(ids), Attachment.conversation_id == ctx.conversation.id)
        .values(matter_id=matter.id)
    )


def _mark(matter: Matter, message_id: int | None, voice: bool, ctx: EffectContext) -> None:
    """群众已回复; the message is kept with the matter if the citizen deletes their data."""
    matter.citizen_replied_at = matter.updated_at = ctx.now
    details = dict(matter.details or {})
    if message_id is not None:
        details["message_ids"] = [*list(details.get("message_ids") or []), message_id]
    matter.details = details
    flags = [f for f in (matter.flags or "").split(",") if f]
    if voice and "needs_listening" not in flags:
        matter.flags = ",".join([*flags, "needs_listening"])[:120]


async def tell_open_case(
    services: Services, conversation_id: str, matter: Matter, asks: str, what: str = ""
) -> None:
    """Tell the conversation that this matter now waits for the citizen (after a commit)."""
    today = services.clock.now().astimezone(_zone(services)).date()
    event = Event(
        "case.awaiting",
        {
            "matter_id": matter.id,
            "tracking_no": matter.tracking_no or "",
            "kind": matter.kind,
            "asks": asks,
            "what": what[:500],
            "on": today.isoformat(),
        },
    )
    await _inject(services, conversation_id, event)


async def tell_case_closed(services: Services, matter: Matter) -> None:
    """The matter closed: the conversation stops sending the citizen's words to it."""
    if matter.conversation_id is not None:
        await _inject(
            services, matter.conversation_id, Event("case.closed", {"matter_id": matter.id})
        )


async def _inject(services: Services, conversation_id: str, event: Event) -> None:
    # The staff action has committed; a failure here costs the routing of the citizen's next
    # words (they still reach the transcript), never the staff action itself.
    try:
        await services.runtime.inject(conversation_id, event)
    except Exception:
        log.exception("could not tell the conversation", extra={"event": event.name})


def _zone(services: Services) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(services.settings.timezone)
