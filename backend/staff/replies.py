"""Replies to the citizen, from templates or free text, and the deadlines they meet or move.

Sending a reply writes, in one transaction: the matter's deadline and status, a timeline
event the citizen can see, the staff message (with its outbox row on a channel that
delivers), and the audit entry. If any of them fails, none of them exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from backend.container import Services
from backend.db.models import Conversation, Matter, MatterEvent, StaffUser
from backend.deadlines.due import add_months, service_date
from backend.runtime.outbox import write_outbound
from backend.runtime.statements import lock_conversation
from backend.staff import audit
from backend.staff.common import ensure_may_act, ensure_open, load_matter, today, wake
from backend.staff.errors import Conflict, Invalid
from backend.staff.workflow import refusal
from dialogs.catalog import default_catalog
from dialogs.types import LANGS, Lang

ReplyDeadline = Literal["procedural", "result", "progress", "free"]


@dataclass(frozen=True)
class ReplyTemplate:
    """A reply template: which deadline it answers and the status it leads to."""

    key: str
    deadline: ReplyDeadline
    status: str | None
    fields: tuple[str, ...] = ()  # placeholders staff must fill


TEMPLATES: dict[str, ReplyTemplate] = {
    t.key: t
    for t in (
        ReplyTemplate("procedural_accepted", "procedural", "accepted"),
        ReplyTemplate(
            "procedural_more_material", "procedural", "awaiting_material", ("materials",)
        ),
        ReplyTemplate("procedural_transferred", "procedural", "transferred", ("body", "phone")),
        ReplyTemplate("procedural_not_ours", "procedural", "not_ours", ("body", "phone")),
        ReplyTemplate("result", "result", "answered", ("text",)),
        ReplyTemplate("progress", "progress", None, ("text",)),
    )
}
FREE = ReplyTemplate("free", "free", None)
MAX_REPLY = 4000


def template_list(
    matter: Matter | None, lang: Lang = "zh-Hans", timezone: str = "Asia/Shanghai"
) -> list[dict[str, Any]]:
    """The templates with their texts (filled with the item's own values when given)."""
    catalog, values = default_catalog(), known_values(matter, timezone) if matter else {}
    return [
        {
            "key": t.key,
            "deadline": t.deadline,
            "status": t.status,
            "fields": list(t.fields),
            "label": catalog.text(lang, f"staff.label.{t.key}"),
            "text": catalog.text(lang, f"staff.template.{t.key}", **values),
        }
        for t in TEMPLATES.values()
    ]


def known_values(matter: Matter, timezone: str) -> dict[str, str]:
    """Placeholders the server fills from the matter."""
    return {
        "tracking_no": matter.tracking_no or str(matter.id),
        "received_on": service_date(matter.received_at, timezone).isoformat(),
        "result_due": matter.result_due.isoformat() if matter.result_due else "",
    }


@dataclass(frozen=True)
class ReplyRequest:
    """What staff send: a template key (optional), the text, values for placeholders."""

    template: str | None
    text: str
    values: dict[str, str]


async def send_reply(
    services: Services, user: StaffUser, matter_id: int, request: ReplyRequest
) -> dict[str, Any]:
    """Record a reply, move its deadline, and queue it for the citizen, all or nothing."""
    spec = _template(request.template)
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id, lock=True)
        ensure_open(matter)
        ensure_may_act(user, matter)
        _check_transition(matter, spec)
        conversation = await _conversation(services, session, matter)
        text = _compose(spec, request, matter, conversation.lang, services)
        _move_deadline(matter, spec, now, today(services), services)
        event = MatterEvent(
            matter_id=matter.id,
            kind="reply",
            actor_id=user.id,
            visible_to_citizen=True,
            data={"template": spec.key, "deadline": spec.deadline, "text": text},
            at=now,
        )
        session.add(event)
        body = _body(text, matter, spec, user)
        message = write_outbound(
            session, conversation, body, author="staff", now=now, staff_id=user.id
        )
        await session.flush()
        await audit.record(
            session,
            user,
            "reply",
            "matter",
            matter.id,
            at=now,
            template=spec.key,
            message_id=message.id,
            status=matter.status,
        )
    wake(services, conversation.id)
    return {
        "item_id": matter.id,
        "status": matter.status,
        "message_id": message.id,
        "event_id": event.id,
        "next_due": _iso(matter.next_due),
    }


def _template(key: str | None) -> ReplyTemplate:
    if not key or key == FREE.key:
        return FREE
    spec = TEMPLATES.get(key)
    if spec is None:
        raise Invalid("unknown_template", f"no reply template {key!r}")
    return spec


def _check_transition(matter: Matter, spec: ReplyTemplate) -> None:
    if spec.deadline in ("procedural", "result") and matter.kind == "handoff":
        raise Conflict("transition_not_allowed", "a live conversation has no reply clock")
    if spec.status is None or spec.status == matter.status:
        return
    why = refusal(matter, spec.status)
    if why is not None:
        raise Conflict("transition_not_allowed", why)


async def _conversation(services: Services, session: Any, matter: Matter) -> Conversation:
    conversation = None
    if matter.conversation_id is not None:
        conversation = await lock_conversation(session, services.db, matter.conversation_id)
    if conversation is None:
        raise Conflict("unreachable", "this citizen cannot be reached in the chat any more")
    return conversation


def _compose(
    spec: ReplyTemplate, request: ReplyRequest, matter: Matter, lang: str, services: Services
) -> str:
    values = {k: v.strip() for k, v in request.values.items()}
    values.update(
        known_values(matter, services.settings.timezone), today=today(services).isoformat()
    )
    text = request.text.strip()
    if spec is not FREE and not text:
        missing = [f for f in spec.fields if not values.get(f)]
        if missing:
            raise Invalid("missing_values", f"fill in: {', '.join(missing)}")
        safe: Lang = lang if lang in LANGS else "zh-Hans"
        text = default_catalog().text(safe, f"staff.template.{spec.key}", **values)
    if not text:
        raise Invalid("empty", "the reply is empty")
    if len(text) > MAX_REPLY:
        raise Invalid("too_long", f"a reply may have at most {MAX_REPLY} characters")
    return text


def _move_deadline(
    matter: Matter, spec: ReplyTemplate, now: datetime, on: date, services: Services
) -> None:
    matter.first_response_at = matter.first_response_at or now
    matter.updated_at = now
    if spec.deadline in ("procedural", "result"):
        matter.procedural_replied_at = matter.procedural_replied_at or now
    if spec.deadline == "procedural":
        waits = spec.status in ("accepted", "awaiting_material") and not matter.result_replied_at
        matter.next_due = matter.result_due if waits else None
    elif spec.deadline == "result":
        matter.result_replied_at, matter.next_due = now, None
    elif spec.deadline == "progress":
        matter.next_due = _next_progress(matter, on, services)
    if spec.status is not None:
        matter.status = spec.status


def _next_progress(matter: Matter, on: date, services: Services) -> date:
    """A month from today, on a working day; never later than a result reply still owed."""
    nominal = add_months(on, 1)
    due = services.calendar.next_working_day_on_or_after(nominal)
    owed = matter.result_due if matter.result_replied_at is None else None
    return min(due, owed) if owed is not None and owed >= on else due


def _body(text: str, matter: Matter, spec: ReplyTemplate, user: StaffUser) -> dict[str, Any]:
    return {
        "text": text,
        "buttons": [],
        "ask": None,
        "outcome": None,
        "tracking_no": matter.tracking_no,
        "staff_reply": spec.key,
        "staff_name": user.display_name,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
