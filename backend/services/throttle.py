"""Failure counting in the database: sliding windows keyed by hashes, shared by all workers.

A mark is one counted event (a failed sign-in, a failed status look-up) under a scope and a
hash of what it is about (an address, an account, a tracking number). A limit is checked
before the work and marks are written after a failure, so a throttled request costs a
count query and nothing else. Marks older than a day are purged by the retention job.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import ThrottleMark

KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """At most ``limit`` marks in ``span``."""

    scope: str
    limit: int
    span: timedelta


def hashed(*parts: str) -> str:
    """The key stored for ``parts`` (an address, a lower-cased username, a tracking number)."""
    joined = "\x1f".join(parts)
    return hashlib.sha256(f"frontdesk-throttle:{joined}".encode()).hexdigest()[:40]


async def count(session: AsyncSession, window: Window, key: str, now: datetime) -> int:
    """Marks of ``key`` in ``window`` up to ``now``."""
    total = await session.scalar(
        select(func.count())
        .select_from(ThrottleMark)
        .where(
            ThrottleMark.scope == window.scope,
            ThrottleMark.key == key,
            ThrottleMark.at > now - window.span,
        )
    )
    return int(total or 0)


async def wait_seconds(
    session: AsyncSession, window: Window, key: str, now: datetime
) -> int | None:
    """None when ``key`` is under the limit, else the seconds until it is again."""
    if await count(session, window, key, now) < window.limit:
        return None
    oldest = await session.scalar(
        select(func.min(ThrottleMark.at)).where(
            ThrottleMark.scope == window.scope,
            ThrottleMark.key == key,
            ThrottleMark.at > now - window.span,
        )
    )
    free_at = (oldest or now) + window.span
    return max(1, math.ceil((free_at - now).total_seconds()))


def mark(session: AsyncSession, marks: Iterable[tuple[str, str]], now: datetime) -> None:
    """Add one mark per ``(scope, key)`` in the caller's transaction."""
    session.add_all(ThrottleMark(scope=scope, key=key, at=now) for scope, key in marks)


async def purge(session: AsyncSession, now: datetime) -> int:
    """Delete marks older than ``KEEP``; returns how many."""
    result = await session.execute(delete(ThrottleMark).where(ThrottleMark.at < now - KEEP))
    return int(getattr(result, "rowcount", 0) or 0)
