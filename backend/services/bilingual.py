"""藏汉双语接访: the queue items of a conversation held in Tibetan are tagged "需藏汉双语".

The engine marks a conversation that has been in Tibetan (``dialogs.tibetan``); after each of
its turns the runtime calls :func:`tag_matters`, which gives the flag ``needs_bo`` to every
open matter of the conversation that the turn touched or made (a complaint, a handoff, an
application, an appointment), and, on the turn the conversation first turns Tibetan, to the
ones it already had open (a citizen waiting for a person who writes in Tibetan). The console
shows the flag as a marker, filters on it and lets staff record who speaks Tibetan.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import case, func, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.db.models import Matter
from dialogs.tibetan import needs_tibetan

__all__ = ["NEEDS_TIBETAN", "tag_matters", "with_flag"]

NEEDS_TIBETAN = "needs_bo"
FLAGS_LENGTH = 120  # matters.flags


def with_flag(flags: str | None, flag: str) -> str:
    """``flags`` (comma-separated) with ``flag`` added once."""
    present = [f for f in (flags or "").split(",") if f]
    return flags or "" if flag in present else ",".join([*present, flag])[:FLAGS_LENGTH]


async def tag_matters(
    connection: AsyncConnection,
    conversation_id: str,
    state: dict[str, Any],
    before: dict[str, Any] | None,
    touched: Iterable[object],
) -> None:
    """Flag the conversation's open matters when it needs a Tibetan speaker (see module)."""
    if not needs_tibetan(state):
        return
    for matter in touched:
        if isinstance(matter, Matter) and matter.conversation_id == conversation_id:
            if matter.open is not False:  # a new one has no value until it is flushed
                matter.flags = with_flag(matter.flags, NEEDS_TIBETAN)
    if before is not None and needs_tibetan(before):
        return  # its open matters were tagged on the turn it turned Tibetan
    await connection.execute(
        update(Matter)
        .where(
            Matter.conversation_id == conversation_id,
            Matter.open.is_(True),
            Matter.flags.not_like(f"%{NEEDS_TIBETAN}%"),
        )
        .values(flags=_appended())
    )


def _appended() -> Any:
    """``flags`` with the tag appended, in SQL (SQLite and PostgreSQL both know ``||``)."""
    return func.substr(
        case(
            (Matter.flags == "", NEEDS_TIBETAN),
            else_=Matter.flags + "," + NEEDS_TIBETAN,
        ),
        1,
        FLAGS_LENGTH,
    )
