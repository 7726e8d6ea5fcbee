"""转人工: one open handoff per conversation, in the staff queue, with an honest promise."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from backend.db.models import Matter
from backend.effects import EffectContext
from backend.office_hours import OfficeHours
from dialogs.types import Event


async def request_person(ctx: EffectContext) -> Event:
    """Queue the conversation for a person (idempotent) and say when someone will read it."""
    conversation = ctx.conversation
    existing = await ctx.session.scalar(
        select(Matter).where(Matter.open_handoff_key == conversation.id)
    )
    hours = ctx.services.office_hours
    working_day = ctx.services.calendar.is_working_day
    if existing is None:
        ctx.session.add(
            Matter(
                kind="handoff",
                status="waiting",
                open=True,
                conversation_id=conversation.id,
                open_handoff_key=conversation.id,
                channel=conversation.channel,
                urgent=conversation.urgent,
                received_at=ctx.now,
                created_at=ctx.now,
                updated_at=ctx.now,
                details={"flow": ctx.data.get("flow"), "step": ctx.data.get("step")},
                respond_by=respond_by(ctx, hours, working_day),
            )
        )
    if hours.is_open(ctx.now, working_day):
        return Event("handoff.requested", {"in_hours": True})
    opening = hours.next_opening(ctx.now, working_day)
    opens = opening.replace(tzinfo=None).isoformat(timespec="minutes")  # local wall time
    return Event("handoff.requested", {"in_hours": False, "opens": opens})


def respond_by(ctx: EffectContext, hours: OfficeHours, working_day: Any) -> datetime:
    """The handoff's response target: ``handoff_response_minutes`` of office time from now."""
    minutes = ctx.services.settings.handoff_response_minutes
    target: datetime = hours.add_working_minutes(ctx.now, minutes, working_day)
    return target.astimezone(UTC)


async def cancel_person(ctx: EffectContext) -> Event:
    """The citizen no longer waits: close the waiting handoff (a claimed one stays)."""
    handoff = await ctx.session.scalar(
        select(Matter).where(Matter.open_handoff_key == ctx.conversation.id)
    )
    if handoff is not None and handoff.status == "waiting":
        handoff.status, handoff.open, handoff.open_handoff_key = "cancelled", False, None
        handoff.closed_at = handoff.updated_at = ctx.now
    return Event("handoff.cancelled")
