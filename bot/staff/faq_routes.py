"""Admins' FAQ editor routes: list and search, read, preview a search, save a new version.

Thin: the work is in ``backend.staff.faq_editor``. Index building (jieba tokenising every
phrase) runs in a worker thread so the event loop keeps serving chats meanwhile. After a save
the live answerer is told to reload at once; other workers notice the changed file within
``FRONTDESK_FAQ_RELOAD_SECONDS`` (``backend.services.faq_reload``).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from backend.container import Services
from backend.staff import faq_editor
from bot.bounds import INT64_MAX
from bot.deps import ServicesDep, StaffIdentity, staff, staff_router
from bot.errors import ApiError
from bot.staff.schemas import FaqEntries, FaqEntryPublic, FaqSaved
from knowledge.faq import KnowledgeError
from knowledge.index import FaqIndex

router = staff_router(prefix="/api/staff/faq", tags=["staff FAQ editor"])

# One action for reading and writing; the guard adds the CSRF check on mutations.
Editor = Annotated[StaffIdentity, Depends(staff("faq.edit"))]


class PreviewRequest(BaseModel):
    """An edited entry and a test question."""

    entry: dict[str, Any]
    question: str = Field(min_length=1, max_length=500)


class SaveRequest(BaseModel):
    """The edited entry; ``base_version`` (the version the edit started from) guards races."""

    entry: dict[str, Any]
    base_version: int | None = Field(None, ge=0, le=INT64_MAX)


def _directory(services: Services) -> Any:
    return faq_editor.faq_directory(services.settings)


def _invalid(exc: Exception) -> ApiError:
    return ApiError(422, "invalid_entry", str(exc))


@router.get("/entries", response_model=FaqEntries)
async def list_entries(
    services: ServicesDep, user: Editor, q: Annotated[str, Query(max_length=100)] = ""
) -> dict[str, Any]:
    """Entries matching ``q`` (id, question, paraphrases, answer)."""
    entries = await asyncio.to_thread(faq_editor.search_entries, _directory(services), q)
    return {"entries": entries}


@router.get("/entries/{entry_id}", response_model=FaqEntryPublic)
async def get_entry(services: ServicesDep, user: Editor, entry_id: str) -> dict[str, Any]:
    """One entry as an editable document, its current version and its revisions."""
    try:
        entry = await asyncio.to_thread(faq_editor.read_entry, _directory(services), entry_id)
    except faq_editor.EntryNotFound:
        raise ApiError(404, "not_found", f"no FAQ entry {entry_id}") from None
    async with services.db.reader() as session:
        revisions = await faq_editor.revisions(session, entry_id)
    version = revisions[0]["version"] if revisions else 0
    return {"entry": entry, "version": version, "revisions": revisions}


@router.post("/preview")
async def preview(services: ServicesDep, user: Editor, body: PreviewRequest) -> dict[str, Any]:
    """What the search returns for the test question with the edited entry in place."""
    index = getattr(services.faq, "index", None)
    live = index if isinstance(index, FaqIndex) else None
    try:
        return await asyncio.to_thread(
            faq_editor.preview,
            _directory(services),
            body.entry,
            body.question,
            tokenizer=live.tokenizer if live else None,
            options=live.options if live else None,
        )
    except (faq_editor.FaqEditError, KnowledgeError) as exc:
        raise _invalid(exc) from None


@router.put("/entries/{entry_id}", response_model=FaqSaved)
async def save_entry(
    services: ServicesDep, user: Editor, entry_id: str, body: SaveRequest
) -> dict[str, Any]:
    """Save the entry: a new revision, an audit entry, the YAML file; live without a restart."""
    if body.entry.get("id") != entry_id:
        raise ApiError(422, "invalid_entry", "the entry's id must match the address")
    now = services.clock.now()
    try:
        async with services.db.transaction() as session:
            saved = await faq_editor.save_entry(
                session,
                _directory(services),
                body.entry,
                author=user.user,
                now=now,
                base_version=body.base_version,
            )
    except faq_editor.FaqEditError as exc:
        raise _invalid(exc) from None
    except faq_editor.StaleEdit:
        raise ApiError(409, "stale_edit", "someone saved this entry meanwhile; reload") from None
    except faq_editor.FaqDirectoryReadOnly:
        raise ApiError(
            409, "read_only", "the FAQ directory is read-only; set FRONTDESK_FAQ_DIR"
        ) from None
    reloaded = await _reload(services)
    return {
        "entry": faq_editor.entry_document(saved.entry),
        "version": saved.version,
        "file": saved.file,
        "reloaded": reloaded,
    }


async def _reload(services: Services) -> bool:
    reload = getattr(services.faq, "maybe_reload", None)
    if reload is None:
        return False
    return bool(await asyncio.to_thread(reload, force=True))
