"""One item as staff see it: facts (masked), transcript, attachments, timeline, what may be done.

Every view of personal data is audited: opening an item (``view_item``), revealing a masked
field (``reveal``), downloading an attachment (``download_attachment``) and downloading an
application's draft letter (``download_letter``; it carries the name, phone and ID number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Attachment, Matter, MatterEvent, StaffUser
from backend.services.letter import build_letter, letter_filename
from backend.services.webchat import transcript
from backend.staff import audit
from backend.staff.common import load_matter, window
from backend.staff.errors import Invalid, NotFound
from backend.staff.masking import mask_facts, mask_id_number, mask_name, mask_phone
from backend.staff.permissions import allowed
from backend.staff.queue import queue_row, staff_names
from backend.staff.redaction import mask_names, mask_transcript
from backend.staff.workflow import next_statuses

REVEALABLE = {"name": "contact_name", "phone": "contact_phone", "id_number": "id_number"}
TRANSCRIPT = "transcript"  # revealable too: the whole transcript in clear, audited


async def item_detail(services: Any, user: StaffUser, matter_id: int) -> dict[str, Any]:
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
        allowed=allowed_now(user, matter),
    )
    return detail


def allowed_now(user: StaffUser, matter: Matter) -> dict[str, Any]:
    """The status transitions and actions this user may take on the item now."""
    holds = matter.assignee_id == user.id
    free = matter.assignee_id is None
    steps = allowed(user.role, "item.act_for_others")
    actions = {
        "claim": matter.open and free,
        "release": matter.open and (holds or (steps and not free)),
        "assign": matter.open and allowed(user.role, "item.assign"),
        "reply": matter.open and (free or holds or steps) and matter.conversation_id is not None,
        "note": True,
        "override": matter.open and matter.kind == "application",
        "join": matter.open and matter.kind == "handoff" and (free or holds or steps),
        "message": matter.open and matter.kind == "handoff" and matter.status == "active",
        "leave": matter.open and matter.kind == "handoff" and (holds or steps),
        "reveal": allowed(user.role, "item.reveal"),
        "letter": matter.kind == "application" and allowed(user.role, "item.reveal"),
    }
    may_change = free or holds or steps
    return {
        "transitions": next_statuses(matter) if may_change else [],
        "actions": sorted(name for name, ok in actions.items() if ok),
    }


async def reveal(services: Any, user: StaffUser, matter_id: int, field: str) -> Any:
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


async def download(services: Any, user: StaffUser, attachment_id: str) -> AttachmentFile:
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


async def letter(services: Any, user: StaffUser, matter_id: int) -> LetterFile:
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


async def _transcript(services: Any, matter: Matter) -> list[dict[str, Any]]:
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
