"""Which team's queue a matter lands in: the rules of ``teams.yaml``, first match wins.

A matter gets its team when it is first saved (``assign_on_insert``, an ORM hook installed
once by ``backend.wiring``), so every way a matter is opened — a complaint, an application, a
handoff, a booking, a lead, or a kind added later — lands in a team without each service
having to remember it. Staff move it afterwards with ``backend.teams.transfer``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event

from backend.db.models import Matter
from knowledge.yamlio import read_yaml

RULES_FILE = Path(__file__).parent / "teams.yaml"
CONDITIONS = ("kind", "route", "category", "group")


@dataclass(frozen=True)
class TeamRules:
    """The teams in order, the default team, and the rules."""

    teams: tuple[str, ...]
    default: str
    rules: tuple[dict[str, Any], ...]

    def team_for(self, facts: dict[str, Any]) -> str:
        """The first rule's team whose conditions all hold for ``facts``."""
        for rule in self.rules:
            if all(_holds(rule[key], facts.get(key)) for key in CONDITIONS if key in rule):
                return str(rule["team"])
        return self.default


def _holds(wanted: Any, value: Any) -> bool:
    return value in wanted if isinstance(wanted, list) else value == wanted


@lru_cache(maxsize=1)
def team_rules() -> TeamRules:
    """The rules from ``teams.yaml`` (read once); a rule naming an unknown team is refused."""
    data = read_yaml(RULES_FILE) or {}
    teams = tuple(str(t) for t in data.get("teams") or ())
    rules = tuple(dict(r) for r in data.get("rules") or ())
    default = str(data.get("default") or teams[0])
    unknown = {str(r.get("team")) for r in rules} - set(teams) | ({default} - set(teams))
    if unknown:
        raise ValueError(f"{RULES_FILE}: unknown team(s) {sorted(unknown)}")
    return TeamRules(teams, default, rules)


def facts_of(matter: Matter) -> dict[str, Any]:
    """What the rules may look at: kind, route, category, an application's applicant group."""
    details = matter.details if isinstance(matter.details, dict) else {}
    facts = details.get("facts") if isinstance(details.get("facts"), dict) else {}
    return {
        "kind": matter.kind,
        "route": matter.route,
        "category": matter.category,
        "group": (facts or {}).get("applicant_group"),
    }


def team_for(matter: Matter) -> str:
    """The team a new matter goes to."""
    return team_rules().team_for(facts_of(matter))


def _on_insert(mapper: Any, connection: Any, matter: Matter) -> None:
    if matter.team is None:
        matter.team = team_for(matter)


def assign_on_insert() -> None:
    """Give every new matter its team as it is saved (installed once per process)."""
    if not event.contains(Matter, "before_insert", _on_insert):
        event.listen(Matter, "before_insert", _on_insert)
