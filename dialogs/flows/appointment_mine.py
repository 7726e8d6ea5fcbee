"""The appointment flow's 我的预约: the list, 改时间 and 取消 (``appointment.py``)."""

from __future__ import annotations

from typing import Any

from dialogs.choices import Option, match_choice
from dialogs.conversation import Conversation
from dialogs.flows import appointment_words as w
from dialogs.flows.appointment_steps import NAME, ask_kind, fetch_slots, go, show_mine
from dialogs.types import Button, Inbound


def on_mine_list(conv: Conversation, data: dict[str, Any]) -> None:
    """The bookings with 改时间 / 取消 each, or none."""
    bookings = data.get("bookings") or []
    if not bookings:
        conv.say(conv.t("appointment.none_mine"))
        ask_kind(conv)
        return
    conv.data["bookings"] = bookings
    conv.move(NAME, "mine", remember=False)
    ask_mine(conv)


def ask_mine(conv: Conversation) -> None:
    """The list shown last."""
    bookings = conv.data.get("bookings") or []
    buttons = []
    for b in bookings:
        number = b.get("tracking_no", "")
        buttons.append(conv.button("appointment.change", f"change:{number}", tracking_no=number))
        buttons.append(conv.button("appointment.cancel", f"cancel:{number}", tracking_no=number))
    buttons += [conv.button("appointment.new", "new"), conv.button("common.menu", "/menu")]
    conv.say(w.booking_lines(conv, bookings), buttons, ask="appointment_action")


def on_mine(conv: Conversation, msg: Inbound) -> None:
    """改时间 fetches slots of the same kind; 取消 asks to be sure; 新的预约."""
    action, _, number = (msg.button or "").partition(":")
    booking = next(
        (b for b in conv.data.get("bookings") or [] if b.get("tracking_no") == number), None
    )
    if action == "change" and booking is not None:
        conv.data.update(kind=booking.get("kind"), changing=number, was=booking.get("at"), page=0)
        fetch_slots(conv)
    elif action == "cancel" and booking is not None:
        conv.data.update(cancelling=number, was=booking.get("at"))
        go(conv, "confirm_cancel")
    elif action == "new":
        ask_kind(conv)
    else:
        conv.say(conv.t("common.not_understood"))
        ask_mine(conv)


def ask_confirm_change(conv: Conversation) -> None:
    """改到这个时间，确定吗."""
    data = conv.data
    text = conv.t(
        "appointment.confirm_change",
        tracking_no=data.get("changing", ""),
        when=w.when(conv, str(data.get("at", ""))),
    )
    buttons = [
        conv.button("appointment.confirm_change_yes", "yes"),
        Button(conv.t("appointment.change_slot"), "slots", secondary=True),
        conv.button("appointment.keep_time", "keep"),
    ]
    conv.say(text, buttons, ask="confirm")


def on_confirm_change(conv: Conversation, msg: Inbound) -> None:
    """确定 moves the booking; 换个时间; 不改了."""
    if msg.button == "slots":
        conv.data.update(day=None, page=0)
        fetch_slots(conv)
    elif msg.button == "keep":
        conv.say(conv.t("appointment.kept"))
        show_mine(conv)
    elif match_choice(msg, [Option("yes", "", ("确定", "确认", "好", "是"))]) == "yes":
        conv.move(NAME, "changing", remember=False)
        data = conv.data
        conv.emit("change_appointment", tracking_no=data.get("changing"), at=data.get("at"))
    else:
        conv.say(conv.t("common.not_understood"))
        ask_confirm_change(conv)


def ask_confirm_cancel(conv: Conversation) -> None:
    """确定要取消吗."""
    data = conv.data
    text = conv.t(
        "appointment.confirm_cancel",
        tracking_no=data.get("cancelling", ""),
        when=w.when(conv, str(data.get("was", ""))),
    )
    buttons = [
        conv.button("appointment.cancel_yes", "yes"),
        conv.button("appointment.cancel_no", "no"),
    ]
    conv.say(text, buttons, ask="confirm")


def on_confirm_cancel(conv: Conversation, msg: Inbound) -> None:
    """确定取消 cancels; 不取消 keeps it."""
    options = [
        Option("yes", conv.t("appointment.cancel_yes"), ("确定", "是", "取消吧")),
        Option("no", conv.t("appointment.cancel_no"), ("不", "不要", "算了")),
    ]
    answer = match_choice(msg, options)
    if answer == "yes":
        conv.move(NAME, "cancelling", remember=False)
        conv.emit("cancel_appointment", tracking_no=conv.data.get("cancelling"))
    elif answer == "no":
        conv.say(conv.t("appointment.kept"))
        show_mine(conv)
    else:
        conv.say(conv.t("common.not_understood"))
        ask_confirm_cancel(conv)
