"""Reply templates as data: which kinds and statuses each fits, its blanks, what it sets going.

A template is offered on an item when its kind is listed, the status it leads to may follow
the item's status (the state machine decides, so a template never offers a move that would
be refused), and, for ``after``, the item is at one of those statuses. Blanks are either
filled from the case (``CASE_BLANKS``: tracking number, dates) or named in ``blanks`` for
staff to fill in a form before sending; a text that still holds a ``{blank}`` is refused.

``asks`` says what the citizen's next messages will be taken as (the open case owns the
conversation, ``dialogs/open_case.py``): material asked for, an answer to a question, or
simply words after a reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from backend.db.models import Matter
from backend.deadlines.due import service_date
from backend.staff.labels import Labels
from backend.staff.workflow import refusal
from dialogs.catalog import default_catalog
from dialogs.types import LANGS, Lang

ReplyDeadline = Literal["procedural", "result", "progress", "question", "free", "milestone"]
Asks = Literal["material", "question", "replied"]
CASE_BLANKS = ("tracking_no", "received_on", "procedural_due", "result_due", "today")
UNFILLED = re.compile(r"\{([A-Za-z_]+)\}")
BOTH = ("complaint", "application", "relief")  # the kinds with reply clocks


@dataclass(frozen=True)
class ReplyTemplate:
    """A reply template: its deadline, the status it leads to, where it fits, its blanks."""

    key: str
    deadline: ReplyDeadline
    status: str | None
    blanks: tuple[str, ...] = ()
    kinds: tuple[str, ...] = BOTH
    after: tuple[str, ...] | None = None
    asks: Asks = "replied"


TEMPLATES: dict[str, ReplyTemplate] = {
    t.key: t
    for t in (
        ReplyTemplate("procedural_accepted", "procedural", "accepted"),
        ReplyTemplate(
            "procedural_more_material",
            "procedural",
            "awaiting_material",
            ("materials",),
            asks="material",
        ),
        ReplyTemplate(
            "procedural_transferred",
            "procedural",
            "transferred",
            ("body", "phone"),
            kinds=("complaint",),
        ),
        ReplyTemplate(
            "procedural_not_ours", "procedural", "not_ours", ("body", "phone"), kinds=("complaint",)
        ),
        ReplyTemplate("ask_question", "question", None, ("question",), asks="question"),
        ReplyTemplate("result", "result", "answered", ("text",)),
        ReplyTemplate("declined", "result", "declined", ("reason",), kinds=("application",)),
        ReplyTemplate(
            "progress",
            "progress",
            None,
            ("text",),
            after=("accepted", "in_progress", "awaiting_material", "reviewing"),
        ),
    )
}
FREE = ReplyTemplate("free", "free", None)


def fits(template: ReplyTemplate, matter: Matter) -> bool:
    """True when the template may be sent on this item now."""
    if matter.kind not in template.kinds or not matter.open:
        return False
    if template.after is not None and matter.status not in template.after:
        return False
    if template.status is None or template.status == matter.status:
        return True
    return refusal(matter, template.status) is None


def case_values(matter: Matter, timezone: str, today: date, lang: Lang) -> dict[str, str]:
    """The blanks the server fills from the case, dates in the citizen's words."""

    def words(day: date | None) -> str:
        if day is None:
            return ""
        return default_catalog().text(
            lang,
            "complaint.date",
            year=day.year,
            month=day.month,
            day=day.day,
            month_name=default_catalog()
            .text(lang, "complaint.month_names")
            .split("|")[day.month - 1],
        )

    return {
        "tracking_no": matter.tracking_no or str(matter.id),
        "received_on": words(service_date(matter.received_at, timezone)),
        "procedural_due": words(matter.procedural_due),
        "result_due": words(matter.result_due),
        "today": words(today),
    }


def template_view(
    template: ReplyTemplate, matter: Matter, values: dict[str, str], labels: Labels, lang: Lang
) -> dict[str, Any]:
    """A template as the console offers it: label, text with case blanks filled, staff blanks."""
    text = default_catalog().text(lang, f"staff.template.{template.key}", **values)
    return {
        "key": template.key,
        "deadline": template.deadline,
        "status": template.status,
        "status_label": labels.status(template.status) if template.status else None,
        "label": default_catalog().text(labels.lang, f"staff.label.{template.key}"),
        "text": text,
        "blanks": [{"name": b, "label": labels.text(f"blank.{b}")} for b in template.blanks],
        "fields": list(template.blanks),
    }


def templates_for(
    matter: Matter, timezone: str, today: date, labels: Labels, lang: str
) -> list[dict[str, Any]]:
    """The templates that fit the item, in the citizen's language, case blanks filled."""
    citizen: Lang = lang if lang in LANGS else "zh-Hans"
    values = case_values(matter, timezone, today, citizen)
    return [
        template_view(t, matter, values, labels, citizen)
        for t in TEMPLATES.values()
        if fits(t, matter)
    ]


def unfilled(text: str) -> list[str]:
    """The ``{blank}`` names still in a text."""
    return list(dict.fromkeys(UNFILLED.findall(text)))
