"""``/api/staff`` queue and items: detail, reveal, files, the letter, claim, replies, status."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from backend.container import Services
from backend.db.models import Conversation, Matter
from backend.services.downloads import download_disposition
from backend.services.letter import DOCX_MIME
from backend.staff import claims, items, replies, transitions
from backend.staff.auth import StaffIdentity
from backend.staff.common import load_matter, window
from backend.staff.errors import Invalid
from backend.staff.labels import labels_for
from backend.staff.queue import (
    TOTAL_CAP,
    QueueFilter,
    followups_due,
    queue_counts,
    queue_page,
    staff_names,
)
from backend.staff.views import row_view
from backend.teams.transfer import transfer_to_team
from backend.teams.visibility import queue_team
from bot.bounds import INT64_MAX, BodyId, PathId
from bot.deps import ServicesDep, staff, staff_router
from bot.staff.schemas import (
    ItemDetail,
    ItemPublic,
    NoteAdded,
    QueuePublic,
    ReplySent,
    Revealed,
    TemplatesPublic,
)

router = staff_router(prefix="/api/staff")


# The signed-in user, allowed to do the named action.
QueueReader = Annotated[StaffIdentity, Depends(staff("queue.read"))]
ItemReader = Annotated[StaffIdentity, Depends(staff("item.read"))]
Revealer = Annotated[StaffIdentity, Depends(staff("item.reveal"))]
FileReader = Annotated[StaffIdentity, Depends(staff("attachment.read"))]
Claimer = Annotated[StaffIdentity, Depends(staff("item.claim"))]
Releaser = Annotated[StaffIdentity, Depends(staff("item.release"))]
Assigner = Annotated[StaffIdentity, Depends(staff("item.assign"))]
TemplateReader = Annotated[StaffIdentity, Depends(staff("templates.read"))]
Replier = Annotated[StaffIdentity, Depends(staff("item.reply"))]
StatusChanger = Annotated[StaffIdentity, Depends(staff("item.status"))]
NoteTaker = Annotated[StaffIdentity, Depends(staff("item.note"))]
Overrider = Annotated[StaffIdentity, Depends(staff("item.override"))]
TeamMover = Annotated[StaffIdentity, Depends(staff("item.team"))]


class RevealRequest(BaseModel):
    """Which masked field to show."""

    field: Literal["name", "phone", "id_number", "transcript"]


class AssignRequest(BaseModel):
    """Who gets the item."""

    staff_id: BodyId


class ReplyBody(BaseModel):
    """A reply: a template key (optional), the text, values for the template's blanks."""

    template: str | None = Field(None, max_length=40)
    text: str = Field("", max_length=8000)
    values: dict[str, str] = Field(default_factory=dict)


class StatusBody(BaseModel):
    """A new status and, optionally, why; ``close_reason`` closes without a result reply."""

    status: str = Field(min_length=1, max_length=24)
    reason: str | None = Field(None, max_length=4000)
    close_reason: str | None = Field(None, max_length=24)


class TeamBody(BaseModel):
    """The team the item goes to, and why (required)."""

    team: str = Field(min_length=1, max_length=24)
    reason: str = Field(min_length=1, max_length=1000)


class NoteBody(BaseModel):
    """A private note."""

    text: str = Field(min_length=1, max_length=8000)


class OverrideBody(BaseModel):
    """A new eligibility outcome and the reason (required)."""

    outcome: str = Field(min_length=1, max_length=32)
    reason: str = Field(min_length=1, max_length=4000)


Lang = Literal["zh-Hans", "zh-Hant", "en"]
StatusList = Annotated[list[Annotated[str, Field(max_length=24)]] | None, Query(max_length=20)]


@router.get("/queue", response_model=QueuePublic)
async def queue(
    identity: QueueReader,
    services: ServicesDep,
    kind: Annotated[str | None, Query(max_length=16)] = None,
    team: Annotated[str | None, Query(max_length=24)] = None,
    status: StatusList = None,
    assignee: Annotated[str | None, Query(pattern=r"^(me|none|\d{1,9})$")] = None,
    urgent: bool | None = None,
    due: Literal["overdue", "due_soon"] | None = None,
    state: Literal["open", "closed", "all"] = "open",
    q: Annotated[str | None, Query(max_length=40)] = None,
    replied: bool = False,
    followup: bool = False,
    needs: Literal["bo"] | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    lang: Lang = "zh-Hans",
) -> dict[str, Any]:
    """The queue: waiting citizens first, then urgent, the nearest due date, arrival; counts.

    ``status`` may be given several times; ``replied`` keeps items the citizen added to
    since the last reply; ``followup`` lists closed items whose follow-up visit is due;
    ``needs=bo`` those tagged 需藏汉双语 (a person who speaks Tibetan is needed).
    A caseworker in a team sees that team's queue; supervisors and admins see every team
    and may pick one with ``team``.
    """
    f = QueueFilter(
        me=identity.user.id,
        kind=kind,
        team=queue_team(identity.user, team),
        status=tuple(s for s in status or () if s) or None,
        assignee=assignee,
        urgent=urgent,
        due=due,
        state="closed" if followup else state,
        q=q,
        replied=replied,
        followup=followup,
        needs=needs,
        page=page,
    )
    due_window, now = window(services), services.clock.now()
    labels = labels_for(lang)
    target = services.settings.handoff_response_minutes
    async with services.db.reader() as session:
        rows, total = await queue_page(session, f, due_window)
        counts = await queue_counts(session, f, due_window)
        counts["followup"] = await followups_due(session, due_window)
        users = await staff_names(session, {m.assignee_id for m in rows if m.assignee_id})
    return {
        "items": [
            row_view(
                m, due_window, users, labels, now=now, target_minutes=target, followup_due=followup
            )
            for m in rows
        ],
        "counts": counts,
        "page": page,
        "pages": max(1, -(-min(total, TOTAL_CAP) // f.per_page)),
        "total": min(total, TOTAL_CAP),
        "total_capped": total > TOTAL_CAP,
    }


@router.get("/items/{item_id}", response_model=ItemDetail)
async def item(
    item_id: PathId, identity: ItemReader, services: ServicesDep, lang: Lang = "zh-Hans"
) -> dict[str, Any]:
    """An item with its facts (masked), transcript, attachments and timeline; audited.

    ``view`` holds the same in words for the console (summary card, labelled facts, the
    rule trace, one timeline).
    """
    return await items.item_detail(services, identity.user, item_id, lang)


@router.post("/items/{item_id}/reveal", response_model=Revealed)
async def reveal(
    item_id: PathId, body: RevealRequest, identity: Revealer, services: ServicesDep
) -> dict[str, Any]:
    """One masked field (or the whole transcript) in clear; audited."""
    return {"value": await items.reveal(services, identity.user, item_id, body.field)}


@router.get("/attachments/{attachment_id}")
async def attachment(attachment_id: str, identity: FileReader, services: ServicesDep) -> Response:
    """The file, always as a download named and typed by its detected type; audited."""
    if len(attachment_id) > 64:
        raise Invalid("invalid", "bad attachment id")
    found = await items.download(services, identity.user, attachment_id)
    headers = {
        "Content-Disposition": download_disposition(found.name, found.mime),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return Response(found.content, media_type=found.mime, headers=headers)


@router.get("/items/{item_id}/letter")
async def letter(item_id: PathId, identity: Revealer, services: ServicesDep) -> Response:
    """An application's draft 支持起诉申请书 (.docx); 404 for other kinds; audited.

    The letter shows the name, phone and ID number in clear, so it asks what a reveal asks.
    """
    found = await items.letter(services, identity.user, item_id)
    headers = {
        "Content-Disposition": (
            f"attachment; filename=\"letter.docx\"; filename*=UTF-8''{quote(found.name)}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    return Response(found.content, media_type=DOCX_MIME, headers=headers)


async def item_row(services: Services, matter: Matter) -> dict[str, Any]:
    """The item's queue line as it stands now (after a change)."""
    async with services.db.reader() as session:
        fresh = await load_matter(session, matter.id)
        users = await staff_names(session, {fresh.assignee_id} if fresh.assignee_id else set())
    target = services.settings.handoff_response_minutes
    return row_view(
        fresh,
        window(services),
        users,
        labels_for(),
        now=services.clock.now(),
        target_minutes=target,
    )


@router.post("/items/{item_id}/claim", response_model=ItemPublic)
async def claim(item_id: PathId, identity: Claimer, services: ServicesDep) -> dict[str, Any]:
    """Claim an unassigned item (409 ``already_claimed`` when someone else has it)."""
    return await item_row(services, await claims.claim(services, identity.user, item_id))


@router.post("/items/{item_id}/release", response_model=ItemPublic)
async def release(item_id: PathId, identity: Releaser, services: ServicesDep) -> dict[str, Any]:
    """Give the item back to the queue."""
    return await item_row(services, await claims.release(services, identity.user, item_id))


@router.post("/items/{item_id}/assign", response_model=ItemPublic)
async def assign(
    item_id: PathId, body: AssignRequest, identity: Assigner, services: ServicesDep
) -> dict[str, Any]:
    """Give the item to a colleague (supervisors and admins)."""
    matter = await claims.assign(services, identity.user, item_id, body.staff_id)
    return await item_row(services, matter)


@router.get("/templates", response_model=TemplatesPublic)
async def templates(
    identity: TemplateReader,
    services: ServicesDep,
    item: Annotated[int, Query(ge=1, le=INT64_MAX)],
    lang: Lang = "zh-Hans",
) -> dict[str, Any]:
    """The reply templates that fit the item now (its kind and status), in the citizen's
    language with the case's own blanks filled; ``blanks`` lists what staff must fill in."""
    async with services.db.reader() as session:
        matter = await load_matter(session, item)
        conversation = (
            await session.get(Conversation, matter.conversation_id)
            if matter.conversation_id
            else None
        )
    citizen = conversation.lang if conversation is not None else "zh-Hans"
    return {"templates": replies.template_list(matter, services, labels_for(lang), citizen)}


@router.post("/items/{item_id}/reply", response_model=ReplySent)
async def reply(
    item_id: PathId, body: ReplyBody, identity: Replier, services: ServicesDep
) -> dict[str, Any]:
    """Send a reply; the clock, the timeline, the audit entry and the outbox row commit together."""
    request = replies.ReplyRequest(body.template, body.text, body.values)
    return await replies.send_reply(services, identity.user, item_id, request)


@router.post("/items/{item_id}/status", response_model=ItemPublic)
async def status(
    item_id: PathId, body: StatusBody, identity: StatusChanger, services: ServicesDep
) -> dict[str, Any]:
    """Change the status (409 ``transition_not_allowed`` with the reason when refused)."""
    matter = await transitions.change_status(
        services, identity.user, item_id, body.status, body.reason, body.close_reason
    )
    return await item_row(services, matter)


@router.post("/items/{item_id}/team", response_model=ItemPublic)
async def move_to_team(
    item_id: PathId, body: TeamBody, identity: TeamMover, services: ServicesDep
) -> dict[str, Any]:
    """Hand the item over to another team's queue (线索移送); the reason is required and goes
    on the timeline and in the audit log."""
    matter = await transfer_to_team(services, identity.user, item_id, body.team, body.reason)
    return await item_row(services, matter)


@router.post("/items/{item_id}/notes", status_code=201, response_model=NoteAdded)
async def note(
    item_id: PathId, body: NoteBody, identity: NoteTaker, services: ServicesDep
) -> dict[str, Any]:
    """Add a private note to the timeline."""
    event = await transitions.add_note(services, identity.user, item_id, body.text)
    return {"id": event.id, "kind": event.kind, "at": event.at.isoformat()}


@router.post("/items/{item_id}/override", response_model=ItemPublic)
async def override(
    item_id: PathId, body: OverrideBody, identity: Overrider, services: ServicesDep
) -> dict[str, Any]:
    """Override an application's eligibility outcome, with the reason kept."""
    matter = await transitions.override_outcome(
        services, identity.user, item_id, body.outcome, body.reason
    )
    return await item_row(services, matter)
