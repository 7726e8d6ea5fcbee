"""Every row of the relief policy table, driven through the chat interview by its buttons.

The interview must ask only facts the row gives (a blank in the table is a fact the rules do
not need for that case), and end on the row's outcome — the same rules as the table test,
reached the way a citizen reaches them.
"""

from __future__ import annotations

import pytest

from dialogs.relief import RELIEF
from dialogs.types import Inbound
from tests.engine.transcript import Transcript
from tests.relief.test_relief_policy_table import ROWS, facts_of


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_the_interview_reaches_the_rows_outcome_asking_only_what_it_needs(
    row: dict[str, str],
) -> None:
    facts = facts_of(row)
    t = Transcript()
    t.send(Inbound(text="你好"))
    t.send(Inbound(button="go:relief"))
    asked: list[str] = []
    while (ask := t.replies[-1].ask) in RELIEF.ask_order:
        assert ask in facts, f"{row['case']}: asked {ask!r}, which the row leaves blank"
        assert {b.payload for b in t.replies[-1].buttons} >= set(RELIEF.fact_values[ask])
        asked.append(ask)
        t.send(Inbound(button=str(facts[ask])))
    outcomes = [r.outcome for r in t.replies if r.outcome]
    assert outcomes == [row["expected_outcome"]], row["note"]
    assert asked == [k for k in RELIEF.ask_order if k in asked]  # in the natural order
