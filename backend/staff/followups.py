"""Follow-up visits (回访): due ``FRONTDESK_FOLLOWUP_DAYS`` after a matter closes, then recorded.

Closing a complaint or an application plans a ``followups`` row (pending, due on the first
working day at least N days later) and a ``followup`` reminder for that morning, so the
caseworker (or the queue, when nobody holds it) is told once. Staff record how it went
(``record_followup``); ``complete_followup`` is the one place a follow-up is finished, so the
citizen answering in the chat (a later channel: ``source="citizen"``) plugs in beside staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.models import FollowUp, Matter, MatterEvent, StaffUser
from backend.services.reminders import PlannedReminder, insert_reminders, reminder_config
from backend.staff import audit
from backend.staff.common import ensure_may_act, load_matter, today, wake
from backend.staff.errors import Conflict, Invalid
from backend.staff.kinds import kind_of

FOLLOWUP = "followup"
STATUSES = ("pending", "done", "unreachable", "skipped")
METHODS = ("phone", "chat", "visit", "sms")
RESULTS = ("satisfied", "basically", "unsatisfied")
MAX_NOTE = 2000


def followup_due(closed_on: date, days: int, services: Services) -> date:
    """``days`` after closing, moved to the next working day."""
    nominal = closed_on + timedelta(days=days)
    return services.calendar.next_working_day_on_or_after(nominal)


async def plan_followup(
    session: AsyncSession, matter: Matter, services: Services
) -> FollowUp | None:
    """The follow-up of a matter that just closed (none for handoffs or when switched off)."""
    days = services.settings.followup_days
    kind = kind_of(matter.kind)
    if days <= 0 or kind is None or not kind.clocked:
        return None
    due = followup_due(today(services), days, services)
    followup = FollowUp(
        matter_id=matter.id, due_on=due, status="pending", created_at=services.clock.now()
    )
    session.add(followup)
    config = reminder_config(services)
    await insert_reminders(
        session, matter.id, [PlannedReminder(FOLLOWUP, due, config.at_opening(due))]
    )
    return followup


@dataclass(frozen=True)
class FollowUpRecord:
    """How a follow-up went: done (with the citizen's view), unreachable, or skipped."""

    status: str
    method: str | None = None
    result: str | None = None
    note: str = ""

    def check(self) -> None:
        """Raise ``Invalid`` for values outside the lists."""
        if self.status not in STATUSES[1:]:
            raise Invalid("invalid", f"status must be one of {', '.join(STATUSES[1:])}")
        if self.method is not None and self.method not in METHODS:
            raise Invalid("invalid", f"method must be one of {', '.join(METHODS)}")
        if self.result is not None and self.result not in RESULTS:
            raise Invalid("invalid", f"result must be one of {', '.join(RESULTS)}")
        if self.status == "done" and self.result is None:
            raise Invalid("result_required", "say how the citizen found the handling")
        if len(self.note) > MAX_NOTE:
            raise Invalid("too_long", f"a note may have at most {MAX_NOTE} characters")


async def complete_followup(
    session: AsyncSession,
    followup: FollowUp,
    record: FollowUpRecord,
    *,
    source: str,
    actor_id: int | None,
    now: datetime,
) -> None:
    """Finish a follow-up and put it on the matter's timeline (staff or citizen alike)."""
    followup.status, followup.method, followup.result = record.status, record.method, record.result
    followup.note = record.note.strip() or None
    followup.source, followup.recorded_by, followup.recorded_at = source, actor_id, now
    data = {"status": record.status, "method": record.method, "result": record.result}
    session.add(
        MatterEvent(
            matter_id=followup.matter_id,
            kind=FOLLOWUP,
            actor_id=actor_id,
            data={**data, "note": record.note.strip()[:MAX_NOTE]},
            at=now,
        )
    )


async def record_followup(
    services: Services, user: StaffUser, matter_id: int, record: FollowUpRecord
) -> FollowUp:
    """Staff record a follow-up on a closed matter; audited (no note text in the audit)."""
    record.check()
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id, lock=True)
        ensure_may_act(user, matter)
        followup = await followup_of(session, matter.id)
        if followup is None:
            raise Conflict("no_followup", "this item has no follow-up visit")
        if followup.status != "pending":
            raise Conflict("already_recorded", "this follow-up has already been recorded")
        await complete_followup(
            session, followup, record, source="staff", actor_id=user.id, now=now
        )
        await audit.record(
            session, user, FOLLOWUP, "matter", matter.id, at=now, status=record.status
        )
    wake(services)
    return followup


async def followup_of(session: AsyncSession, matter_id: int) -> FollowUp | None:
    """The matter's follow-up row, if it has one."""
    return await session.scalar(select(FollowUp).where(FollowUp.matter_id == matter_id))


def followup_view(followup: FollowUp | None, on: date) -> dict[str, Any] | None:
    """The follow-up for the case page: due date, whether it is due now, how it went."""
    if followup is None:
        return None
    return {
        "due_on": followup.due_on.isoformat(),
        "due_now": followup.status == "pending" and followup.due_on <= on,
        "status": followup.status,
        "method": followup.method,
        "result": followup.result,
        "note": followup.note or "",
        "recorded_at": followup.recorded_at.isoformat() if followup.recorded_at else None,
    }
