"""查询进度: the citizen's own matters, or one matter by tracking number + phone's last four.

Steps (diagram: ``status.mmd``): entering emits ``lookup_my_matters`` (this conversation's
matters) → ``status.list`` shows each with its timeline and next due date → ``other`` asks
``tracking_no`` then ``last4`` → ``lookup_matter`` → ``status.found`` / ``status.not_found``.
A wrong pair and an unknown number get the same answer, and after ``MAX_FAILURES`` failed
look-ups in a day the conversation is told to come back tomorrow (the count lives in the
state, so it survives restarts and is the same on every worker).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dialogs.choices import Option, match_choice, normalise
from dialogs.conversation import Conversation
from dialogs.flows.complaint_replies import date_words
from dialogs.flows.complaint_steps import nav, words
from dialogs.types import Button, Event, Inbound

MAX_FAILURES = 5
TRACKING_NO = re.compile(r"[A-Z]\d{11}")
_FORGOT = re.compile(
    r"不知道|忘了|忘记|记不得|记不清|找不到|没有编号|没编号|不记得|丢了"
    r"|forgot|forget|don'?t know|do not know|lost|can'?t find|no number"
)
FAILURES_KEY = "status_failures"


class StatusFlow:
    """Progress look-up for the citizen's own matters and, with proof, any one matter."""

    name = "status"
    text_steps = frozenset({"tracking_no", "last4"})  # typed numbers (dialogs.understanding)

    def enter(self, conv: Conversation, arg: str = "") -> None:
        """Look up this conversation's matters, or (``@step``) ask that step again."""
        if arg.startswith("@"):
            _ASKERS.get(arg[1:], ask_tracking_no)(conv)
            return
        conv.state["data"] = {}
        conv.move(self.name, "mine", remember=False)
        conv.emit("lookup_my_matters")

    def on_input(self, conv: Conversation, msg: Inbound) -> None:
        """The current step's handler."""
        _HANDLERS.get(conv.step, on_listed)(conv, msg)

    def on_event(self, conv: Conversation, event: Event) -> bool:
        """``status.list``, ``status.found`` and ``status.not_found``."""
        handler = _EVENTS.get(event.name)
        if handler is None:
            return False
        handler(conv, event)
        return True


def failures_today(conv: Conversation) -> int:
    """Failed look-ups by this conversation today."""
    record = conv.state.get(FAILURES_KEY) or {}
    return int(record.get("count", 0)) if record.get("day") == _today(conv) else 0


def _today(conv: Conversation) -> str:
    return conv.ctx.today.isoformat() if conv.ctx.today is not None else ""


def _more_buttons(conv: Conversation) -> list[Button]:
    return [
        conv.button("status.other", "other"),
        conv.button("common.menu", "/menu"),
        conv.button("common.person", "/person"),
    ]


def matter_text(conv: Conversation, matter: dict[str, Any]) -> str:
    """One matter: number, kind, status, the visible timeline and the next due date."""
    kind, status = str(matter.get("kind")), str(matter.get("status"))
    lines = [
        conv.t(
            "status.matter",
            tracking_no=matter["tracking_no"],
            kind=conv.t(
                f"status.kind.{kind}"
                if conv.catalog.has(f"status.kind.{kind}")
                else "status.kind.other"
            ),
            received=date_words(conv, str(matter["received_on"])),
            status=conv.t(_known(conv, "status.state", status)),
        )
    ]
    for event in matter.get("events", []):
        label = _event_words(conv, event)
        lines.append(
            conv.t("status.timeline_line", date=date_words(conv, event["on"]), event=label)
        )
    if not matter.get("open"):
        lines.append(conv.t("status.closed"))
    elif kind == "lead":
        lines.append(conv.t("status.lead_note"))
    elif matter.get("next_due"):
        lines.append(conv.t("status.next_due", date=date_words(conv, str(matter["next_due"]))))
    elif matter.get("anonymous"):
        lines.append(conv.t("status.no_due"))
    return "\n".join(lines)


def _event_words(conv: Conversation, event: dict[str, Any]) -> str:
    """A timeline line: a milestone by its own name (a hearing with its time and place)."""
    template = str(event.get("template") or "")
    key = f"status.milestone.{template}"
    if template and conv.catalog.has(key):
        values = {
            "hearing_time": "",
            "hearing_place": "",
            "court": "",
            **(event.get("values") or {}),
        }
        return conv.t(key, **values)
    return conv.t(_known(conv, "status.event", str(event["kind"])))


def _known(conv: Conversation, prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if conv.catalog.has(f"{prefix}.{key}") else f"{prefix}.other"


# -- events -------------------------------------------------------------------------------


def on_list(conv: Conversation, event: Event) -> None:
    """This conversation's matters, or an invitation to look one up by number."""
    matters = event.data.get("matters", [])
    if not matters:
        conv.say(conv.t("status.none_here"))
        _go(conv, "tracking_no")
        return
    texts = [conv.t("status.list_head"), *(matter_text(conv, m) for m in matters)]
    conv.say("\n\n".join(texts), _more_buttons(conv), ask="status_more", matters=len(matters))
    conv.move("status", "listed", remember=False)


def on_found(conv: Conversation, event: Event) -> None:
    """The matter the number and the four digits point to."""
    conv.say(matter_text(conv, event.data["matter"]), _more_buttons(conv), ask="status_more")
    conv.move("status", "listed", remember=False)


def on_not_found(conv: Conversation, event: Event) -> None:
    """Count the failure; the same words whether the number or the digits were wrong."""
    count = failures_today(conv) + 1
    conv.state[FAILURES_KEY] = {"day": _today(conv), "count": count}
    if count >= MAX_FAILURES:
        _say_locked(conv)
        return
    conv.say(conv.t("status.not_found", left=MAX_FAILURES - count))
    _go(conv, "tracking_no")


def _say_locked(conv: Conversation) -> None:
    conv.say(
        conv.t("status.locked"),
        [conv.button("common.person", "/person"), conv.button("common.menu", "/menu")],
    )
    conv.move("status", "listed", remember=False)


# -- steps --------------------------------------------------------------------------------


def _go(conv: Conversation, step: str) -> None:
    conv.move("status", step)
    _ASKERS[step](conv)


def ask_tracking_no(conv: Conversation) -> None:
    """The tracking number (or, when locked for today, why not)."""
    if failures_today(conv) >= MAX_FAILURES:
        _say_locked(conv)
        return
    conv.say(conv.t("status.ask_tracking"), nav(conv), ask="tracking_no")


def ask_last4(conv: Conversation) -> None:
    """The last four digits of the phone given with the matter."""
    conv.say(conv.t("status.ask_last4"), nav(conv), ask="phone_last4")


def on_listed(conv: Conversation, msg: Inbound) -> None:
    """查询其他编号, or a tracking number typed straight away."""
    if _tracking_no(msg.text) is not None:
        on_tracking_no(conv, msg)
        return
    option = Option("other", conv.t("status.other"), words(conv, "status.other_words"))
    if match_choice(msg, [option]) == "other":
        _go(conv, "tracking_no")
        return
    conv.say(conv.t("common.not_understood"), _more_buttons(conv), ask="status_more")


def _tracking_no(text: str) -> str | None:
    plain = "".join(ch for ch in normalise(text).upper() if ch.isalnum())
    return plain if TRACKING_NO.fullmatch(plain) else None


def on_tracking_no(conv: Conversation, msg: Inbound) -> None:
    """A well-formed tracking number moves on to the four digits."""
    if failures_today(conv) >= MAX_FAILURES:
        _say_locked(conv)
        return
    number = _tracking_no(msg.text) if msg.button is None else None
    if number is None and msg.button is None and _FORGOT.search(normalise(msg.text)):
        _say_forgot(conv)  # "忘了": asking again for the number would never end
        return
    if number is None:
        conv.say(conv.t("status.tracking_bad"), nav(conv), ask="tracking_no")
        return
    conv.data["tracking_no"] = number
    _go(conv, "last4")


def _say_forgot(conv: Conversation) -> None:
    """Where the number is written, and a person who can look for it (2026-12 review)."""
    buttons = [
        conv.button("common.person", "/person"),
        conv.button("common.call_button", "call:12309", number="12309"),
        conv.button("common.menu", "/menu"),
    ]
    conv.say(conv.t("status.tracking_forgot"), buttons, ask="tracking_no")


def on_last4(conv: Conversation, msg: Inbound) -> None:
    """Four digits → the look-up; anything else is asked again."""
    digits = re.sub(r"\s", "", normalise(msg.text)) if msg.button is None else ""
    if not re.fullmatch(r"\d{4}", digits):
        conv.say(conv.t("status.last4_bad"), nav(conv), ask="phone_last4")
        return
    if failures_today(conv) >= MAX_FAILURES:
        _say_locked(conv)
        return
    conv.move("status", "looking", remember=False)
    conv.emit("lookup_matter", tracking_no=conv.data.get("tracking_no"), last4=digits)


_ASKERS: dict[str, Callable[[Conversation], None]] = {
    "tracking_no": ask_tracking_no,
    "last4": ask_last4,
}
_HANDLERS: dict[str, Callable[[Conversation, Inbound], None]] = {
    "listed": on_listed,
    "tracking_no": on_tracking_no,
    "last4": on_last4,
}


def on_locked(conv: Conversation, event: Event) -> None:
    """Too many failures for that number or from this place today (counted by the service)."""
    _say_locked(conv)


_EVENTS: dict[str, Callable[[Conversation, Event], None]] = {
    "status.list": on_list,
    "status.found": on_found,
    "status.not_found": on_not_found,
    "status.locked": on_locked,
}

FLOW = StatusFlow()
