"""Status changes (validated against the state machine), private notes, eligibility overrides.

Closing a matter tells the citizen (办结, or the recorded reason it closed without a result)
and sends the satisfaction survey, in the same transaction. The rules: ``workflow``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.models import Matter, MatterEvent, StaffUser
from backend.services.casework import tell_case_closed
from backend.services.notify import notify_citizen
from backend.staff import audit
from backend.staff.common import ensure_may_act, load_matter, wake
from backend.staff.errors import Conflict, Invalid
from backend.staff.followups import plan_followup
from backend.staff.kinds import kind_of
from backend.staff.survey import ask_satisfaction
from backend.staff.workflow import manual_refusal
from dialogs.eligibility import OUTCOMES

MAX_NOTE = 4000


async def change_status(
    services: Services,
    user: StaffUser,
    matter_id: int,
    status: str,
    reason: str | None,
    close_reason: str | None = None,
) -> Matter:
    """Move a matter to ``status`` if the state machine allows it; closing tells the citizen
    and asks for feedback. ``close_reason`` (``workflow.CLOSE_REASONS``) closes without a
    result reply, or a handoff nobody joined."""
    if status == "closed":
        matter = await _peek(services, matter_id)
        if matter.kind == "handoff":
            from backend.staff import live  # a live conversation is closed by leaving it

            if matter.status == "waiting":
                return await live.dismiss(services, user, matter_id, close_reason, reason)
            return await live.leave(services, user, matter_id)
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id, lock=True)
        ensure_may_act(user, matter)
        why = manual_refusal(matter, status, close_reason)
        if why is not None:
            raise Conflict("transition_not_allowed", why)
        previous, matter.status, matter.updated_at = matter.status, status, now
        data = {"from": previous, "to": status, "reason": (reason or "").strip()[:MAX_NOTE]}
        if close_reason is not None and status == "closed":
            data["close_reason"] = close_reason
        session.add(
            MatterEvent(
                matter_id=matter.id,
                kind="status",
                actor_id=user.id,
                visible_to_citizen=True,
                data=data,
                at=now,
            )
        )
        if status == "closed":
            key = f"status.notify.closed_{close_reason}" if close_reason else "status.notify.closed"
            await notify_citizen(session, matter, key, now=now)
            await close_in(session, matter, now)
            if close_reason != "duplicate":  # a duplicate is followed up with the other item
                await plan_followup(session, matter, services)
        await _kind_hook(session, matter, previous, services, now)
        await audit.record(
            session,
            user,
            "status",
            "matter",
            matter.id,
            at=now,
            previous=previous,
            status=status,
            close_reason=close_reason,
        )
    wake(services, matter.conversation_id)
    if status == "closed":
        await tell_case_closed(services, matter)
    return matter


async def _kind_hook(
    session: AsyncSession, matter: Matter, previous: str, services: Services, now: datetime
) -> None:
    """A status that closes its kind's item closes it; then the kind's own hook."""
    kind = kind_of(matter.kind)
    if kind is None:
        return
    if matter.status in kind.closing:
        matter.open, matter.closed_at, matter.next_due = False, now, None
    if kind.on_status is not None:
        await kind.on_status(session, matter, previous, services)


async def _peek(services: Services, matter_id: int) -> Matter:
    async with services.db.reader() as session:
        return await load_matter(session, matter_id)


async def close_in(
    session: AsyncSession, matter: Matter, now: datetime, *, survey: bool = True
) -> None:
    """Close the matter (its clocks stop) and ask the citizen how we did."""
    matter.status, matter.open, matter.closed_at = "closed", False, now
    matter.next_due, matter.open_handoff_key, matter.updated_at = None, None, now
    if survey:
        await ask_satisfaction(session, matter, now)


async def add_note(services: Services, user: StaffUser, matter_id: int, text: str) -> MatterEvent:
    """A private note on the timeline (never shown to the citizen)."""
    text = text.strip()
    if not text or len(text) > MAX_NOTE:
        raise Invalid("invalid", f"a note needs 1 to {MAX_NOTE} characters")
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id)
        note = MatterEvent(
            matter_id=matter.id,
            kind="note",
            actor_id=user.id,
            visible_to_citizen=False,
            data={"text": text},
            at=now,
        )
        session.add(note)
        await session.flush()
        await audit.record(session, user, "note", "matter", matter.id, at=now, event_id=note.id)
    wake(services)
    return note


async def override_outcome(
    services: Services, user: StaffUser, matter_id: int, outcome: str, reason: str
) -> Matter:
    """Replace an application's eligibility outcome (one the rules can give, ``OUTCOMES``);
    the reason is kept on the timeline."""
    reason = reason.strip()
    if outcome not in OUTCOMES:
        raise Invalid("invalid", f"unknown outcome {outcome!r}")
    if not reason:
        raise Invalid("reason_required", "say why the outcome is overridden")
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id, lock=True)
        if matter.kind != "application":
            raise Conflict(
                "transition_not_allowed", "only an application has an outcome to override"
            )
        ensure_may_act(user, matter)
        previous, matter.outcome, matter.updated_at = matter.outcome, outcome, now
        data = {"from": previous, "to": outcome, "reason": reason[:MAX_NOTE]}
        session.add(
            MatterEvent(matter_id=matter.id, kind="override", actor_id=user.id, data=data, at=now)
        )
        await audit.record(
            session,
            user,
            "override",
            "matter",
            matter.id,
            at=now,
            previous=previous,
            outcome=outcome,
        )
    wake(services)
    return matter
