"""Support-lawsuit applications (支持起诉申请): the ``file_application`` effect.

An application becomes one ``matters`` row of kind ``application`` (status ``received``) in
the staff queue, with a tracking number, the pre-screen outcome and flags, and in ``details``
the facts, the rule trace, the reasons and the citizen's answers. Contact fields are
encrypted; ``phone_hash`` lets a status look-up find it without decrypting.

Clocks: an application gets the same reply clocks as a complaint (件件有回复): a procedural
reply by the ACK policy (``FRONTDESK_ACK_DAYS`` / ``_ACK_MODE``), a result within
``FRONTDESK_ANSWER_MONTHS``, then monthly progress, with the same reminders. The event the
flow confirms with carries the dates and the policy's numbers, so what the citizen is told
("我们会在7日内，即…前") is worded from the very dates the queue holds.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.crypto import active_cipher
from backend.db.models import Attachment, Matter
from backend.deadlines import reply_deadlines
from backend.effects import EffectContext
from backend.services.receipts import record_receipt
from backend.services.reminders import on_matter_opened
from backend.services.search_terms import add_terms
from backend.services.tracking import new_tracking_no
from dialogs.types import Event

__all__ = ["application_for", "file_application", "letter_path"]

log = logging.getLogger("frontdesk.applications")


def letter_path(conversation_id: str, tracking_no: str) -> str:
    """Where the web chat downloads an application's draft letter (relative to the site)."""
    return f"/api/webchat/sessions/{conversation_id}/letter/{tracking_no}"


def _details(data: dict[str, Any], files: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "facts": dict(data.get("facts") or {}),
        "trace": list(data.get("trace") or []),
        "reasons": list(data.get("reasons") or []),
        "citations": list(data.get("citations") or []),
        "answers": dict(data.get("answers") or {}),
        # The letter's fields (party, address, respondents, the claim): encrypted with the rest.
        "letter": dict(data.get("letter") or {}),
        "attachments": list(data.get("attachments") or []),
        "files": files,  # kind and name of each file actually uploaded, for the letter's 附
        "lang": data.get("lang", "zh-Hans"),
    }


async def file_application(ctx: EffectContext) -> Event:
    """Put the application in the staff queue with its clocks; answer with its tracking number."""
    data, conversation = ctx.data, ctx.conversation
    timezone = ctx.services.settings.timezone
    tracking_no = await new_tracking_no(ctx.session, "application", ctx.now, timezone)
    applicant = dict(data.get("applicant") or {})
    flags = [str(f) for f in data.get("flags") or []]
    phone = applicant.get("phone") or None
    ids = [str(i) for i in data.get("attachments") or []]
    files = await _files(ctx.session, conversation.id, ids)
    due = reply_deadlines(ctx.now, ctx.services.deadline_policy, ctx.services.calendar)
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
        details=_details(data, files),
        contact_name=applicant.get("name") or None,
        contact_phone=phone,
        phone_hash=active_cipher().lookup_hash(phone) if phone else None,
        id_number=applicant.get("id_number") or None,
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
    await _link_attachments(ctx.session, matter, list(data.get("attachments") or []))
    record_receipt(
        ctx, matter, event={"tracking_no": matter.tracking_no, "outcome": matter.outcome}
    )
    answers = dict(data.get("answers") or {})
    await add_terms(ctx.session, matter.id, [matter.contact_name, answers.get("respondent")], phone)
    await on_matter_opened(ctx.session, matter, ctx.services, ctx.now)
    conversation.has_matter = True
    log.info("application filed", extra={"matter": matter.id, "conversation": conversation.id})
    letter_url = letter_path(conversation.id, tracking_no) if conversation.channel == "web" else ""
    return Event(
        "eligibility.filed",
        {
            "tracking_no": tracking_no,
            "urgent": matter.urgent,
            "letter_url": letter_url,
            **promised(matter, ctx.services.deadline_policy),
        },
    )


def promised(matter: Matter, policy: Any) -> dict[str, Any]:
    """The due dates and the policy's numbers, for the flow to put into words."""
    return {
        "procedural_due": matter.procedural_due.isoformat() if matter.procedural_due else None,
        "result_due": matter.result_due.isoformat() if matter.result_due else None,
        "provisional": matter.due_provisional,
        "ack_days": policy.ack_days,
        "ack_mode": policy.ack_mode,
        "answer_months": policy.answer_months,
    }


async def _files(
    session: AsyncSession, conversation_id: str, ids: list[str]
) -> list[dict[str, str]]:
    """Kind and name of this conversation's files among ``ids``, in the order sent."""
    if not ids:
        return []
    rows = await session.execute(
        select(Attachment.id, Attachment.kind, Attachment.name).where(
            Attachment.id.in_(ids), Attachment.conversation_id == conversation_id
        )
    )
    found = {row.id: {"kind": row.kind, "name": row.name or ""} for row in rows}
    return [found[i] for i in ids if i in found]


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
