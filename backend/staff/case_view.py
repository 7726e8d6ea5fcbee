"""The case page's words: the summary card, the facts with their labels, the outcome's rule trace.

Everything is rows of ``{"label", "value"}`` (plus ``reveal`` for a masked personal field
the reader may show, audited), so the page renders any kind of item the same way and never
has to know a code.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from backend.db.models import Attachment, Matter, StaffUser
from backend.leads.view import category_words, lead_rows
from backend.privacy_masks import mask_text
from backend.staff.labels import Labels
from backend.staff.queue import DueWindow
from backend.staff.summaries import (
    amount_of,
    amount_words,
    complaint_heading,
    contact_view,
    days_words,
    first_sentence,
    other_side,
    provisional,
    story,
    waiting_view,
    who,
)
from backend.staff.trace_words import trace_lines

Row = dict[str, Any]
#: Kinds that went through a rules interview, and the fact that says what they are about.
SCREENED = {"application": "matter", "relief": "harm"}


def _row(label: str, value: Any, **extra: Any) -> Row | None:
    if value is None or value == "":
        return None
    return {"label": label, "value": str(value), **extra}


def summary_rows(
    matter: Matter,
    labels: Labels,
    window: DueWindow,
    *,
    files: list[Attachment],
    assignee: StaffUser | None,
    now: datetime,
    timezone: str,
    target_minutes: int,
) -> list[Row]:
    """The summary card: who, the other side, what happened, money, asks, flags, files, dates."""
    contact = contact_view(matter)
    details = matter.details or {}
    rows = [
        _row(
            labels.text("item.who"), who(matter, labels), reveal="name" if contact["name"] else None
        ),
        _row(labels.text("item.phone"), contact["phone"], reveal="phone"),
        _row(labels.text("item.id_number"), contact["id_number"], reveal="id_number"),
        _row(labels.text("item.other_side"), other_side(matter)),
        _row(labels.text("item.what_kind"), _what_kind(matter, labels)),
        _row(labels.text("item.story"), first_sentence(story(matter), 120)),
        _row(labels.text("item.amount"), amount_words(amount_of(matter), labels)),
        _row(labels.text("item.asks_for"), mask_text(str(details.get("request") or ""))),
        _row(labels.text("item.people"), _people(details, labels)),
        _row(labels.text("item.goes_to"), _goes_to(matter, labels)),
        _row(labels.text("item.marks"), _marks(matter, labels)),
        _row(labels.text("item.files"), labels.text("item.files_n", n=len(files)) if files else ""),
        *_clock_rows(matter, labels, window, now, target_minutes, timezone),
        _row(
            labels.text("item.assignee"),
            assignee.display_name if assignee else labels.text("queue.none"),
        ),
        _row(labels.text("item.channel"), labels.channel(matter.channel)),
        _row(labels.text("item.received"), _moment(matter.received_at, timezone)),
    ]
    return [row for row in rows if row is not None]


def _what_kind(matter: Matter, labels: Labels) -> str:
    details = matter.details or {}
    if matter.kind == "complaint":
        return complaint_heading(matter, labels)
    if matter.kind in SCREENED:
        facts = details.get("facts") if isinstance(details.get("facts"), dict) else {}
        return labels.fact_value(SCREENED[matter.kind], (facts or {}).get(SCREENED[matter.kind]))
    if matter.kind == "lead":
        return f"{labels.kind(matter.kind)}·{category_words(matter, labels)}"
    return labels.kind(matter.kind)


def _people(details: dict[str, Any], labels: Labels) -> str:
    answers = details.get("answers") if isinstance(details.get("answers"), dict) else {}
    people = (answers or {}).get("people")
    return labels.text("item.people_n", n=people) if people else ""


def _goes_to(matter: Matter, labels: Labels) -> str:
    return labels.route(matter.route) if matter.kind == "complaint" and matter.route else ""


def _marks(matter: Matter, labels: Labels) -> str:
    flags = [f for f in (matter.flags or "").split(",") if f]
    if matter.urgent and "urgent" not in flags:
        flags.insert(0, "urgent")
    return "、".join(labels.flag(f) for f in flags)


def _clock_rows(
    matter: Matter, labels: Labels, window: DueWindow, now: datetime, target: int, timezone: str
) -> list[Row | None]:
    if matter.kind == "handoff":
        waiting = waiting_view(matter, now, labels, target)
        value = (
            waiting.get("label")
            or _joined(matter, labels, timezone)
            or labels.status(matter.status)
        )
        return [_row(labels.text("item.respond_by"), value, over=bool(waiting.get("over")))]
    if matter.kind == "lead":  # not a complaint: no reply clock, thanks when taken up
        return [_row(labels.text("lead.clock"), labels.text("lead.clock_note"))]
    if matter.anonymous and matter.procedural_due is None:
        return [_row(labels.text("item.procedural_due"), labels.text("item.anonymous_note"))]
    zone = ZoneInfo(timezone)
    return [
        _deadline(
            labels.text(f"item.{name}_due"),
            due,
            replied.astimezone(zone).date() if replied else None,
            matter,
            labels,
            window,
        )
        for name, due, replied in (
            ("procedural", matter.procedural_due, matter.procedural_replied_at),
            ("result", matter.result_due, matter.result_replied_at),
        )
    ]


def _joined(matter: Matter, labels: Labels, timezone: str) -> str:
    """When a person took the conversation, and how long the citizen had waited."""
    if matter.first_response_at is None:
        return ""
    minutes = int((matter.first_response_at - matter.received_at).total_seconds() // 60)
    at = matter.first_response_at.astimezone(ZoneInfo(timezone)).strftime("%H:%M")
    return labels.text("due.joined", time=at, minutes=max(minutes, 0))


def _deadline(
    label: str,
    due: date | None,
    replied: date | None,
    matter: Matter,
    labels: Labels,
    window: DueWindow,
) -> Row | None:
    """A due date with days left, or when it was answered."""
    if due is None:
        return None
    when = labels.text("due.by", date=labels.date(due))
    if replied is not None:
        return _row(label, f"{when} · {labels.text('due.replied', date=labels.date(replied))}")
    if not matter.open:
        return _row(label, when)
    left = days_words((due - window.today).days, labels)
    note = f" · {labels.text('due.provisional')}" if provisional(matter, due) else ""
    return _row(label, f"{when} · {left}{note}", status=window.status(due))


def _moment(at: datetime, timezone: str) -> str:
    local = at.astimezone(ZoneInfo(timezone))
    return local.strftime("%Y-%m-%d %H:%M")


def fact_rows(matter: Matter, labels: Labels) -> list[Row]:
    """The facts as asked: a complaint's story and request, a screened matter's answers."""
    details = matter.details or {}
    if matter.kind == "lead":
        return lead_rows(matter, labels)
    if matter.kind in SCREENED:
        facts = details.get("facts") if isinstance(details.get("facts"), dict) else {}
        rows = [
            _row(labels.fact(str(key)), labels.fact_value(str(key), value))
            for key, value in (facts or {}).items()
        ]
        rows.append(_row(labels.text("item.outcome"), labels.outcome(matter.outcome)))
        return [r for r in rows if r is not None]
    rows = [
        _row(labels.text("item.more_facts"), story(matter)),
        _row(labels.text("item.asks_for"), mask_text(str(details.get("request") or ""))),
    ]
    return [r for r in rows if r is not None]


def reasons(matter: Matter, labels: Labels) -> list[str]:
    """The pre-screen's reasons in the reader's language (an application's)."""
    found = []
    for reason in (matter.details or {}).get("reasons") or []:
        text = reason.get("text") if isinstance(reason, dict) else None
        if isinstance(text, dict):
            found.append(str(text.get(labels.lang) or text.get("zh-Hans") or ""))
    return [r for r in found if r]


def trace(matter: Matter, labels: Labels) -> list[dict[str, Any]]:
    """The rule trace, readable."""
    details = matter.details or {}
    return trace_lines(details.get("trace") or details.get("rule_trace") or [], labels)
