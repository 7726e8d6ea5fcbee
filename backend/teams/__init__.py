"""Teams (控告申诉, 民事, 公益诉讼, 未检, 刑事): whose queue a matter lands in, and hand-overs.

- ``rules``: the routing rules as data (``teams.yaml``) and the hook that gives every new
  matter its team;
- ``transfer``: moving an item to another team with a reason (timeline and audit).

A caseworker in a team sees that team's queue; supervisors and admins see every team and may
filter by one (``bot/staff/item_routes.py``).
"""

from __future__ import annotations

from backend.teams.rules import assign_on_insert, team_for, team_rules

__all__ = ["assign_on_insert", "team_for", "team_rules"]
