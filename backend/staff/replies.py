"""Replies to the citizen, from templates or free text, and the deadlines they meet or move.

Sending a reply writes, in one transaction: the matter's deadline and status, a timeline
event the citizen can see, the staff message (with its outbox row on a channel that
delivers), and the audit entry. If any of them fails, none of them exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from backend.container import Services
from backend.db.models import Conversation, Matter, MatterEvent, StaffUser
from backend.deadlines.due import add_months
from backend.milestones import milestone_values
from backend.notices.away import reach_if_away
from backend.runtime.outbox import write_outbound
from backend.runtime.statements import lock_conversation
from backend.services.casework import tell_open_case
from backend.staff import audit
from backend.staff.common import ensure_may_act, ensure_open, load_matter, today, wake
from backend.staff.errors import Conflict, Invalid
from backend.staff.labels import Labels, labels_for
from backend.staff.templates import (
    FREE,
    TEMPLATES,
    ReplyTemplate,
    case_values,
    fits,
    templates_for,
    unfilled,
)
from backend.staff.workflow import refusal
from dialogs.catalog import default_catalog
from dialogs.types import LANGS, Lang

MAX_REPLY = 4000


def template_list(
    matter: Matter, services: Services, labels: Labels, lang: str = "zh-Hans"
) -> list[dict[str, Any]]:
    """The templates that fit this item, with the case's own blanks filled."""
    return templates_for(matter, services.settings.timezone, today(services), labels, lang)


@dataclass(frozen=True)
class ReplyRequest:
    """What staff send: a template key (optional), the text, values for placeholders."""

    template: str | None
    text: str
    values: dict[str, str]


async def send_reply(
    services: Services, user: StaffUser, matter_id: int, request: ReplyRequest
) -> dict[str, Any]:
    """Record a reply, move its deadline, and queue it for the citizen, all or nothing.

    After the commit the conversation is told that this matter now waits for the citizen
    (``case.awaiting``), so their next messages go to the case, not to the FAQ.
    """
    spec = _template(request.template)
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id, lock=True)
        ensure_open(matter)
        ensure_may_act(user, matter)
        _check_fits(matter, spec)
        conversation = await _conversation(services, session, matter)
        text, values = _compose(spec, request, matter, conversation.lang, services)
        _move_deadline(matter, spec, now, today(services), services)
        matter.citizen_replied_at = None
        event = MatterEvent(
            matter_id=matter.id,
            kind="reply",
            actor_id=user.id,
            visible_to_citizen=True,
            data={
                "template": spec.key,
                "deadline": spec.deadline,
                "text": text,
                **milestone_values(spec.key, values),
            },
            at=now,
        )
        session.add(event)
        body = _body(text, matter, spec, user)
        message = write_outbound(
            session, conversation, body, author="staff", now=now, staff_id=user.id
        )
        await reach_if_away(
            session,
            conversation,
            message,
            matter_id=matter.id,
            key="reply",
            now=now,
            tracking_no=matter.tracking_no or "",
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
    what = values.get("materials") or values.get("question") or ""
    await tell_open_case(services, conversation.id, matter, spec.asks, what)
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


def _check_fits(matter: Matter, spec: ReplyTemplate) -> None:
    if spec is FREE:
        return
    if matter.kind not in spec.kinds:
        raise Conflict("template_not_for_kind", f"{spec.key!r} is not a reply for a {matter.kind}")
    if spec.status is not None and spec.status != matter.status:
        why = refusal(matter, spec.status)
        if why is not None:
            raise Conflict("transition_not_allowed", why)
    if not fits(spec, matter):
        raise Conflict("transition_not_allowed", f"{spec.key!r} does not fit this item now")


async def _conversation(services: Services, session: Any, matter: Matter) -> Conversation:
    conversation = None
    if matter.conversation_id is not None:
        conversation = await lock_conversation(session, services.db, matter.conversation_id)
    if conversation is None:
        raise Conflict("unreachable", "this citizen cannot be reached in the chat any more")
    return conversation


def _compose(
    spec: ReplyTemplate, request: ReplyRequest, matter: Matter, lang: str, services: Services
) -> tuple[str, dict[str, str]]:
    """The text to send and the staff's values; refused while a blank is unfilled."""
    safe: Lang = lang if lang in LANGS else "zh-Hans"
    values = {k: v.strip() for k, v in request.values.items() if isinstance(v, str)}
    case = case_values(matter, services.settings.timezone, today(services), safe)
    text = request.text.strip()
    if spec is not FREE and not text:
        missing = [b for b in spec.blanks if not values.get(b)]
        if missing:
            raise Invalid("missing_values", _blank_names(missing))
        text = default_catalog().text(safe, f"staff.template.{spec.key}", **{**values, **case})
    if left := unfilled(text):
        raise Invalid("unfilled_blank", _blank_names(left))
    if not text:
        raise Invalid("empty", "the reply is empty")
    if len(text) > MAX_REPLY:
        raise Invalid("too_long", f"a reply may have at most {MAX_REPLY} characters")
    return text, values


def _blank_names(names: list[str]) -> str:
    labels = labels_for("zh-Hans")
    words = [labels.first(f"console.blank.{n}") or n for n in names]
    return labels.text("error.fill_in", blanks="、".join(words))


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
    elif spec.deadline in ("progress", "milestone"):  # a milestone: progress again in a month
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
