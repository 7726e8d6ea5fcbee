"""The legal reviewers' policy table, driven through the interview: every row, its outcome."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.eligibility_flow.interview_driver import run_interview

TABLE = Path(__file__).parents[2] / "dialogs" / "eligibility" / "policy_table.csv"
NOT_FACTS = {"case", "expected_outcome", "expected_flags", "expected_verdict", "note"}


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ROWS = _rows()


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_the_interview_reaches_the_tables_outcome_and_flags(row: dict[str, str]) -> None:
    facts = {k: v for k, v in row.items() if k not in NOT_FACTS and v}
    _, reply = run_interview(facts)
    assert reply.outcome == row["expected_outcome"], row["note"]
    expected_flags = {f for f in row["expected_flags"].split(";") if f}
    assert set(reply.extra["flags"]) == expected_flags, row["note"]
