"""One item as staff see it: facts (masked), transcript, attachments, timeline, what may be done.

Every view of personal data is audited: opening an item (``view_item``), revealing a masked
field (``reveal``), downloading an attachment (``download_attachment``) and downloading an
application's draft letter (``download_letter``; it carries the name, phone and ID number).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.models import Attachment, FollowUp, Matter, MatterEvent, StaffUser
from backend.notices.status import notice_deliveries
from backend.services.letter import build_letter, letter_filename
from backend.services.webchat import transcript
from backend.staff import audit
from backend.staff.case_view import fact_rows, reasons, summary_rows, trace
from backend.staff.common import load_matter, window
from backend.staff.errors import Invalid, NotFound
from backend.staff.followups import followup_of, followup_view
from backend.staff.labels import Labels, labels_for
from backend.staff.masking import mask_facts, mask_id_number, mask_name, mask_phone
from backend.staff.permissions import allowed
from backend.staff.queue import queue_row, staff_names
from backend.staff.redaction import mask_names, mask_transcript
from backend.staff.timeline import build_timeline
from backend.staff.views import row_view
from backend.staff.workflow import close_reasons, manual_statuses

REVEALABLE = {"name": "contact_name", "phone": "contact_phone", "id_number": "id_number"}
TRANSCRIPT = "transcript"  # revealable too: the whole transcript in clear, audited


async def item_detail(
    services: Services, user: StaffUser, matter_id: int, lang: str = "zh-Hans"
) -> dict[str, Any]:
    """The whole item for the console; the view is audited."""
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id)
        events = list(
            await session.scalars(
                select(MatterEvent)
                .where(MatterEvent.matter_id == matter.id)
                .order_by(MatterEvent.id)
            )
        )
        files = await _attachments(session, matter)
        followup = await followup_of(session, matter.id)
        users = await staff_names(
            session, {matter.assignee_id or 0, *(e.actor_id or 0 for e in events)} - {0}
        )
        await audit.record(session, user, "view_item", "matter", matter.id, at=now)
    detail = queue_row(matter, window(services), users)
    details = dict(matter.details or {})
    detail.update(
        facts=mask_names(
            mask_facts({k: v for k, v in details.items() if k != "rule_trace"}),
            [matter.contact_name or ""],
        ),
        contact=_masked_contact(matter),
        anonymous=matter.anonymous,
        rule_trace=details.get("rule_trace") or details.get("trace") or [],
        procedural_due=_iso(matter.procedural_due),
        result_due=_iso(matter.result_due),
        procedural_replied_at=_iso(matter.procedural_replied_at),
        result_replied_at=_iso(matter.result_replied_at),
        first_response_at=_iso(matter.first_response_at),
        closed_at=_iso(matter.closed_at),
        satisfaction=matter.satisfaction,
        conversation_id=matter.conversation_id,
        possible_repeat_of=await _possible_repeat(services, matter),
        events=[_event_view(e, users) for e in events],
        transcript=mask_transcript(
            await _transcript(services, matter), [matter.contact_name or ""]
        ),
        attachments=[_file_view(f) for f in files],
        allowed=allowed_now(user, matter, followup),
        notices=await _notices(services, matter.id, lang),
    )
    # The words the console shows; built from the transcript as returned above, so any
    # masking applied to it (in ``_transcript``) carries into the timeline.
    detail["view"] = case_page(
        services, matter, labels_for(lang), users, files, events, detail["transcript"], followup
    )
    return detail


async def _notices(services: Services, matter_id: int, lang: str) -> list[dict[str, Any]]:
    """Push and SMS notices about the item and how they went (``backend.notices``)."""
    async with services.db.reader() as session:
        return await notice_deliveries(session, matter_id, lang)


def case_page(
    services: Services,
    matter: Matter,
    labels: Labels,
    users: dict[int, StaffUser],
    files: list[Attachment],
    events: list[MatterEvent],
    transcript_: list[dict[str, Any]],
    followup: FollowUp | None,
) -> dict[str, Any]:
    """The case page in words: title, summary card, facts, trace, timeline, follow-up."""
    due_window, now = window(services), services.clock.now()
    assignee = users.get(matter.assignee_id) if matter.assignee_id is not None else None
    target = services.settings.handoff_response_minutes
    return {
        **row_view(matter, due_window, users, labels, now=now, target_minutes=target),
        "title": f"{labels.kind(matter.kind)} {matter.tracking_no or ''}".strip(),
        "summary_rows": summary_rows(
            matter,
            labels,
            due_window,
            files=files,
            assignee=assignee,
            now=now,
            timezone=services.settings.timezone,
            target_minutes=target,
        ),
        "fact_rows": fact_rows(matter, labels),
        "outcome_label": labels.outcome(matter.outcome) if matter.outcome else None,
        "reasons": reasons(matter, labels),
        "trace": trace(matter, labels),
        "timeline": build_timeline(
            transcript_,
            events,
            users,
            labels,
            services.settings.timezone,
            tracking_no=matter.tracking_no,
        ),
        "followup": _followup_words(followup, due_window.today, labels),
    }


def _followup_words(
    followup: FollowUp | None, today_: date, labels: Labels
) -> dict[str, Any] | None:
    view = followup_view(followup, today_)
    if view is None:
        return None
    view["due_label"] = labels.text(
        "actions.followup_due", date=labels.date(date.fromisoformat(view["due_on"]))
    )
    view["status_label"] = labels.first(f"console.followup.{view['status']}") or ""
    return view


def allowed_now(
    user: StaffUser, matter: Matter, followup: FollowUp | None = None
) -> dict[str, Any]:
    """The status transitions and actions this user may take on the item now."""
    holds = matter.assignee_id == user.id
    free = matter.assignee_id is None
    steps = allowed(user.role, "item.act_for_others")
    live = matter.open and matter.kind == "handoff" and matter.conversation_id is not None
    actions = {
        "claim": matter.open and free,
        "release": matter.open
        and (holds or (steps and not free))
        and not (matter.kind == "handoff" and matter.status == "active"),
        "assign": matter.open and allowed(user.role, "item.assign"),
        "reply": matter.open and (free or holds or steps) and matter.conversation_id is not None,
        "note": True,
        "override": matter.open and matter.kind == "application",
        "join": live and matter.status == "waiting" and (free or holds or steps),
        "message": matter.open and matter.kind == "handoff" and matter.status == "active",
        "leave": matter.open
        and matter.kind == "handoff"
        and matter.status == "active"
        and (holds or steps),
        "reveal": allowed(user.role, "item.reveal"),
        "letter": matter.kind == "application" and allowed(user.role, "item.reveal"),
        "convert": live and (free or holds or steps),
        "followup": followup is not None
        and followup.status == "pending"
        and (free or holds or steps),
    }
    may_change = free or holds or steps
    return {
        "transitions": manual_statuses(matter) if may_change else [],
        "actions": sorted(name for name, ok in actions.items() if ok),
        "close_reasons": close_reasons(matter) if may_change else [],
    }


async def reveal(services: Services, user: StaffUser, matter_id: int, field: str) -> Any:
    """One personal field (or the whole transcript) in clear; audited with the field's name,
    never its value."""
    column = REVEALABLE.get(field)
    if column is None and field != TRANSCRIPT:
        choices = ", ".join([*REVEALABLE, TRANSCRIPT])
        raise Invalid("invalid", f"field must be one of {choices}")
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id)
        value: Any = getattr(matter, column) if column else None
        await audit.record(session, user, "reveal", "matter", matter.id, at=now, field=field)
    if field == TRANSCRIPT:
        value = await _transcript(services, matter)
    return value


@dataclass(frozen=True)
class AttachmentFile:
    """An attachment's bytes, type and name, ready to send."""

    content: bytes
    mime: str
    name: str
    inline: bool


async def download(services: Services, user: StaffUser, attachment_id: str) -> AttachmentFile:
    """An attachment for a logged-in user; the download is audited."""
    now = services.clock.now()
    async with services.db.transaction() as session:
        row = await session.get(Attachment, attachment_id)
        if row is None:
            raise NotFound("not_found", "no such attachment")
        await audit.record(
            session, user, "download_attachment", "attachment", row.id, at=now, matter=row.matter_id
        )
    inline = row.mime.startswith(("image/", "audio/")) and row.mime != "image/svg+xml"
    return AttachmentFile(row.content, row.mime, row.name or f"{row.id}", inline)


@dataclass(frozen=True)
class LetterFile:
    """An application's draft letter: the .docx bytes and the file name to save it under."""

    content: bytes
    name: str


async def letter(services: Services, user: StaffUser, matter_id: int) -> LetterFile:
    """The draft 支持起诉申请书 of an application item; audited as a personal-data view.

    The letter shows the applicant's name, phone and ID number in clear, so the audit entry
    names the fields it carried (never their values), as a reveal does. Any other kind of
    item has no letter: ``NotFound``, like a missing one.
    """
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id)
        if matter.kind != "application":
            raise NotFound("not_found", f"item {matter_id} is not an application")
        content = build_letter(matter, services.settings.timezone)
        fields = [field for field, column in REVEALABLE.items() if getattr(matter, column)]
        await audit.record(
            session, user, "download_letter", "matter", matter.id, at=now, fields=fields
        )
    return LetterFile(content, letter_filename(matter))


async def _attachments(session: AsyncSession, matter: Matter) -> list[Attachment]:
    linked = Attachment.matter_id == matter.id
    if matter.conversation_id is not None:
        linked = or_(linked, Attachment.conversation_id == matter.conversation_id)
    query = select(Attachment).where(linked).order_by(Attachment.created_at)
    return list(await session.scalars(query))


async def _transcript(services: Services, matter: Matter) -> list[dict[str, Any]]:
    if matter.conversation_id is None:
        return []
    return await transcript(services.db, matter.conversation_id, limit=2000)


async def _possible_repeat(services: Any, matter: Matter) -> dict[str, Any] | None:
    """The earlier matter this one may repeat (same phone, another conversation): staff only."""
    if matter.repeat_of_id is None:
        return None
    async with services.db.reader() as session:
        earlier = await session.get(Matter, matter.repeat_of_id)
    if earlier is None:
        return None
    return {"id": earlier.id, "tracking_no": earlier.tracking_no}


def _masked_contact(matter: Matter) -> dict[str, str | None]:
    return {
        "name": mask_name(matter.contact_name) if matter.contact_name else None,
        "phone": mask_phone(matter.contact_phone) if matter.contact_phone else None,
        "id_number": mask_id_number(matter.id_number) if matter.id_number else None,
    }


def _event_view(event: MatterEvent, users: dict[int, StaffUser]) -> dict[str, Any]:
    actor = users.get(event.actor_id) if event.actor_id is not None else None
    return {
        "id": event.id,
        "kind": event.kind,
        "at": event.at.isoformat(),
        "actor": {"id": actor.id, "display_name": actor.display_name} if actor else None,
        "visible_to_citizen": event.visible_to_citizen,
        "private": not event.visible_to_citizen,
        "data": event.data or {},
    }


def _file_view(row: Attachment) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "mime": row.mime,
        "size": row.size,
        "needs_listening": row.needs_listening,
        "url": f"/api/staff/attachments/{row.id}",
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
