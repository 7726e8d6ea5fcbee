"""The reminder the day before an appointment, on the citizen's channel (and away notices).

Planned as a ``reminders`` row (kind ``appointment``, due on the appointment's day) when the
booking is made or moved, at ``remind_at`` on the calendar day before; rows are claimed once
by the reminder worker (``backend.services.reminder_worker``), so it fires once across
restarts and workers. A booking made after that moment gets no reminder (it was just made).
When it fires, the time is read from the booking as it is then; a cancelled or moved booking
is skipped (``skip_reason``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.appointments.schedule import default_schedule
from backend.db.models import Appointment, Conversation, Matter, Reminder
from backend.notices.away import reach_if_away
from backend.runtime.outbox import write_outbound
from backend.services.reminders import (
    APPOINTMENT,
    PlannedReminder,
    ReminderConfig,
    insert_reminders,
)
from dialogs.catalog import default_catalog
from dialogs.types import LANGS, Lang, Reply

if TYPE_CHECKING:
    from backend.container import Services


async def plan(
    session: AsyncSession, matter: Matter, start: datetime, services: Services, now: datetime
) -> None:
    """The reminder row for a booking at ``start`` (none when its moment has passed)."""
    day = start.astimezone(services.office_hours.timezone).date()
    fire_at = datetime.combine(
        day - timedelta(days=1), default_schedule().remind_at, services.office_hours.timezone
    )
    if fire_at <= now:
        return
    await insert_reminders(session, matter.id, [PlannedReminder(APPOINTMENT, day, fire_at)])


async def tell_citizen(
    session: AsyncSession, matter: Matter, reminder: Reminder, config: ReminderConfig, now: datetime
) -> int | None:
    """Write the reminder to the citizen's conversation; the message id (None: unreachable)."""
    row = (
        await session.execute(
            select(
                Matter.conversation_id, Matter.tracking_no, Appointment.kind, Appointment.starts_at
            )
            .join(Appointment, Appointment.matter_id == Matter.id)
            .where(Matter.id == matter.id)
        )
    ).first()
    if row is None or row.conversation_id is None:
        return None
    conversation = await session.get(Conversation, row.conversation_id)
    if conversation is None:
        return None
    lang: Lang = conversation.lang if conversation.lang in LANGS else "zh-Hans"
    when = _when(row.starts_at, config, lang)
    catalog = default_catalog()
    kind = catalog.text(lang, f"appointment.kind.{row.kind}")
    text = catalog.text(
        lang, "appointment.reminder", kind=kind, when=when, tracking_no=row.tracking_no
    )
    buttons = [
        {"label": catalog.text(lang, "appointment.mine_button"), "payload": "go:appointment"},
        {"label": catalog.text(lang, "common.menu"), "payload": "/menu"},
    ]
    body = Reply(text, tracking_no=row.tracking_no, extra={"notice": "appointment.reminder"})
    message = write_outbound(
        session, conversation, {**body.to_dict(), "buttons": buttons}, author="bot", now=now
    )
    await reach_if_away(
        session,
        conversation,
        message,
        matter_id=matter.id,
        key="appointment_reminder",
        now=now,
        when=when,
        tracking_no=row.tracking_no,
    )
    await session.flush()
    return int(message.id)


def _when(start: datetime, config: ReminderConfig, lang: Lang) -> str:
    local = start.astimezone(ZoneInfo(config.timezone))
    return default_catalog().text(
        lang,
        "appointment.when",
        month=local.month,
        day=local.day,
        weekday=default_catalog().text(lang, "appointment.weekdays").split("|")[local.weekday()],
        time=local.strftime("%H:%M"),
    )
