"""Opening a complaint: tracking number, the statutory reply clocks, the queue row, or a repeat.

``open_complaint`` is the effect the complaint flow emits after 确认提交. In the turn's
transaction it either links the message to a very similar open complaint of the same person
(a ``repeat`` event, no twin) or opens a new matter with its deadlines, its ``received``
event and the conversation's files, and answers ``complaint.opened``.

Repeat rule (chosen, documented here and tested): an open complaint received in the last
``REPEAT_WINDOW`` whose facts have a character-bigram Jaccard similarity of at least
``REPEAT_SIMILARITY``. Route + category alone was rejected: a worker owed wages by two
different employers would lose the second matter.

- From **the same conversation**: the submission joins the earlier matter (a ``repeat``
  event) and the citizen is told its number, which this conversation was given already.
- From **another conversation with the same phone** (keyed hash): nobody has verified that
  phone, so the new submission is a matter of its own with its own number, and the two are
  linked *for staff only* (``repeat_of_id`` and a private ``possible_repeat`` note on both:
  "可能与 C… 重复"). The citizen never learns another conversation's tracking number, and
  nothing is merged until a caseworker decides.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update

from backend.db.crypto import active_cipher
from backend.db.models import Attachment, Matter, MatterEvent
from backend.deadlines import Deadlines, reply_deadlines
from backend.effects import EffectContext
from backend.services.receipts import record_receipt
from backend.services.reminders import on_matter_opened
from backend.services.search_terms import add_terms
from backend.services.tracking import new_tracking_no
from dialogs.catalog import default_catalog
from dialogs.choices import normalise
from dialogs.types import Event

log = logging.getLogger("frontdesk.complaints")

REPEAT_WINDOW = timedelta(days=30)
REPEAT_SIMILARITY = 0.6
REPEAT_CANDIDATES = 20  # most recent open complaints compared; a person rarely has more


def bigrams(text: str) -> set[str]:
    """Character bigrams of the normalised text without spaces or punctuation."""
    plain = "".join(ch for ch in normalise(text) if ch.isalnum())
    return {plain[i : i + 2] for i in range(len(plain) - 1)} or ({plain} if plain else set())


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two texts' character bigrams (0 when either is empty)."""
    left, right = bigrams(a), bigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


async def open_complaint(ctx: EffectContext) -> Event:
    """Open the complaint (or link a repeat) and tell the flow its tracking number and dates."""
    data = ctx.data
    phone = str(data.get("phone") or "") or None
    phone_hash = active_cipher().lookup_hash(phone) if phone else None
    facts = str(data.get("facts") or "")
    existing = await find_repeat(ctx, facts)
    if existing is not None:
        return await _link_repeat(ctx, existing)
    matter = await _new_matter(ctx, phone, phone_hash)
    if phone_hash is not None and not matter.anonymous:
        earlier = await find_repeat(ctx, facts, phone_hash=phone_hash, besides=matter.id)
        if earlier is not None:
            _note_possible_repeat(ctx, matter, earlier)
    log.info(
        "complaint opened", extra={"matter": matter.id, "conversation": matter.conversation_id}
    )
    return Event(
        "complaint.opened",
        {
            "tracking_no": matter.tracking_no,
            "anonymous": matter.anonymous,
            "urgent": matter.urgent,
            "procedural_due": _iso(matter.procedural_due),
            "result_due": _iso(matter.result_due),
            "provisional": matter.due_provisional,
            **_policy_words(ctx),
        },
    )


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _policy_words(ctx: EffectContext) -> dict[str, Any]:
    policy = ctx.services.deadline_policy
    return {
        "ack_days": policy.ack_days,
        "ack_mode": policy.ack_mode,
        "answer_months": policy.answer_months,
    }


async def find_repeat(
    ctx: EffectContext, facts: str, *, phone_hash: str | None = None, besides: int | None = None
) -> Matter | None:
    """An open complaint in the window whose facts are very similar: from this conversation,
    or (with ``phone_hash``) from *other* conversations that gave the same phone."""
    if phone_hash is None:
        person = Matter.conversation_id == ctx.conversation.id
    else:
        elsewhere = or_(
            Matter.conversation_id.is_(None), Matter.conversation_id != ctx.conversation.id
        )
        person = and_(Matter.phone_hash == phone_hash, elsewhere)
    query = (
        select(Matter)
        .where(
            Matter.kind == "complaint",
            Matter.open.is_(True),
            Matter.received_at >= ctx.now - REPEAT_WINDOW,
            person,
        )
        .order_by(Matter.received_at.desc())
        .limit(REPEAT_CANDIDATES)
    )
    if besides is not None:
        query = query.where(Matter.id != besides)
    for matter in await ctx.session.scalars(query):
        earlier = str((matter.details or {}).get("facts") or "")
        if similarity(facts, earlier) >= REPEAT_SIMILARITY:
            return matter
    return None


def _note_possible_repeat(ctx: EffectContext, matter: Matter, earlier: Matter) -> None:
    """Link two matters for staff only: never shown to either citizen, never merged here."""
    matter.repeat_of_id = earlier.id
    for on, other in ((matter, earlier), (earlier, matter)):
        ctx.session.add(
            MatterEvent(
                matter_id=on.id,
                kind="possible_repeat",
                visible_to_citizen=False,
                data={
                    "matter_id": other.id,
                    "tracking_no": other.tracking_no,
                    "note": default_catalog().text(
                        "zh-Hans", "security.possible_repeat", tracking_no=other.tracking_no
                    ),
                },
                at=ctx.now,
            )
        )
    log.info("possible repeat noted", extra={"matter": matter.id, "earlier": earlier.id})


async def _link_repeat(ctx: EffectContext, matter: Matter) -> Event:
    """Add this submission to ``matter`` as a ``repeat`` event instead of opening a twin."""
    data = ctx.data
    ctx.session.add(
        MatterEvent(
            matter_id=matter.id,
            kind="repeat",
            visible_to_citizen=True,
            data={
                "conversation_id": ctx.conversation.id,
                "facts": data.get("facts"),
                "request": data.get("request"),
                "attachments": list(data.get("attachments") or []),
            },
            at=ctx.now,
        )
    )
    matter.urgent = matter.urgent or _urgent(ctx)
    matter.updated_at = matter.citizen_replied_at = ctx.now
    await _link_files(ctx, matter.id)
    await add_terms(ctx.session, matter.id, [str(data.get("facts") or "")])
    ctx.conversation.has_matter = True
    log.info("complaint repeat linked", extra={"matter": matter.id})
    return Event("complaint.repeat", {"tracking_no": matter.tracking_no})


def _urgent(ctx: EffectContext) -> bool:
    return bool(ctx.conversation.urgent or ctx.data.get("urgent"))


def _deadlines(ctx: EffectContext, anonymous: bool) -> Deadlines | None:
    """Anonymous complaints have no reply clock (they are still queued)."""
    if anonymous:
        return None
    return reply_deadlines(ctx.now, ctx.services.deadline_policy, ctx.services.calendar)


async def _new_matter(ctx: EffectContext, phone: str | None, phone_hash: str | None) -> Matter:
    data, conversation = ctx.data, ctx.conversation
    anonymous = bool(data.get("anonymous")) or phone is None
    due = _deadlines(ctx, anonymous)
    timezone = ctx.services.settings.timezone
    matter = Matter(
        tracking_no=await new_tracking_no(ctx.session, "complaint", ctx.now, timezone),
        kind="complaint",
        status="received",
        open=True,
        conversation_id=conversation.id,
        channel=conversation.channel,
        urgent=_urgent(ctx),
        anonymous=anonymous,
        category=_short(data.get("category")),
        route=_short(data.get("route")),
        flags="needs_listening" if data.get("needs_listening") else "",
        details=_details(data),
        contact_name=None if anonymous else (str(data.get("contact_name") or "") or None),
        contact_phone=None if anonymous else phone,
        phone_hash=None if anonymous else phone_hash,
        received_at=ctx.now,
        procedural_due=due.procedural_reply_due if due else None,
        result_due=due.result_reply_due if due else None,
        next_due=due.procedural_reply_due if due else None,
        due_provisional=due.provisional if due else False,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(matter)
    await ctx.session.flush()
    record_receipt(
        ctx,
        matter,
        event={"route": matter.route},
        action="complaint.received",
        audit={"conversation": ctx.conversation.id, "urgent": matter.urgent},
    )
    await _link_files(ctx, matter.id)
    texts = [str(data.get(k) or "") for k in ("facts", "request")] + [matter.contact_name]
    await add_terms(ctx.session, matter.id, texts, matter.contact_phone)
    conversation.has_matter = True
    if due is not None:  # staff are reminded before each deadline (reminders.py)
        await on_matter_opened(ctx.session, matter, ctx.services, ctx.now)
    return matter


def _short(value: Any) -> str | None:
    return str(value)[:32] if value else None


def _details(data: dict[str, Any]) -> dict[str, Any]:
    """The facts as the citizen gave them (encrypted at rest with the row)."""
    keys = ("kind", "category", "route", "within", "facts", "request", "earlier", "lang")
    details = {key: data.get(key) for key in keys}
    details["attachments"] = list(data.get("attachments") or [])
    details["needs_listening"] = bool(data.get("needs_listening"))
    return details


async def _link_files(ctx: EffectContext, matter_id: int) -> None:
    """Attach the files named in the submission (only this conversation's, never another's)."""
    ids = [str(i) for i in ctx.data.get("attachments") or []]
    if not ids:
        return
    await ctx.session.execute(
        update(Attachment)
        .where(
            Attachment.id.in_(ids),
            Attachment.conversation_id == ctx.conversation.id,
            Attachment.matter_id.is_(None),
        )
        .values(matter_id=matter_id)
    )
