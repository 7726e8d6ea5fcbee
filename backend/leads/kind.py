"""The ``lead`` kind of queue item: received, checked, then taken up (立案 / 采纳) or not.

No statutory clock (``clocked=False``): a lead is not a complaint. When staff mark a lead
已立案 or 已采纳, the citizen is thanked on the channel they used — anonymous leads too, since
the chat they came from is all we keep of them and thanking reveals nothing to anyone else.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Matter
from backend.services.notify import notify_citizen
from backend.staff.kinds import QueueKind, register_kind

THANKED = {"case_opened": "lead.thanks.case_opened", "adopted": "lead.thanks.adopted"}


async def on_status(session: AsyncSession, matter: Matter, previous: str, services: Any) -> None:
    """A lead taken up (立案 or 采纳): thank the citizen, once per such step."""
    key = THANKED.get(matter.status)
    if key is None or previous == matter.status:
        return
    await notify_citizen(session, matter, key, now=services.clock.now(), even_anonymous=True)


LEAD_KIND = QueueKind(
    "lead",
    {
        "received": ("reviewing", "case_opened", "adopted", "not_adopted", "transferred", "closed"),
        "reviewing": ("case_opened", "adopted", "not_adopted", "transferred", "closed"),
        "adopted": ("case_opened", "closed"),
        "case_opened": ("closed",),
        "not_adopted": ("closed",),
        "transferred": ("closed",),
        "closed": (),
    },
    clocked=False,
    on_status=on_status,
)


def register() -> None:
    """Add the kind to the queue's registry."""
    register_kind(LEAD_KIND)
