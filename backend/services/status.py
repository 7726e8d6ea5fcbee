"""查询进度: a citizen's matters with their visible timeline and next due date.

``lookup_my_matters`` lists the matters opened from this conversation. ``lookup_matter``
finds one matter by tracking number *and* the last four digits of its phone; anything else
(an unknown number, a wrong pair, an anonymous matter) is the same ``status.not_found``, so a
guess tells nothing about anyone's matter. The flow limits failed attempts per conversation
and day; here, failures are also counted per tracking number and per source (the address a
web session was opened from, or the Telegram chat), so a new session resets nothing and a
number guessed at from many places stops answering (``status.locked``) for the day.
"""

from __future__ import annotations

import hmac
import logging
import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Matter, MatterEvent
from backend.deadlines import service_date
from backend.effects import EffectContext
from backend.services import throttle
from backend.services.throttle import Window
from backend.services.tracking import normalise_tracking_no
from dialogs.types import Event

log = logging.getLogger("frontdesk.status")

CITIZEN_KINDS = ("complaint", "application", "appointment", "relief", "lead")
MAX_LISTED = 10
BY_NUMBER = Window("lookup.no", 10, timedelta(days=1))
BY_SOURCE = Window("lookup.src", 10, timedelta(days=1))


async def lookup_my_matters(ctx: EffectContext) -> Event:
    """This conversation's matters, newest first."""
    rows = await ctx.session.scalars(
        select(Matter)
        .where(
            Matter.conversation_id == ctx.conversation.id,
            Matter.kind.in_(CITIZEN_KINDS),
            Matter.tracking_no.is_not(None),
        )
        .order_by(Matter.received_at.desc(), Matter.id.desc())
        .limit(MAX_LISTED)
    )
    timezone = ctx.services.settings.timezone
    matters = [await matter_summary(ctx.session, m, timezone) for m in rows]
    return Event("status.list", {"matters": matters})


async def lookup_matter(ctx: EffectContext) -> Event:
    """One matter by tracking number plus the phone's last four digits, or nothing at all."""
    number = normalise_tracking_no(str(ctx.data.get("tracking_no") or ""))[:24]
    last4 = str(ctx.data.get("last4") or "")
    counted = [(BY_NUMBER, throttle.hashed("tracking", number)), (BY_SOURCE, _source(ctx))]
    for window, key in counted:
        if await throttle.wait_seconds(ctx.session, window, key, ctx.now) is not None:
            log.info("status look-up held back", extra={"conversation": ctx.conversation.id})
            return Event("status.locked")
    matter = await ctx.session.scalar(
        select(Matter).where(Matter.tracking_no == number, Matter.kind.in_(CITIZEN_KINDS))
    )
    if matter is None or not _phone_matches(matter, last4):
        throttle.mark(ctx.session, [(w.scope, key) for w, key in counted], ctx.now)
        log.info("status look-up failed", extra={"conversation": ctx.conversation.id})
        return Event("status.not_found")
    summary = await matter_summary(ctx.session, matter, ctx.services.settings.timezone)
    log.info("status look-up", extra={"conversation": ctx.conversation.id, "matter": matter.id})
    return Event("status.found", {"matter": summary})


def _source(ctx: EffectContext) -> str:
    """Where the look-up comes from: the web session's address, else the channel's chat."""
    conversation = ctx.conversation
    if conversation.source_key:
        return conversation.source_key
    return throttle.hashed("chat", conversation.channel, conversation.chat_key)


def _phone_matches(matter: Matter, last4: str) -> bool:
    """Compare in constant time; anonymous matters have no phone and never match."""
    digits = re.sub(r"\D", "", matter.contact_phone or "") if not matter.anonymous else ""
    expected = digits[-4:] if len(digits) >= 4 else "\x00" * 4
    return bool(re.fullmatch(r"\d{4}", last4)) and hmac.compare_digest(expected, last4)


async def matter_summary(session: AsyncSession, matter: Matter, timezone: str) -> dict[str, Any]:
    """What a citizen may see of a matter: no staff notes, names or phones."""
    events = await session.scalars(
        select(MatterEvent)
        .where(MatterEvent.matter_id == matter.id, MatterEvent.visible_to_citizen.is_(True))
        .order_by(MatterEvent.id)
    )
    return {
        "tracking_no": matter.tracking_no,
        "kind": matter.kind,
        "status": matter.status,
        "open": matter.open,
        "anonymous": matter.anonymous,
        "received_on": service_date(matter.received_at, timezone).isoformat(),
        "next_due": matter.next_due.isoformat() if matter.open and matter.next_due else None,
        "events": [_event(e, timezone) for e in events],
    }


def _event(event: MatterEvent, timezone: str) -> dict[str, Any]:
    """A timeline line the citizen may see; a reply names its template (a milestone, with the
    hearing's time and place)."""
    line: dict[str, Any] = {"kind": event.kind, "on": service_date(event.at, timezone).isoformat()}
    data = event.data or {}
    if event.kind == "reply" and data.get("template"):
        line["template"] = str(data["template"])
        line["values"] = dict(data.get("values") or {})
    return line
