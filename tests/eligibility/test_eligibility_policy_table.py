"""Every row of the legal reviewers' policy table gives its expected outcome and flags."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dialogs.eligibility import FLAGS, OUTCOMES, evaluate, load_rules

TABLE = Path(__file__).parents[2] / "dialogs" / "eligibility" / "policy_table.csv"
EXPECTED = ("case", "expected_outcome", "expected_flags", "note")


def read_rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def facts_of(row: dict[str, str]) -> dict[str, str | int]:
    facts: dict[str, str | int] = {}
    for key, value in row.items():
        if key in EXPECTED or not value:
            continue
        facts[key] = int(value) if key == "months_since_due" else value
    return facts


ROWS = read_rows()


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_row_gives_its_expected_outcome_and_flags(row: dict[str, str]) -> None:
    assessment = evaluate(facts_of(row))
    expected_flags = {f for f in row["expected_flags"].split(";") if f}
    assert assessment.outcome == row["expected_outcome"], row["note"]
    assert set(assessment.flags) == expected_flags, row["note"]
    assert assessment.missing == (), "the row leaves a decisive fact blank"


def test_table_is_big_enough_and_every_row_explains_itself() -> None:
    assert len(ROWS) >= 40
    assert all(r["note"].strip() for r in ROWS)
    assert len({r["case"] for r in ROWS}) == len(ROWS)


def test_table_covers_every_outcome_flag_and_rule() -> None:
    assert {r["expected_outcome"] for r in ROWS} == set(OUTCOMES)
    assert {f for r in ROWS for f in r["expected_flags"].split(";") if f} == set(FLAGS)
    matched = {
        step.id for r in ROWS for step in evaluate(facts_of(r)).trace if step.status == "matched"
    }
    assert {rule.id for rule in load_rules().rules} <= matched


@pytest.mark.parametrize(
    ("matter", "months", "flagged"),
    [
        ("wages", "12", False),
        ("wages", "13", True),
        ("injury", "36", False),
        ("injury", "37", True),
        ("training_refund", "36", False),
        ("training_refund", "37", True),
    ],
)
def test_table_holds_the_limitation_boundaries(matter: str, months: str, flagged: bool) -> None:
    rows = [r for r in ROWS if r["matter"] == matter and r["months_since_due"] == months]
    assert any(("limitation_risk" in r["expected_flags"]) == flagged for r in rows)


def test_maintenance_is_never_flagged_for_limitation() -> None:
    rows = [r for r in ROWS if r["matter"] == "maintenance"]
    assert any(r["months_since_due"] and int(r["months_since_due"]) > 36 for r in rows)
    assert not any("limitation_risk" in r["expected_flags"] for r in rows)
