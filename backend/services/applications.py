"""Support-lawsuit applications (支持起诉申请): the ``file_application`` effect.

An application becomes one ``matters`` row of kind ``application`` (status ``received``) in
the staff queue, with a tracking number, the pre-screen outcome and flags, and in ``details``
the facts, the rule trace, the reasons and the citizen's answers. Contact fields are
encrypted; ``phone_hash`` lets a status look-up find it without decrypting.

Deadline decision: applications have **no statutory reply clock** (the 7-day / 3-month clocks
of DESIGN are for complaints and petitions), so ``next_due`` stays empty and the queue orders
them by urgency and arrival. The citizen is told "usually within 7 working days", a service
target, not a legal deadline; if the centre wants the queue to enforce it, a setting and a
reminder can be added here without changing the flow.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.crypto import active_cipher
from backend.db.models import Attachment, Matter, MatterEvent
from backend.effects import EffectContext
from backend.services.tracking import new_tracking_no
from dialogs.types import Event

__all__ = ["application_for", "file_application", "letter_path"]

log = logging.getLogger("frontdesk.applications")


def letter_path(conversation_id: str, tracking_no: str) -> str:
    """Where the web chat downloads an application's draft letter (relative to the site)."""
    return f"/api/webchat/sessions/{conversation_id}/letter/{tracking_no}"


def _details(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "facts": dict(data.get("facts") or {}),
        "trace": list(data.get("trace") or []),
        "reasons": list(data.get("reasons") or []),
        "citations": list(data.get("citations") or []),
        "answers": dict(data.get("answers") or {}),
        "attachments": list(data.get("attachments") or []),
        "lang": data.get("lang", "zh-Hans"),
    }


async def file_application(ctx: EffectContext) -> Event:
    """Put the application in the staff queue; answer with its tracking number."""
    data, conversation = ctx.data, ctx.conversation
    timezone = ctx.services.settings.timezone
    tracking_no = await new_tracking_no(ctx.session, "application", ctx.now, timezone)
    applicant = dict(data.get("applicant") or {})
    flags = [str(f) for f in data.get("flags") or []]
    phone = applicant.get("phone") or None
    matter = Matter(
        tracking_no=tracking_no,
        kind="application",
        status="received",
        open=True,
        conversation_id=conversation.id,
        channel=conversation.channel,
        urgent="urgent" in flags or bool(conversation.urgent),
        category=(data.get("facts") or {}).get("matter"),
        outcome=data.get("outcome"),
        flags=",".join(flags),
        details=_details(data),
        contact_name=applicant.get("name") or None,
        contact_phone=phone,
        phone_hash=active_cipher().lookup_hash(phone) if phone else None,
        id_number=applicant.get("id_number") or None,
        received_at=ctx.now,
        next_due=None,  # no statutory clock for applications (see the module docstring)
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(matter)
    await ctx.session.flush()
    await _link_attachments(ctx.session, matter, list(data.get("attachments") or []))
    ctx.session.add(
        MatterEvent(
            matter_id=matter.id,
            kind="received",
            visible_to_citizen=True,
            data={"tracking_no": tracking_no, "outcome": matter.outcome},
            at=ctx.now,
        )
    )
    conversation.has_matter = True
    log.info("application filed", extra={"matter": matter.id, "conversation": conversation.id})
    letter_url = letter_path(conversation.id, tracking_no) if conversation.channel == "web" else ""
    return Event(
        "eligibility.filed",
        {"tracking_no": tracking_no, "urgent": matter.urgent, "letter_url": letter_url},
    )


async def _link_attachments(session: AsyncSession, matter: Matter, ids: list[str]) -> None:
    """Files the citizen sent in this conversation join the case (others' ids are ignored)."""
    if not ids:
        return
    await session.execute(
        update(Attachment)
        .where(Attachment.id.in_(ids), Attachment.conversation_id == matter.conversation_id)
        .values(matter_id=matter.id)
    )


async def application_for(
    session: AsyncSession, conversation_id: str, tracking_no: str
) -> Matter | None:
    """The conversation's own application with that tracking number, or None."""
    return await session.scalar(
        select(Matter).where(
            Matter.kind == "application",
            Matter.tracking_no == tracking_no,
            Matter.conversation_id == conversation_id,
        )
    )
