"""Every row of the legal reviewers' policy table gives its expected outcome and flags."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dialogs.eligibility import FLAGS, OUTCOMES, evaluate, load_rules
from dialogs.eligibility.facts import ASK_ORDER, NUMERIC_FACTS

TABLE = Path(__file__).parents[2] / "dialogs" / "eligibility" / "policy_table.csv"
EXPECTED = ("case", "expected_outcome", "expected_flags", "expected_verdict", "note")
#: The seven fact patterns the legal review found harmful (issue 16), by the rows that hold them.
REVIEW_PATTERNS = {
    "won judgment unpaid → enforcement, not retrial": "P06",
    "award disputed → urgent, 15 days, not in proceedings": "P32",
    "year runs from leaving the job": "P22",
    "work injury → 工伤认定 first": "P66",
    "legal-aid lawyer is not a hired lawyer": "P14",
    "capable adult's refund → self-filing, not legal aid": "P53",
    "private boss without contract → unsure": "P25",
}


def read_rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def facts_of(row: dict[str, str]) -> dict[str, str | int]:
    facts: dict[str, str | int] = {}
    for key, value in row.items():
        if key in EXPECTED or not value:
            continue
        facts[key] = int(value) if key in NUMERIC_FACTS else value
    return facts


ROWS = read_rows()


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_row_gives_its_expected_outcome_and_flags(row: dict[str, str]) -> None:
    assessment = evaluate(facts_of(row))
    expected_flags = {f for f in row["expected_flags"].split(";") if f}
    assert assessment.outcome == row["expected_outcome"], row["note"]
    assert set(assessment.flags) == expected_flags, row["note"]
    assert assessment.missing == (), "the row leaves a decisive fact blank"
    if row["expected_verdict"]:
        assert assessment.verdict_id == row["expected_verdict"], row["note"]


def test_table_is_big_enough_and_every_row_explains_itself() -> None:
    assert len(ROWS) >= 70
    assert all(r["note"].strip() for r in ROWS)
    assert len({r["case"] for r in ROWS}) == len(ROWS)
    # Every fact of version 2 has a column (a v1 table would silently skip the new facts).
    assert set(ASK_ORDER) <= set(ROWS[0])


@pytest.mark.parametrize("pattern", REVIEW_PATTERNS, ids=list(REVIEW_PATTERNS.values()))
def test_every_harmful_pattern_of_the_review_has_its_row(pattern: str) -> None:
    (row,) = [r for r in ROWS if r["case"] == REVIEW_PATTERNS[pattern]]
    assert "Issue 16 pattern" in row["note"], pattern


def test_table_covers_every_outcome_flag_and_rule() -> None:
    assert {r["expected_outcome"] for r in ROWS} == set(OUTCOMES)
    assert {f for r in ROWS for f in r["expected_flags"].split(";") if f} == set(FLAGS)
    matched = {
        step.id for r in ROWS for step in evaluate(facts_of(r)).trace if step.status == "matched"
    }
    assert {rule.id for rule in load_rules().rules} <= matched


@pytest.mark.parametrize(
    ("matter", "column", "value", "flagged"),
    [
        ("wages", "months_since_left", "10", False),
        ("wages", "months_since_left", "11", True),
        ("wages", "days_since_award", "11", False),
        ("wages", "days_since_award", "12", True),
        ("injury", "months_since_injury", "10", False),
        ("injury", "months_since_injury", "11", True),
        ("injury", "months_since_due", "32", False),
        ("injury", "months_since_due", "33", True),
        ("training_refund", "months_since_due", "32", False),
        ("training_refund", "months_since_due", "33", True),
    ],
)
def test_table_holds_the_limitation_boundaries(
    matter: str, column: str, value: str, flagged: bool
) -> None:
    rows = [r for r in ROWS if r["matter"] == matter and r[column] == value]
    assert any(("limitation_risk" in r["expected_flags"]) == flagged for r in rows)


def test_maintenance_is_never_flagged_for_limitation() -> None:
    rows = [r for r in ROWS if r["matter"] == "maintenance"]
    assert any(r["months_since_due"] and int(r["months_since_due"]) > 36 for r in rows)
    assert not any("limitation_risk" in r["expected_flags"] for r in rows)
