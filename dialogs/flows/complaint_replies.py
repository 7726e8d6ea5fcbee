"""What the complaint flow says once the runtime has opened (or linked) the complaint."""

from __future__ import annotations

from typing import Any

from dialogs.conversation import Conversation
from dialogs.flows.complaint_kinds import KINDS
from dialogs.promises import date_words, reply_promise
from dialogs.types import Event

__all__ = ["date_words", "say_opened", "say_repeat"]


def _due_text(conv: Conversation, data: dict[str, Any]) -> str:
    return reply_promise(conv, data)


def say_opened(conv: Conversation, event: Event) -> None:
    """The tracking number, both due dates in words and as dates, and how to ask."""
    data = event.data
    kind = str(conv.data.get("kind") or "other")
    received = conv.t(f"complaint.received.{kind}" if kind in KINDS else "complaint.received.other")
    parts = [conv.t("complaint.opened", received=received, tracking_no=data["tracking_no"])]
    if data.get("anonymous") or not data.get("procedural_due"):
        parts.append(conv.t("complaint.opened_anonymous"))
    else:
        parts += [_due_text(conv, data), conv.t("complaint.how_to_ask")]
    if data.get("urgent"):
        parts.append(conv.t("complaint.urgent_note"))
    conv.say(
        "\n".join(parts),
        [conv.button("menu.item.status", "go:status"), conv.button("common.menu", "/menu")],
        tracking_no=str(data["tracking_no"]),
        procedural_reply_due=data.get("procedural_due"),
        result_reply_due=data.get("result_due"),
    )


def say_repeat(conv: Conversation, event: Event) -> None:
    """A very similar matter is already open: its number, and that this was added to it."""
    number = str(event.data["tracking_no"])
    conv.say(
        conv.t("complaint.repeat", tracking_no=number),
        [conv.button("menu.item.status", "go:status"), conv.button("common.menu", "/menu")],
        tracking_no=number,
        repeat=True,
    )
