"""The appointment flow's steps for choosing what and when, and who (``appointment.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from dialogs.choices import Option, match_choice
from dialogs.consent import ensure_consent, handle_consent_answer
from dialogs.conversation import Conversation
from dialogs.flows import appointment_words as w
from dialogs.parsing import valid_phone
from dialogs.typed_contact import read_contact
from dialogs.types import Button, Inbound

NAME = "appointment"
MAX_TOPIC = 200


def nav(conv: Conversation) -> list[Button]:
    return [conv.button("common.back", "/back"), conv.button("common.person", "/person")]


# Step → its question; filled by ``dialogs.flows.appointment`` (the flow's tables).
ASKERS: dict[str, Callable[[Conversation], None]] = {}


def go(conv: Conversation, step: str) -> None:
    """Move to ``step`` (返回 comes back) and ask it."""
    conv.move(NAME, step)
    ASKERS[step](conv)


# -- choosing what and when ----------------------------------------------------------------


def ask_kind(conv: Conversation) -> None:
    """Which kind of appointment (or 我的预约)."""
    conv.move(NAME, "kind", remember=False)
    conv.ask_choice(conv.t("appointment.ask_kind"), w.kind_options(conv), "appointment_kind")


def on_kind(conv: Conversation, msg: Inbound) -> None:
    """A kind fetches its days; 我的预约 lists the bookings."""
    choice = match_choice(msg, w.kind_options(conv))
    if choice == w.MINE:
        show_mine(conv)
    elif choice is not None:
        choose_kind(conv, choice)
    else:
        conv.say(conv.t("common.not_understood"))
        ask_kind(conv)


def choose_kind(conv: Conversation, kind: str) -> None:
    """Start a new booking of ``kind``: which days have places."""
    conv.data.update(kind=kind, day=None, page=0, changing=None)
    fetch_slots(conv)


def open_with_words(conv: Conversation, text: str) -> None:
    """Opened by a typed request: "我想预约检察长接待" chooses that kind at once, "取消我的预约"
    lists the bookings."""
    conv.move(NAME, "start", remember=False)
    conv.state["history"] = []
    if any(word in text for word in w.words(conv, "appointment.mine_words")):
        show_mine(conv)
        return
    named = [
        k
        for k in w.KINDS
        if any(word in text for word in w.words(conv, f"appointment.kind_words.{k}"))
    ]
    if len(named) == 1:
        choose_kind(conv, named[0])
    else:
        ask_kind(conv)


def show_mine(conv: Conversation) -> None:
    """Ask the backend for this conversation's bookings."""
    conv.move(NAME, "listing", remember=False)
    conv.emit("my_appointments")


def fetch_slots(conv: Conversation) -> None:
    """Ask the backend for the days with places (no day yet) or one day's free slots."""
    conv.move(NAME, "waiting", remember=False)
    data = conv.data
    conv.emit(
        "appointment_slots",
        kind=data.get("kind"),
        day=data.get("day"),
        page=data.get("page", 0),
        changing=data.get("changing"),
    )


def on_slots(conv: Conversation, data: dict[str, Any]) -> None:
    """Days as buttons (step ``day``), or a day's slots as buttons (step ``slot``)."""
    conv.data["minutes"] = data.get("minutes") or conv.data.get("minutes")
    if data.get("day"):
        conv.data["slots"], conv.data["more"] = data.get("slots") or [], bool(data.get("more"))
        conv.move(NAME, "slot")
        ask_slot(conv)
    else:
        conv.data["days"] = data.get("days") or []
        conv.move(NAME, "day")
        ask_day(conv)


def _extra(conv: Conversation) -> list[Button]:
    return [conv.button("appointment.other_kind", "kinds"), conv.button("common.menu", "/menu")]


def ask_day(conv: Conversation) -> None:
    """The days with places (or why there are none)."""
    days: list[dict[str, Any]] = conv.data.get("days") or []
    if not days:
        extra = [*_extra(conv), conv.button("common.person", "/person")]
        conv.say(conv.t("appointment.no_slots"), extra, ask="day")
        return
    buttons = [replace(w.day_button(conv, day), number=n) for n, day in enumerate(days, 1)]
    conv.say(_head(conv, "appointment.pick_day"), [*buttons, *_extra(conv)], ask="day")


def on_day(conv: Conversation, msg: Inbound) -> None:
    """A day tapped fetches its times."""
    payload = msg.button or _typed(
        msg, [w.day_button(conv, day) for day in conv.data.get("days") or []]
    )
    if payload.startswith("day:"):
        conv.data.update(day=payload.removeprefix("day:"), page=0)
        fetch_slots(conv)
    elif payload == "kinds":
        ask_kind(conv)
    else:
        conv.say(conv.t("common.not_understood"))
        ask_day(conv)


def _typed(msg: Inbound, shown: list[Button]) -> str:
    """A day or time typed instead of tapped: its number ("2"), or words of its label
    ("12月8日", "10:30"); "" when the words fit none or several."""
    options = [Option(b.payload, b.label) for b in shown]
    return match_choice(msg, options) or "" if msg.text.strip() else ""


def ask_slot(conv: Conversation) -> None:
    """The times shown last, with 更晚的时间 and 换一天."""
    data = conv.data
    slots: list[dict[str, Any]] = data.get("slots") or []
    buttons = [replace(w.slot_button(conv, slot), number=n) for n, slot in enumerate(slots, 1)]
    if data.get("more"):
        buttons.append(conv.button("appointment.later", "later"))
    buttons.append(conv.button("appointment.other_day", "days"))
    head = conv.t("appointment.pick_slot", day=w.day_words(conv, str(data.get("day", ""))))
    conv.say(head if slots else conv.t("appointment.day_full"), buttons, ask="slot")


def _head(conv: Conversation, key: str) -> str:
    data = conv.data
    if data.get("changing"):
        was = w.when(conv, str(data.get("was", "")))
        return conv.t("appointment.pick_new_slot", when=was)
    about = conv.t(f"appointment.about.{data.get('kind')}", minutes=data.get("minutes") or 30)
    return f"{about}\n\n{conv.t(key)}"


def on_slot(conv: Conversation, msg: Inbound) -> None:
    """A time tapped (or its number or time typed); or later times; or another day."""
    shown = [w.slot_button(conv, slot) for slot in conv.data.get("slots") or []]
    payload = msg.button or _typed(msg, shown)
    if payload.startswith("slot:"):
        conv.data["at"] = payload.removeprefix("slot:")
        if conv.data.get("changing"):
            go(conv, "confirm_change")
        elif ensure_consent(conv, "name"):
            go(conv, "name")
    elif payload == "later":
        conv.data["page"] = int(conv.data.get("page") or 0) + 1
        fetch_slots(conv)
    elif payload == "days":
        conv.data.update(day=None, page=0)
        fetch_slots(conv)
    else:
        conv.say(conv.t("common.not_understood"))
        ask_slot(conv)


# -- who, and confirming ---------------------------------------------------------------------


def on_consent(conv: Conversation, msg: Inbound) -> None:
    """The personal-information notice; yes resumes at the name."""
    resume = handle_consent_answer(conv, msg)
    if resume:
        ASKERS.get(resume, ask_name)(conv)


def ask_name(conv: Conversation) -> None:
    """怎么称呼您."""
    conv.say(conv.t("appointment.ask_name"), nav(conv), ask="name")


def on_name(conv: Conversation, msg: Inbound) -> None:
    """A name (a phone typed with it is kept too)."""
    name, phone = read_contact(msg.text) if msg.button is None else (None, None)
    if name is None:
        conv.say(conv.t("appointment.name_bad"), nav(conv), ask="name")
        return
    conv.data["name"] = name
    if phone is not None:
        conv.data["phone"] = phone
        go(conv, "topic")
    else:
        go(conv, "phone")


def ask_phone(conv: Conversation) -> None:
    """A phone number to reach the citizen."""
    conv.say(conv.t("appointment.ask_phone"), nav(conv), ask="phone")


def on_phone(conv: Conversation, msg: Inbound) -> None:
    """A valid phone moves on to the topic."""
    phone = (valid_phone(msg.text) or read_contact(msg.text)[1]) if msg.button is None else None
    if phone is None:
        conv.say(conv.t("appointment.phone_bad"), nav(conv), ask="phone")
        return
    conv.data["phone"] = phone
    go(conv, "topic")


def ask_topic(conv: Conversation) -> None:
    """What it is about, in a sentence (optional)."""
    skip = conv.button("appointment.skip", "skip")
    conv.say(conv.t("appointment.ask_topic"), [skip, *nav(conv)], ask="topic")


def on_topic(conv: Conversation, msg: Inbound) -> None:
    """A sentence, or 跳过."""
    if msg.button == "skip" or (msg.button is None and msg.text.strip()):
        conv.data["topic"] = "" if msg.button else msg.text.strip()[:MAX_TOPIC]
        go(conv, "confirm")
        return
    ask_topic(conv)


def ask_confirm(conv: Conversation) -> None:
    """The summary with 确认预约 / 换个时间."""
    buttons = [
        conv.button("appointment.confirm", "yes"),
        Button(conv.t("appointment.change_slot"), "slots", secondary=True),
        conv.button("common.menu", "/menu"),
    ]
    conv.say(w.summary(conv), buttons, ask="confirm")


def on_confirm(conv: Conversation, msg: Inbound) -> None:
    """确认 books; 换个时间 shows the slots again."""
    options = [Option("yes", conv.t("appointment.confirm"), ("确认", "确定", "好", "对"))]
    if msg.button == "slots":
        conv.data.update(day=None, page=0)
        fetch_slots(conv)
    elif match_choice(msg, options) == "yes":
        conv.move(NAME, "booking", remember=False)
        data = conv.data
        conv.emit(
            "book_appointment",
            kind=data.get("kind"),
            at=data.get("at"),
            contact_name=data.get("name"),
            phone=data.get("phone"),
            topic=data.get("topic") or "",
        )
    else:
        conv.say(conv.t("common.not_understood"))
        ask_confirm(conv)
