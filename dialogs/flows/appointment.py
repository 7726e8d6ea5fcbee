"""预约: a visit, a video reception, the chief procurator's reception day, or a call-back.

Steps (diagram: ``appointment.mmd``): ``kind`` → effect ``appointment_slots`` →
``appointment.slots`` → ``slot`` (buttons ``slot:<YYYY-MM-DDTHH:MM>`` in the service's time
zone, 更晚的时间, 换一种预约) → consent → ``name`` → ``phone`` → ``topic`` → ``confirm`` →
effect ``book_appointment`` → ``appointment.booked`` (tracking number) or
``appointment.full`` (the slot went meanwhile: new slots at once). 我的预约 → effect
``my_appointments`` → ``mine`` → 改时间 (slots → ``confirm_change`` → ``change_appointment``)
or 取消 (``confirm_cancel`` → ``cancel_appointment``). Which slots exist and how many places
are left is the backend's (``backend/appointments``); the flow only words them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogs.consent import CONSENT_STEP, ask_consent
from dialogs.conversation import Conversation
from dialogs.flows import appointment_mine as mine
from dialogs.flows import appointment_steps as steps
from dialogs.flows import appointment_words as w
from dialogs.types import Event, Inbound


class AppointmentFlow:
    """Book, see, change and cancel an appointment."""

    name = steps.NAME
    text_steps = frozenset({"name", "phone", "topic"})  # typed answers (dialogs.understanding)

    def enter(self, conv: Conversation, arg: str = "") -> None:
        """Ask what to book, or (``@step``) ask that step again."""
        if arg.startswith("@"):
            steps.ASKERS.get(arg[1:], steps.ask_kind)(conv)
            return
        steps.ask_kind(conv)

    def on_input(self, conv: Conversation, msg: Inbound) -> None:
        """The current step's handler."""
        _HANDLERS.get(conv.step, steps.on_kind)(conv, msg)

    def on_event(self, conv: Conversation, event: Event) -> bool:
        """Slots, bookings, changes and cancellations from the backend."""
        handler = _EVENTS.get(event.name)
        if handler is None:
            return False
        handler(conv, event.data)
        return True


steps.ASKERS.update(
    {
        "kind": steps.ask_kind,
        "day": steps.ask_day,
        "slot": steps.ask_slot,
        CONSENT_STEP: ask_consent,  # 返回 or a change of language: the notice again
        "name": steps.ask_name,
        "phone": steps.ask_phone,
        "topic": steps.ask_topic,
        "confirm": steps.ask_confirm,
        "mine": mine.ask_mine,
        "confirm_change": mine.ask_confirm_change,
        "confirm_cancel": mine.ask_confirm_cancel,
    }
)
_HANDLERS: dict[str, Callable[[Conversation, Inbound], None]] = {
    "kind": steps.on_kind,
    "day": steps.on_day,
    "slot": steps.on_slot,
    CONSENT_STEP: steps.on_consent,
    "name": steps.on_name,
    "phone": steps.on_phone,
    "topic": steps.on_topic,
    "confirm": steps.on_confirm,
    "mine": mine.on_mine,
    "confirm_change": mine.on_confirm_change,
    "confirm_cancel": mine.on_confirm_cancel,
}


# -- events from the backend -------------------------------------------------------------------


def _done_buttons(conv: Conversation) -> list[Any]:
    return [conv.button("appointment.mine_button", w.MINE), conv.button("common.menu", "/menu")]


def on_booked(conv: Conversation, data: dict[str, Any]) -> None:
    """The booking with its number; the next tap may be 我的预约."""
    kind = str(data.get("kind", ""))
    key = "appointment.booked_callback" if kind == "callback" else "appointment.booked"
    text = conv.t(
        key,
        tracking_no=data.get("tracking_no", ""),
        kind=w.kind_name(conv, kind),
        when=w.when(conv, str(data.get("at", ""))),
    )
    conv.state["data"] = {}
    conv.move(steps.NAME, "kind", remember=False)
    conv.say(text, _done_buttons(conv), tracking_no=data.get("tracking_no"), appointment=data)


def on_full(conv: Conversation, data: dict[str, Any]) -> None:
    """The slot went meanwhile: say so and fetch the free ones again."""
    conv.say(conv.t("appointment.full", when=w.when(conv, str(data.get("at", "")))))
    conv.data["page"] = 0  # the same day's times again (or its days, if it filled up)
    steps.fetch_slots(conv)


def on_changed(conv: Conversation, data: dict[str, Any]) -> None:
    """The booking moved."""
    text = conv.t(
        "appointment.changed",
        tracking_no=data.get("tracking_no", ""),
        when=w.when(conv, str(data.get("at", ""))),
    )
    conv.state["data"] = {}
    conv.move(steps.NAME, "kind", remember=False)
    conv.say(text, _done_buttons(conv), appointment=data)


def on_cancelled(conv: Conversation, data: dict[str, Any]) -> None:
    """The booking is cancelled."""
    conv.state["data"] = {}
    conv.move(steps.NAME, "kind", remember=False)
    text = conv.t("appointment.cancelled", tracking_no=data.get("tracking_no", ""))
    conv.say(text, [conv.button("appointment.new", "new"), conv.button("common.menu", "/menu")])


def on_gone(conv: Conversation, data: dict[str, Any]) -> None:
    """A booking that is no longer on (cancelled by staff, already held)."""
    conv.say(conv.t("appointment.gone"))
    steps.show_mine(conv)


_EVENTS: dict[str, Callable[[Conversation, dict[str, Any]], None]] = {
    "appointment.slots": steps.on_slots,
    "appointment.booked": on_booked,
    "appointment.full": on_full,
    "appointment.mine": mine.on_mine_list,
    "appointment.changed": on_changed,
    "appointment.cancelled": on_cancelled,
    "appointment.gone": on_gone,
}

FLOW = AppointmentFlow()
