"""Signals from citizens that staff act on: urgency, FAQ feedback, unanswered questions."""

from __future__ import annotations

from sqlalchemy import select

from backend.db.crypto import active_cipher
from backend.db.models import FaqFeedback, FaqMiss, Matter, MatterEvent
from backend.effects import EffectContext
from dialogs.catalog import default_catalog
from dialogs.choices import normalise
from dialogs.types import Event


async def flag_urgent(ctx: EffectContext) -> Event:
    """A danger message: the conversation and every open case of it jump the queue.

    Whatever the citizen was doing — an interview, a complaint, waiting for or talking to a
    person — the conversation is marked urgent (cases opened later inherit it) and each open
    case (complaint, application, handoff …) is marked urgent with a timeline entry naming the
    kind of danger, so the caseworker sees why.
    """
    ctx.conversation.urgent = True
    categories = [str(c) for c in ctx.data.get("categories") or [ctx.data.get("category")] if c]
    catalog = default_catalog()
    names = [
        catalog.text("zh-Hans", f"safety.title.{c}") if catalog.has(f"safety.title.{c}") else c
        for c in categories
    ]
    open_cases = await ctx.session.scalars(
        select(Matter).where(Matter.conversation_id == ctx.conversation.id, Matter.open.is_(True))
    )
    for matter in open_cases:
        matter.urgent = True
        ctx.session.add(
            MatterEvent(
                matter_id=matter.id,
                kind="urgent",
                visible_to_citizen=False,
                data={"categories": categories, "note": "、".join(names)},
                at=ctx.now,
            )
        )
    return Event("urgent.flagged", {"categories": categories})


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
