"""Judicial relief applications (司法救助申请): the ``file_relief`` effect and the queue kind.

A relief application becomes one ``matters`` row of kind ``relief`` (tracking number ``J…``,
status ``received``) with the screening's outcome and flags, and in ``details`` the facts,
reasons, citations, rule trace and the materials checklist the citizen was shown; the
applicant's name and phone are encrypted like every contact field. It carries the same reply
clocks as a support application (件件有回复). Urgent treatment (``urgent``) puts it at the
top of the queue.

Statuses: received → reviewing / awaiting_material / accepted → granted (决定救助) →
disbursed (救助金已发放), or refused (不予救助), or transferred to the body handling the
case; each ends in closed.
"""

from __future__ import annotations

import logging

from backend.db.crypto import active_cipher
from backend.db.models import Matter
from backend.deadlines import reply_deadlines
from backend.effects import EffectContext
from backend.services.applications import promised
from backend.services.receipts import record_receipt
from backend.services.reminders import on_matter_opened
from backend.services.search_terms import add_terms
from backend.services.tracking import new_tracking_no
from backend.staff.kinds import QueueKind, register_kind
from dialogs.types import Event

__all__ = ["RELIEF_KIND", "file_relief"]

log = logging.getLogger("frontdesk.relief")

RELIEF_KIND = register_kind(
    QueueKind(
        "relief",
        {
            "received": (
                "reviewing",
                "awaiting_material",
                "accepted",
                "transferred",
                "refused",
                "closed",
            ),
            "reviewing": ("awaiting_material", "accepted", "transferred", "refused", "closed"),
            "awaiting_material": ("reviewing", "accepted", "refused", "closed"),
            "accepted": ("awaiting_material", "granted", "refused", "answered", "closed"),
            "granted": ("disbursed", "answered", "closed"),
            "disbursed": ("closed",),
            "refused": ("closed",),
            "answered": ("closed",),
            "transferred": ("closed",),
            "closed": (),
        },
    )
)


def _details(data: dict[str, object]) -> dict[str, object]:
    return {
        key: data.get(key) or default
        for key, default in (
            ("facts", {}),
            ("reasons", []),
            ("citations", []),
            ("trace", []),
            ("materials", []),
            ("lang", "zh-Hans"),
        )
    }


async def file_relief(ctx: EffectContext) -> Event:
    """Put the relief application in the staff queue with its clocks; answer its number."""
    data, conversation = ctx.data, ctx.conversation
    tracking_no = await new_tracking_no(
        ctx.session, "relief", ctx.now, ctx.services.settings.timezone
    )
    applicant = data.get("applicant") if isinstance(data.get("applicant"), dict) else {}
    phone = str((applicant or {}).get("phone") or "") or None
    flags = [str(f) for f in data.get("flags") or []]
    facts = data.get("facts") if isinstance(data.get("facts"), dict) else {}
    due = reply_deadlines(ctx.now, ctx.services.deadline_policy, ctx.services.calendar)
    matter = Matter(
        tracking_no=tracking_no,
        kind="relief",
        status="received",
        open=True,
        conversation_id=conversation.id,
        channel=conversation.channel,
        urgent="urgent" in flags or bool(conversation.urgent),
        category=(facts or {}).get("harm"),
        outcome=data.get("outcome"),
        flags=",".join(flags),
        details=_details(data),
        contact_name=(applicant or {}).get("name") or None,
        contact_phone=phone,
        phone_hash=active_cipher().lookup_hash(phone) if phone else None,
        received_at=ctx.now,
        procedural_due=due.procedural_reply_due,
        result_due=due.result_reply_due,
        next_due=due.procedural_reply_due,
        due_provisional=due.provisional,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(matter)
    await ctx.session.flush()
    record_receipt(ctx, matter, event={"tracking_no": tracking_no, "outcome": matter.outcome})
    await add_terms(ctx.session, matter.id, [matter.contact_name], phone)
    await on_matter_opened(ctx.session, matter, ctx.services, ctx.now)
    conversation.has_matter = True
    log.info("relief application filed", extra={"matter": matter.id})
    return Event(
        "relief.filed",
        {
            "tracking_no": tracking_no,
            "urgent": matter.urgent,
            **promised(matter, ctx.services.deadline_policy),
        },
    )
