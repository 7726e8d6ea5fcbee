"""Short-lived things the retention job sweeps: unattached files, throttle marks, tickets.

A file a citizen sent outside any matter (no matter linked, and no open matter in its
conversation that a caseworker could see it from) is deleted ``retention_unattached_days``
after it arrived; before, such files were kept for ever.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Attachment, Matter, StreamTicket
from backend.services import throttle


async def expire_unattached_files(session: AsyncSession, settings: Any, now: datetime) -> int:
    """Delete files never attached to a matter once their time is up; returns how many."""
    cutoff = now - timedelta(days=settings.retention_unattached_days)
    open_matter = exists(
        select(Matter.id).where(
            and_(Matter.conversation_id == Attachment.conversation_id, Matter.open.is_(True))
        )
    )
    stale = select(Attachment.id).where(
        Attachment.matter_id.is_(None), Attachment.created_at < cutoff, ~open_matter
    )
    ids = list(await session.scalars(stale))
    if ids:
        await session.execute(delete(Attachment).where(Attachment.id.in_(ids)))
    return len(ids)


async def sweep(session: AsyncSession, settings: Any, now: datetime) -> int:
    """The short-lived sweep: unattached files (counted), old marks and spent tickets."""
    files = await expire_unattached_files(session, settings, now)
    await throttle.purge(session, now)
    await session.execute(delete(StreamTicket).where(StreamTicket.expires_at < now))
    return files
