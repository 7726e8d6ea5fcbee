"""藏汉双语接访: the queue items of a conversation held in Tibetan are tagged "需藏汉双语".

The engine marks a conversation that has been in Tibetan (``dialogs.tibetan``); after its
turns the runtime calls :func:`tag_matters`, which gives the flag ``needs_bo`` to every open
matter of the conversation: the ones a turn's effects made (a complaint, a handoff, an
application, an appointment), and, on the turn the conversation first turns Tibetan, the ones
it already had open (a citizen waiting for a person who then writes in Tibetan). The console
shows the flag as a marker, filters on it and lets staff record who speaks Tibetan.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.db.models import Matter
from dialogs.tibetan import needs_tibetan

__all__ = ["NEEDS_TIBETAN", "tag_matters"]

NEEDS_TIBETAN = "needs_bo"
FLAGS_LENGTH = 120  # matters.flags


async def tag_matters(
    connection: AsyncConnection,
    conversation_id: str,
    state: dict[str, Any],
    before: dict[str, Any] | None,
    *,
    effects_ran: bool,
) -> None:
    """Flag the conversation's open matters when it needs a Tibetan speaker (see module).

    Called after the turn's effects are flushed. One UPDATE, only on a Tibetan turn that ran
    effects (a matter may have been opened) or on the turn the conversation turned Tibetan.
    """
    if not needs_tibetan(state):
        return
    if not effects_ran and before is not None and needs_tibetan(before):
        return
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
