"""Appointments and call-backs (预约接待): the schedule, places per slot, bookings, reminders.

``register`` adds the flow's effects, the queue kind and the day-before reminder to a
process (called by ``backend.wiring``).
"""

from __future__ import annotations

from backend.effects import EffectRegistry


def register(effects: EffectRegistry) -> None:
    """The effects of the appointment flow, the ``appointment`` queue kind, the reminder."""
    from backend.appointments import booking, reminder
    from backend.services.reminder_worker import TELL_CITIZEN
    from backend.services.reminders import APPOINTMENT

    effects.register("appointment_slots", booking.offer_slots)
    effects.register("book_appointment", booking.book)
    effects.register("my_appointments", booking.list_mine)
    effects.register("change_appointment", booking.change)
    effects.register("cancel_appointment", booking.cancel)
    TELL_CITIZEN[APPOINTMENT] = reminder.tell_citizen
