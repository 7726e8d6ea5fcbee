"""Tracking numbers that citizens can read out over the phone: ``C26112304719`` style.

A letter for the kind (C complaint, A application, Y appointment, J judicial relief,
L public-interest lead), the
receipt date as YYMMDD in the service's timezone, and five random digits (retried on the rare
clash). Not secret: a status look-up from another channel also needs the last four digits of
the phone.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Matter

PREFIX = {"complaint": "C", "application": "A", "appointment": "Y", "relief": "J", "lead": "L"}
ATTEMPTS = 20


async def new_tracking_no(session: AsyncSession, kind: str, now: datetime, timezone: str) -> str:
    """A tracking number not yet used by any matter."""
    day = now.astimezone(ZoneInfo(timezone)).strftime("%y%m%d")
    for _ in range(ATTEMPTS):
        candidate = f"{PREFIX[kind]}{day}{secrets.randbelow(100_000):05d}"
        taken = await session.scalar(select(Matter.id).where(Matter.tracking_no == candidate))
        if taken is None:
            return candidate
    raise RuntimeError("no free tracking number today; widen the random part")


def normalise_tracking_no(text: str) -> str:
    """Upper-case and strip spaces/dashes so 'c-261123 0471' finds C26112304719."""
    return "".join(ch for ch in text.upper() if ch.isalnum())
