"""Hand-over between departments (线索移送): an item moves to another team's queue, with why.

The move, its timeline entry (private: the citizen is not told which department works on
it) and its audit entry commit together. The item leaves its holder's hands (the new team
picks it up); a reason is required, as on any hand-over between departments.
"""

from __future__ import annotations

from backend.container import Services
from backend.db.models import Matter, MatterEvent, StaffUser
from backend.staff import audit
from backend.staff.common import ensure_may_act, ensure_open, load_matter, wake
from backend.staff.errors import Conflict, Invalid
from backend.teams.rules import team_rules

MAX_REASON = 1000


async def transfer_to_team(
    services: Services, user: StaffUser, matter_id: int, team: str, reason: str
) -> Matter:
    """Move the matter to ``team``'s queue; the reason goes on the timeline and in the audit."""
    reason = reason.strip()
    if team not in team_rules().teams:
        raise Invalid("invalid", f"unknown team {team!r}")
    if not reason:
        raise Invalid("reason_required", "say why the item goes to another team")
    now = services.clock.now()
    async with services.db.transaction() as session:
        matter = await load_matter(session, matter_id, lock=True)
        ensure_may_act(user, matter)
        ensure_open(matter)
        if matter.team == team:
            raise Conflict("same_team", "the item is already in that team's queue")
        previous = matter.team
        matter.team, matter.assignee_id, matter.updated_at = team, None, now
        data = {"from": previous, "to": team, "reason": reason[:MAX_REASON]}
        session.add(
            MatterEvent(
                matter_id=matter.id,
                kind="team_transfer",
                actor_id=user.id,
                visible_to_citizen=False,
                data=data,
                at=now,
            )
        )
        await audit.record(
            session,
            user,
            "team_transfer",
            "matter",
            matter.id,
            at=now,
            previous=previous,
            team=team,
        )
    wake(services)
    return matter
