"""How the appointment flow words things: kinds, slots, times, the booking list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dialogs.choices import Option
from dialogs.conversation import Conversation
from dialogs.types import Button

KINDS = ("visit", "video", "chief", "callback")
MINE = "mine"


def kind_options(conv: Conversation) -> list[Option]:
    """One option per kind, then 我的预约."""
    options = [
        Option(k, conv.t(f"appointment.kind.{k}"), words(conv, f"appointment.kind_words.{k}"))
        for k in KINDS
    ]
    mine = Option(MINE, conv.t("appointment.mine_button"), words(conv, "appointment.mine_words"))
    return [*options, mine]


def words(conv: Conversation, key: str) -> tuple[str, ...]:
    """Synonyms from a ``a|b|c`` catalog entry."""
    return tuple(w for w in conv.t(key).split("|") if w)


def when(conv: Conversation, slot: str) -> str:
    """``2026-11-24T09:00`` as the citizen reads it: 11月24日（周二）09:00."""
    moment = _parse(slot)
    if moment is None:
        return slot
    return conv.t("appointment.when", **_parts(conv, moment))


def slot_button(conv: Conversation, slot: dict[str, Any]) -> Button:
    """A slot as a button: its label (and places left when few), payload ``slot:<time>``."""
    at = str(slot.get("at", ""))
    moment = _parse(at)
    label = conv.t("appointment.slot_label", **_parts(conv, moment)) if moment else at
    left = int(slot.get("left") or 0)
    if 0 < left <= 1:
        label = conv.t("appointment.slot_left", label=label, left=left)
    return Button(label, f"slot:{at}")


def day_words(conv: Conversation, day: str) -> str:
    """``2026-12-07`` as 12月7日（周一）."""
    moment = _parse(f"{day}T00:00")
    return conv.t("appointment.day", **_parts(conv, moment)) if moment else day


def day_button(conv: Conversation, day: dict[str, Any]) -> Button:
    """A day with places as a button, payload ``day:<YYYY-MM-DD>``."""
    text = str(day.get("day", ""))
    label = conv.t("appointment.day_left", day=day_words(conv, text), left=day.get("left", 0))
    return Button(label, f"day:{text}")


def _parse(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        return None


def _parts(conv: Conversation, moment: datetime) -> dict[str, Any]:
    names = conv.t("appointment.weekdays").split("|")
    return {
        "month": moment.month,
        "day": moment.day,
        "weekday": names[moment.weekday()] if len(names) == 7 else "",
        "time": moment.strftime("%H:%M"),
    }


def kind_name(conv: Conversation, kind: str) -> str:
    """The kind's name, or the plain word for an unknown one."""
    key = f"appointment.kind.{kind}"
    return conv.t(key) if conv.catalog.has(key) else kind


def booking_lines(conv: Conversation, bookings: list[dict[str, Any]]) -> str:
    """The citizen's bookings, one line each."""
    lines = [conv.t("appointment.mine_head")]
    for booking in bookings:
        lines.append(
            conv.t(
                "appointment.mine_line",
                tracking_no=booking.get("tracking_no", ""),
                kind=kind_name(conv, str(booking.get("kind", ""))),
                when=when(conv, str(booking.get("at", ""))),
            )
        )
    return "\n".join(lines)


def summary(conv: Conversation) -> str:
    """What will be booked, for the citizen to check."""
    data = conv.data
    return conv.t(
        "appointment.summary",
        kind=kind_name(conv, str(data.get("kind", ""))),
        when=when(conv, str(data.get("at", ""))),
        name=data.get("name") or "",
        phone=data.get("phone") or "",
        topic=data.get("topic") or conv.t("appointment.no_topic"),
    )
