"""The follow-up visit (回访) answered by the citizen in the chat.

When a matter's ``followup`` reminder falls due, the caseworker is told (as before) and the
citizen is asked in their chat (and by push or SMS when they left the page) — 满意 / 基本满意 /
不满意, then an optional comment. The answer finishes the follow-up through the one place that
does it (``followups.complete_followup``, ``source="citizen"``, method ``chat``), so the
dashboard's follow-up rate and satisfaction count it like one recorded by staff after a call.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Conversation, FollowUp, Matter, Reminder
from backend.effects import EffectContext
from backend.notices.away import reach_if_away
from backend.runtime.outbox import write_outbound
from backend.services.reminders import ReminderConfig
from backend.staff import audit
from backend.staff.followups import MAX_NOTE, FollowUpRecord, complete_followup
from dialogs.catalog import default_catalog
from dialogs.followup import RESULTS, followup_reply
from dialogs.types import LANGS, Event, Lang


async def ask_citizen(
    session: AsyncSession, matter: Matter, reminder: Reminder, config: ReminderConfig, now: datetime
) -> int | None:
    """Ask the citizen the follow-up question; the message id (None: nobody to ask)."""
    row = (
        await session.execute(
            select(Matter.conversation_id, Matter.anonymous, Matter.tracking_no, FollowUp.id)
            .join(FollowUp, FollowUp.matter_id == Matter.id)
            .where(Matter.id == matter.id, FollowUp.status == "pending")
        )
    ).first()
    if row is None or row.conversation_id is None or row.anonymous:
        return None
    conversation = await session.get(Conversation, row.conversation_id)
    if conversation is None:
        return None
    lang: Lang = conversation.lang if conversation.lang in LANGS else "zh-Hans"
    reply = followup_reply(default_catalog(), lang, int(row.id), row.tracking_no or "")
    message = write_outbound(session, conversation, reply.to_dict(), author="bot", now=now)
    await reach_if_away(
        session,
        conversation,
        message,
        matter_id=matter.id,
        key="followup",
        now=now,
        tracking_no=row.tracking_no or "",
    )
    await session.flush()
    return int(message.id)


async def record_answer(ctx: EffectContext) -> Event | None:
    """Effect: the citizen's answer (or comment) for a follow-up of this conversation only."""
    try:
        followup_id = int(ctx.data.get("followup_id", 0))
    except (TypeError, ValueError):
        return None
    found = (
        await ctx.session.execute(
            select(FollowUp, Matter.conversation_id)
            .join(Matter, Matter.id == FollowUp.matter_id)
            .where(FollowUp.id == followup_id)
        )
    ).first()
    if found is None or found[1] != ctx.conversation.id:
        return None  # a forged or stale button says nothing about someone else's matter
    followup: FollowUp = found[0]
    result, comment = ctx.data.get("result"), str(ctx.data.get("comment") or "").strip()
    if result in RESULTS and followup.status == "pending":
        record = FollowUpRecord(status="done", method="chat", result=str(result))
        await complete_followup(
            ctx.session, followup, record, source="citizen", actor_id=None, now=ctx.now
        )
    elif comment and followup.source == "citizen":
        followup.note = ((followup.note or "") + "\n" + comment).strip()[:MAX_NOTE]
    else:
        return None
    await audit.record(
        ctx.session,
        audit.Actor(None, "citizen"),
        "followup",
        "matter",
        followup.matter_id,
        at=ctx.now,
        result=result if result in RESULTS else None,
        comment=bool(comment),
    )
    return None
