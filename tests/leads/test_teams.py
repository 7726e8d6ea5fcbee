"""Teams: the routing rules as data (pure), and ``frontdesk staff add --team`` / ``staff team``."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from backend.db.models import AuditEntry, Matter, StaffUser
from backend.teams.rules import TeamRules, team_for, team_rules
from bot.cli import main
from tests.ops.test_staff_cli import database, query

__all__ = ["database"]  # the CLI fixture: a migrated SQLite database under tmp_path


def matter(kind: str, **fields: Any) -> Matter:
    return Matter(kind=kind, details=fields.pop("details", {}), **fields)


@pytest.mark.parametrize(
    ("item", "team"),
    [
        (matter("lead", category="minors"), "public_interest"),
        (
            matter("application", details={"facts": {"applicant_group": "minor_or_guardian"}}),
            "minors",
        ),
        (matter("application", details={"facts": {"applicant_group": "migrant_worker"}}), "civil"),
        (matter("complaint", route="youth"), "minors"),
        (matter("complaint", route="police_no_case"), "criminal"),
        (matter("complaint", route="enforcement_supervision"), "civil"),
        (matter("complaint", route="public_interest"), "public_interest"),
        (matter("complaint", route="wage_arrears"), "reception"),
        (matter("handoff"), "reception"),
        (matter("appointment"), "reception"),
        (matter("relief"), "reception"),
    ],
)
def test_each_kind_and_route_lands_in_a_team(item: Matter, team: str) -> None:
    assert team_for(item) == team


def test_the_first_matching_rule_wins_and_lists_mean_any() -> None:
    rules = TeamRules(
        ("a", "b", "c"),
        "c",
        ({"kind": "x", "route": ["r1", "r2"], "team": "a"}, {"kind": "x", "team": "b"}),
    )
    assert rules.team_for({"kind": "x", "route": "r2"}) == "a"
    assert rules.team_for({"kind": "x", "route": "r3"}) == "b"
    assert rules.team_for({"kind": "y"}) == "c"
    assert team_rules().teams == ("reception", "civil", "public_interest", "minors", "criminal")


def test_staff_add_with_a_team_and_staff_team(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["staff", "add", "zhao", "--password", "a-long-password", "--team", "public_interest"]
    assert main(args) == 0
    assert "in team public_interest" in capsys.readouterr().out
    team = select(StaffUser.team).where(StaffUser.username == "zhao")
    assert query(database, team) == "public_interest"
    assert main(["staff", "team", "zhao", "minors"]) == 0
    assert query(database, team) == "minors"
    assert query(database, select(AuditEntry.action).where(AuditEntry.action == "user_team"))
    assert main(["staff", "team", "zhao", "nowhere"]) == 2
    assert "team must be one of" in capsys.readouterr().err
    assert main(["staff", "team", "zhao"]) == 0
    assert query(database, team) is None
    bad = ["staff", "add", "qian", "--password", "a-long-password", "--team", "x"]
    assert main(bad) == 2
