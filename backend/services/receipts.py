"""The receipt of a new matter: what the timeline and the audit log keep of it.

Every kind starts the same way — a ``received`` event the citizen can see (查询进度 shows it)
and, where the kind is audited at intake, an entry naming the conversation, never its words.
"""

from __future__ import annotations

from typing import Any

from backend.db.models import AuditEntry, Matter, MatterEvent
from backend.effects import EffectContext

__all__ = ["record_receipt"]


def record_receipt(
    ctx: EffectContext,
    matter: Matter,
    *,
    event: dict[str, Any],
    action: str | None = None,
    audit: dict[str, Any] | None = None,
) -> None:
    """Add the ``received`` event (``event`` as its data) and, with ``action``, its audit entry."""
    ctx.session.add(
        MatterEvent(
            matter_id=matter.id, kind="received", visible_to_citizen=True, data=event, at=ctx.now
        )
    )
    if action is not None:
        ctx.session.add(
            AuditEntry(
                at=ctx.now,
                actor="citizen",
                action=action,
                target_kind="matter",
                target_id=str(matter.id),
                detail=audit or {},
            )
        )
