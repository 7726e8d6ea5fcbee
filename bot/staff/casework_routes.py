"""``/api/staff`` casework: the console's vocabulary, assignees, handoff conversion, follow-up
visits and reminders. Thin: parse, call one service, render."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends
from pydantic import BaseModel, Field

from backend.services.reminders import list_notifications, mark_read, notification_text
from backend.staff import convert, followups, users
from backend.staff.auth import StaffIdentity
from backend.staff.errors import NotFound
from backend.staff.labels import labels_for
from backend.staff.views import console_meta
from bot.bounds import PathId
from bot.deps import ServicesDep, staff, staff_router
from bot.staff.item_routes import item_row

router = staff_router(prefix="/api/staff")
Lang = Literal["zh-Hans", "zh-Hant", "en"]
Reader = Annotated[StaffIdentity, Depends(staff("queue.read"))]
Assigner = Annotated[StaffIdentity, Depends(staff("item.assign"))]
Converter = Annotated[StaffIdentity, Depends(staff("item.convert"))]
FollowUpRecorder = Annotated[StaffIdentity, Depends(staff("item.followup"))]
NoticeReader = Annotated[StaffIdentity, Depends(staff("notices.read"))]


class ConvertBody(BaseModel):
    """A handoff registered as a complaint or an application."""

    kind: Literal["complaint", "application"]
    facts: str = Field(min_length=1, max_length=10_000)
    request: str = Field("", max_length=1000)
    name: str = Field("", max_length=30)
    phone: str = Field("", max_length=30)


class FollowUpBody(BaseModel):
    """How a follow-up visit went."""

    status: Literal["done", "unreachable", "skipped"]
    method: Literal["phone", "chat", "visit", "sms"] | None = None
    result: Literal["satisfied", "basically", "unsatisfied"] | None = None
    note: str = Field("", max_length=2000)


@router.get("/console/meta")
async def meta(identity: Reader, lang: Lang = "zh-Hans") -> dict[str, Any]:
    """Kinds, statuses and quick filters with their labels (the filters are built from this)."""
    return console_meta(labels_for(lang))


@router.get("/assignees")
async def assignees(identity: Assigner, services: ServicesDep) -> dict[str, Any]:
    """Colleagues an item can be assigned to, with their open workload (supervisors, admins)."""
    return {"users": await users.assignees(services)}


@router.get("/items/{item_id}/convert")
async def conversion_form(
    item_id: PathId, identity: Converter, services: ServicesDep
) -> dict[str, Any]:
    """The conversion form filled from the chat (audited: it may hold a name and a phone)."""
    return await convert.prefill(services, identity.user, item_id)


@router.post("/items/{item_id}/convert", status_code=201)
async def convert_handoff(
    item_id: PathId, body: ConvertBody, identity: Converter, services: ServicesDep
) -> dict[str, Any]:
    """Register a handoff as a complaint or application; answers with the new item's row."""
    form = convert.Conversion(body.kind, body.facts, body.request, body.name, body.phone)
    matter = await convert.convert(services, identity.user, item_id, form)
    return await item_row(services, matter)


@router.post("/items/{item_id}/followup")
async def record_followup(
    item_id: PathId, body: FollowUpBody, identity: FollowUpRecorder, services: ServicesDep
) -> dict[str, Any]:
    """Record how the follow-up visit went."""
    record = followups.FollowUpRecord(body.status, body.method, body.result, body.note)
    found = await followups.record_followup(services, identity.user, item_id, record)
    return {"item_id": item_id, "status": found.status}


@router.get("/notices")
async def notices(
    identity: NoticeReader, services: ServicesDep, lang: Lang = "zh-Hans"
) -> dict[str, Any]:
    """Unread reminders for this user (and their role), newest first, in words."""
    async with services.db.reader() as session:
        found = await list_notifications(session, identity.user)
    return {
        "notices": [
            {
                "id": n.id,
                "kind": n.kind,
                "item_id": n.matter_id,
                "text": notification_text(n, lang),
                "at": n.created_at.isoformat(),
            }
            for n in found
        ]
    }


@router.post("/notices/{notice_id}/read")
async def read_notice(
    notice_id: PathId, identity: NoticeReader, services: ServicesDep
) -> dict[str, Any]:
    """Mark a reminder read (a shared one is read for the whole role)."""
    async with services.db.transaction() as session:
        done = await mark_read(session, identity.user, notice_id, services.clock.now())
    if not done:
        raise NotFound("not_found", "no unread reminder with that id for you")
    return {"id": notice_id, "read": True}
