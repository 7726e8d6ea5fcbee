"""The satisfaction survey: asked when a matter closes or a handoff ends, answered by buttons."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Conversation, Matter, MatterEvent
from backend.effects import EffectContext
from backend.runtime.outbox import write_outbound
from backend.staff import audit
from dialogs.catalog import default_catalog
from dialogs.survey import RATINGS, survey_reply
from dialogs.types import LANGS, Event, Lang


async def ask_satisfaction(session: AsyncSession, matter: Matter, now: datetime) -> bool:
    """Send the 满意 / 基本满意 / 不满意 question to the matter's conversation, if it has one."""
    if matter.conversation_id is None:
        return False
    conversation = await session.get(Conversation, matter.conversation_id)
    if conversation is None:
        return False
    lang: Lang = conversation.lang if conversation.lang in LANGS else "zh-Hans"
    reply = survey_reply(default_catalog(), lang, matter.id)
    write_outbound(session, conversation, reply.to_dict(), author="bot", now=now)
    session.add(MatterEvent(matter_id=matter.id, kind="survey_sent", data={}, at=now))
    return True


async def record_satisfaction(ctx: EffectContext) -> Event | None:
    """Effect: store a rating (or a comment) for a matter of this conversation only."""
    try:
        matter_id = int(ctx.data.get("matter_id", 0))
    except (TypeError, ValueError):
        return None
    matter = await ctx.session.get(Matter, matter_id)
    if matter is None or matter.conversation_id != ctx.conversation.id:
        return None  # a forged or stale button says nothing about someone else's matter
    rating = ctx.data.get("rating")
    comment = ctx.data.get("comment")
    if rating in RATINGS:
        matter.satisfaction = rating
    data = {"rating": rating} if rating in RATINGS else {"comment": str(comment or "")[:2000]}
    ctx.session.add(MatterEvent(matter_id=matter.id, kind="satisfaction", data=data, at=ctx.now))
    await audit.record(
        ctx.session,
        audit.Actor(None, "citizen"),
        "satisfaction",
        "matter",
        matter.id,
        at=ctx.now,
        rating=rating if rating in RATINGS else None,
        comment=bool(comment),
    )
    return None
