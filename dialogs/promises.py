"""What the citizen is promised about reply times, built from the due dates actually set.

One source of truth: the backend computes the deadlines (``backend.deadlines``) and sends them
with the policy's numbers (``ack_days``, ``ack_mode``, ``answer_months``) in the event that
confirms a complaint or an application; this module turns exactly those into words. A
sentence such as "一般在7个工作日内" is never written by hand, so it cannot drift from the
date in the queue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogs.conversation import Conversation

__all__ = ["date_words", "reply_promise"]


def date_words(conv: Conversation, iso: str) -> str:
    """A date as people write it: 2026年12月1日 / 1 December 2026."""
    day = date.fromisoformat(iso)
    months = conv.t("complaint.month_names").split("|")
    return conv.t(
        "complaint.date",
        year=day.year,
        month=day.month,
        day=day.day,
        month_name=months[day.month - 1] if len(months) == 12 else day.month,
    )


def reply_promise(
    conv: Conversation, data: dict[str, Any], key: str = "complaint.opened_due"
) -> str:
    """Both reply deadlines in words and as dates (``key`` picks the sentence's wording).

    ``data`` carries ``procedural_due`` and ``result_due`` (ISO dates), ``ack_days``,
    ``ack_mode``, ``answer_months`` and ``provisional``, as the backend's event sends them.
    """
    ack_key = "ack_working" if data.get("ack_mode") == "working" else "ack_calendar"
    text = conv.t(
        key,
        ack=conv.t(f"complaint.{ack_key}", days=data.get("ack_days", 7)),
        procedural_date=date_words(conv, str(data["procedural_due"])),
        answer=conv.t("complaint.answer_months", months=data.get("answer_months", 3)),
        result_date=date_words(conv, str(data["result_due"])),
    )
    return text + conv.t("complaint.provisional") if data.get("provisional") else text
