"""Signals from citizens that staff act on: urgency, FAQ feedback, unanswered questions."""

from __future__ import annotations

from sqlalchemy import update

from backend.db.crypto import active_cipher
from backend.db.models import FaqFeedback, FaqMiss, Matter
from backend.effects import EffectContext
from dialogs.choices import normalise
from dialogs.types import Event


async def flag_urgent(ctx: EffectContext) -> Event:
    """Danger words: the conversation and its open matters jump the queue."""
    ctx.conversation.urgent = True
    await ctx.session.execute(
        update(Matter)
        .where(Matter.conversation_id == ctx.conversation.id, Matter.open.is_(True))
        .values(urgent=True)
    )
    return Event("urgent.flagged")


async def record_feedback(ctx: EffectContext) -> None:
    """有帮助 / 没帮助 under an answer, kept with the question for the knowledge editors."""
    ctx.session.add(
        FaqFeedback(
            conversation_id=ctx.conversation.id,
            entry_id=str(ctx.data.get("entry_id", ""))[:32],
            helpful=bool(ctx.data.get("helpful")),
            question=str(ctx.data.get("question", ""))[:500] or None,
            created_at=ctx.now,
        )
    )
    return None


async def record_faq_miss(ctx: EffectContext) -> None:
    """A question the bot could not answer, grouped by a keyed hash of its normalised text."""
    question = str(ctx.data.get("question", ""))[:500]
    key = active_cipher().lookup_hash(normalise(question))
    ctx.session.add(
        FaqMiss(
            conversation_id=ctx.conversation.id,
            question=question,
            question_key=key,
            created_at=ctx.now,
        )
    )
    return None
