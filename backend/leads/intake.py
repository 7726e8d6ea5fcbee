"""``submit_lead``: a public-interest lead becomes a queue item with an ``L…`` tracking number.

A lead has no statutory reply clock (it is not a complaint: no 7-day procedural reply, no
3-month result), so no due dates and no deadline reminders; it waits in the queue in arrival
order. Anonymous leads keep no name or phone, but the chat they came from is kept, so the
citizen can still be thanked there when the lead is taken up (``backend.leads.kind``).
"""

from __future__ import annotations

import logging
from typing import Any

from backend.db.crypto import active_cipher
from backend.db.models import Matter
from backend.effects import EffectContext
from backend.services.complaints import _link_files
from backend.services.receipts import record_receipt
from backend.services.search_terms import add_terms
from backend.services.tracking import new_tracking_no
from dialogs.types import Event

log = logging.getLogger("frontdesk.leads")

DETAIL_KEYS = ("category", "basis", "what", "place", "location", "since", "regulator", "lang")


async def submit_lead(ctx: EffectContext) -> Event:
    """Open the lead as a matter of kind ``lead`` and tell the flow its tracking number."""
    data, conversation = ctx.data, ctx.conversation
    phone = str(data.get("phone") or "") or None
    anonymous = bool(data.get("anonymous")) or phone is None
    matter = Matter(
        tracking_no=await new_tracking_no(
            ctx.session, "lead", ctx.now, ctx.services.settings.timezone
        ),
        kind="lead",
        status="received",
        open=True,
        conversation_id=conversation.id,
        channel=conversation.channel,
        urgent=bool(conversation.urgent or data.get("urgent")),
        anonymous=anonymous,
        category=_short(data.get("category")),
        flags="",
        details=_details(data),
        contact_name=None if anonymous else (str(data.get("contact_name") or "") or None),
        contact_phone=None if anonymous else phone,
        phone_hash=None if anonymous or phone is None else active_cipher().lookup_hash(phone),
        received_at=ctx.now,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(matter)
    await ctx.session.flush()
    record_receipt(
        ctx,
        matter,
        event={"category": matter.category},
        action="lead.received",
        audit={"conversation": ctx.conversation.id, "anonymous": matter.anonymous},
    )
    await _link_files(ctx, matter.id)
    texts = [str(data.get(k) or "") for k in ("what", "place")] + [matter.contact_name]
    await add_terms(ctx.session, matter.id, texts, matter.contact_phone)
    conversation.has_matter = True
    log.info("lead received", extra={"matter": matter.id, "conversation": conversation.id})
    return Event("lead.received", {"tracking_no": matter.tracking_no, "anonymous": anonymous})


def _short(value: Any) -> str | None:
    return str(value)[:32] if value else None


def _details(data: dict[str, Any]) -> dict[str, Any]:
    """The lead as the citizen gave it (encrypted at rest with the row)."""
    details = {key: data.get(key) for key in DETAIL_KEYS}
    details["facts"] = str(data.get("what") or "")  # the case page's story
    details["attachments"] = list(data.get("attachments") or [])
    return details
