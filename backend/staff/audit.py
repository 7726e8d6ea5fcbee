"""The audit log: who saw or did what, when. Append-only by design and by database trigger.

``record`` is the only writer; nothing here updates or deletes a row. ``detail`` carries ids
and field names, never a citizen's name, phone, ID number or message text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import AuditEntry, StaffUser

PAGE_SIZE = 50


@dataclass(frozen=True)
class Actor:
    """Who acts: a staff user (id and username), ``system`` or ``citizen``."""

    id: int | None
    name: str

    @classmethod
    def of(cls, user: StaffUser) -> Actor:
        """The actor for a staff user."""
        return cls(user.id, user.username)


async def record(
    session: AsyncSession,
    actor: Actor | StaffUser,
    action: str,
    target_kind: str | None,
    target_id: object,
    *,
    at: datetime | None = None,
    **detail: Any,
) -> None:
    """Append one audit entry in the caller's transaction (``at`` defaults to now)."""
    who = Actor.of(actor) if isinstance(actor, StaffUser) else actor
    session.add(
        AuditEntry(
            at=at or datetime.now(UTC),
            actor_id=who.id,
            actor=who.name,
            action=action,
            target_kind=target_kind,
            target_id=None if target_id is None else str(target_id),
            detail=detail,
        )
    )


@dataclass(frozen=True)
class AuditQuery:
    """Filters for reading the log (supervisors and admins)."""

    actor: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    page: int = 1


async def search(session: AsyncSession, query: AuditQuery) -> dict[str, Any]:
    """One page of audit entries, newest first, with the page count."""
    conditions = []
    if query.actor:
        conditions.append(AuditEntry.actor == query.actor)
    if query.action:
        conditions.append(AuditEntry.action == query.action)
    if query.since:
        conditions.append(AuditEntry.at >= query.since)
    if query.until:
        conditions.append(AuditEntry.at < query.until)
    total = int(
        await session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
    )
    rows = await session.scalars(
        select(AuditEntry)
        .where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((max(query.page, 1) - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return {
        "entries": [_view(row) for row in rows],
        "page": max(query.page, 1),
        "pages": max(1, -(-total // PAGE_SIZE)),
        "total": total,
    }


def _view(row: AuditEntry) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at.isoformat(),
        "actor_id": row.actor_id,
        "actor": row.actor,
        "action": row.action,
        "target_kind": row.target_kind,
        "target_id": row.target_id,
        "detail": row.detail or {},
    }
