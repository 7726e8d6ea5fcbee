"""Firing reminders: claim the rows that are due, write the notices, plan the next progress row.

``claim_due_reminders`` marks the rows it takes ``fired`` in the same transaction that writes
their notices and timeline events, so a reminder fires once or not at all. On PostgreSQL the
rows are taken with ``SELECT … FOR UPDATE SKIP LOCKED`` (workers side by side never take the
same row); on SQLite ``Database.transaction()`` is already the only writer (``BEGIN
IMMEDIATE`` plus a process lock). Anything that fell due while no worker ran is claimed when
one comes back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import FollowUp, Matter, MatterEvent, Reminder, StaffNotification
from backend.services.reminder_notices import QUEUE_ROLE, SUPERVISOR_ROLE, new_notification
from backend.services.reminders import (
    APPOINTMENT,
    FOLLOWUP,
    MATTER_DEADLINE_COLUMNS,
    PROGRESS,
    PlannedReminder,
    ReminderConfig,
    SweepCursor,
    insert_reminders,
    next_progress_date,
    reminder_config,
    skip_reason,
    sweep_reminders,
)

if TYPE_CHECKING:
    from backend.container import Services

log = logging.getLogger("frontdesk.reminders")

# Reminder kinds that also (or only) speak to the citizen: kind → writes the message and
# returns its id (None when the citizen cannot be reached). Areas register their own.
CitizenNotice = Callable[
    [AsyncSession, Matter, Reminder, ReminderConfig, datetime], Awaitable[int | None]
]
TELL_CITIZEN: dict[str, CitizenNotice] = {}
CITIZEN_ONLY = frozenset({APPOINTMENT})  # no staff notice for these

CLAIM_BATCH = 100
SWEEP_EVERY_PASSES = 10  # with the default interval: firing every 30 s, sweeping every 5 min


@dataclass(frozen=True)
class Claimed:
    """One reminder taken by a claimer: fired with a notice, or skipped (``reason`` says why)."""

    reminder_id: int
    matter_id: int
    kind: str
    due_on: date
    notification_id: int | None = None
    reason: str | None = None

    @property
    def fired(self) -> bool:
        """True when a notice was written."""
        return self.notification_id is not None


@dataclass
class ReminderPass:
    """What one pass of the worker did."""

    claimed: list[Claimed] = field(default_factory=list)
    scheduled: int = 0

    @property
    def fired(self) -> list[Claimed]:
        """The reminders that produced a notice."""
        return [item for item in self.claimed if item.fired]


async def claim_due_reminders(
    db: Database, now: datetime, limit: int = CLAIM_BATCH, *, config: ReminderConfig
) -> list[Claimed]:
    """Atomically take up to ``limit`` pending reminders due by ``now`` and fire or skip them."""
    query = (
        select(Reminder)
        .where(Reminder.status == "pending", Reminder.fire_at <= now)
        .order_by(Reminder.fire_at, Reminder.id)
        .limit(limit)
    )
    if not db.is_sqlite:
        query = query.with_for_update(skip_locked=True)
    async with db.transaction() as session:
        reminders = list(await session.scalars(query))
        return [await _settle(session, reminder, config, now) for reminder in reminders]


async def _settle(
    session: AsyncSession, reminder: Reminder, config: ReminderConfig, now: datetime
) -> Claimed:
    matter = await session.get(Matter, reminder.matter_id, options=[MATTER_DEADLINE_COLUMNS])
    reminder.status, reminder.fired_at = "fired", now
    reminder.attempts += 1
    reason = skip_reason(matter, reminder.kind, reminder.due_on, config.today(now))
    if reason is None and reminder.kind == FOLLOWUP and await _followed_up(session, reminder):
        reason = "followed_up"
    claimed = Claimed(reminder.id, reminder.matter_id, reminder.kind, reminder.due_on)
    if matter is None or reason is not None:
        log.info("reminder skipped", extra={"reminder_id": reminder.id, "reason": reason})
        return replace(claimed, reason=reason)
    notice_id = None
    if reminder.kind not in CITIZEN_ONLY:
        notice_id = (await _fire(session, matter, reminder, now)).id
    tell = TELL_CITIZEN.get(reminder.kind)
    if tell is not None:
        notice_id = await tell(session, matter, reminder, config, now) or notice_id
    if reminder.kind == PROGRESS:
        await _plan_next_progress(session, matter, reminder.due_on, config, now)
    if notice_id is None:
        return replace(claimed, reason="unreachable")
    log.info("reminder fired", extra={"reminder_id": reminder.id, "matter_id": matter.id})
    return replace(claimed, notification_id=notice_id)


async def _fire(
    session: AsyncSession, matter: Matter, reminder: Reminder, now: datetime
) -> StaffNotification:
    """The notice and the timeline entry for one reminder."""
    staff_id, role = _recipient(matter, reminder.kind)
    params = {
        "tracking_no": matter.tracking_no or f"#{matter.id}",
        "matter_id": matter.id,
        "matter_kind": matter.kind,
        "due_on": reminder.due_on.isoformat(),
    }
    notice = new_notification(
        kind=reminder.kind,
        matter_id=matter.id,
        params=params,
        now=now,
        staff_id=staff_id,
        role=role,
    )
    session.add(notice)
    await session.flush()
    reminder.recipient_id = staff_id
    session.add(
        MatterEvent(
            matter_id=matter.id,
            kind="reminder_fired",
            visible_to_citizen=False,
            data={
                "reminder_id": reminder.id,
                "reminder": reminder.kind,
                "due_on": reminder.due_on.isoformat(),
                "notification_id": notice.id,
                "to": role or "assignee",
            },
            at=now,
        )
    )
    return notice


async def _followed_up(session: AsyncSession, reminder: Reminder) -> bool:
    """True when the follow-up was recorded before its reminder came round."""
    status = await session.scalar(
        select(FollowUp.status).where(FollowUp.matter_id == reminder.matter_id)
    )
    return status is not None and status != "pending"


def _recipient(matter: Matter, kind: str) -> tuple[int | None, str | None]:
    """A miss goes to supervisors; anything else to the assignee, or the queue if none."""
    if kind.endswith("_missed"):
        return None, SUPERVISOR_ROLE
    if matter.assignee_id is not None:
        return matter.assignee_id, None
    return None, QUEUE_ROLE


async def _plan_next_progress(
    session: AsyncSession, matter: Matter, fired_due: date, config: ReminderConfig, now: datetime
) -> None:
    if matter.result_due is None:
        return
    # After a long outage, plan the next date still ahead, not every month that was missed.
    after = max(fired_due + timedelta(days=1), config.today(now))
    due = next_progress_date(matter.result_due, after, config.calendar)
    await insert_reminders(
        session, matter.id, [PlannedReminder(PROGRESS, due, config.warn_at(due))]
    )


async def run_reminders_once(
    services: Services, cursor: SweepCursor | None = None, *, sweep: bool = True
) -> ReminderPass:
    """One pass: fire what is due, plan what is missing (``sweep``), fire what that made due."""
    config, db = reminder_config(services), services.db
    outcome = ReminderPass()
    outcome.claimed += await _claim_all(db, services.clock.now(), config)
    if sweep:
        now = services.clock.now()
        outcome.scheduled = await sweep_reminders(db, config, now, cursor or SweepCursor())
    if outcome.scheduled:
        outcome.claimed += await _claim_all(db, services.clock.now(), config)
    if outcome.fired:
        services.notifier.notify("staff")
        services.notifier.notify("outbox")  # citizen reminders on Telegram, push and SMS
    fired = len(outcome.fired)
    services.metrics.reminders_fired.labels("fired").inc(fired)
    services.metrics.reminders_fired.labels("skipped").inc(len(outcome.claimed) - fired)
    return outcome


async def _claim_all(db: Database, now: datetime, config: ReminderConfig) -> list[Claimed]:
    claimed: list[Claimed] = []
    while True:
        batch = await claim_due_reminders(db, now, CLAIM_BATCH, config=config)
        claimed += batch
        if len(batch) < CLAIM_BATCH:
            return claimed


async def run_reminders(services: Services) -> None:
    """The background worker: fire, sweep now and then, sleep; stops when cancelled."""
    interval = services.settings.reminder_interval_seconds
    cursor = SweepCursor()
    passes = 0
    while True:
        # The sweep is a safety net that reads every open matter: the first pass (catch-up
        # after a restart) and then every few passes is enough.
        sweep = passes % SWEEP_EVERY_PASSES == 0
        outcome = await run_reminders_once(services, cursor, sweep=sweep)
        passes += 1
        if outcome.claimed or outcome.scheduled:
            log.info(
                "reminder pass",
                extra={"fired": len(outcome.fired), "claimed": len(outcome.claimed)},
            )
        await asyncio.sleep(interval)
