"""Whose queue a staff member sees: a caseworker in a team, that team's; others, any team."""

from __future__ import annotations

from backend.db.models import StaffUser
from backend.staff.permissions import allowed


def sees_all_teams(user: StaffUser) -> bool:
    """Supervisors and admins (and a caseworker in no team) see every team's queue."""
    return user.team is None or allowed(user.role, "item.act_for_others")


def queue_team(user: StaffUser, wanted: str | None) -> str | None:
    """The team whose queue ``user`` gets when asking for ``wanted`` (None: all teams)."""
    return wanted or None if sees_all_teams(user) else user.team
