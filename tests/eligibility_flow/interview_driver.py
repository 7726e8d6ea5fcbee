"""Drive the pre-screen interview from a facts dict, the way a citizen tapping buttons would."""

from __future__ import annotations

from collections.abc import Mapping

from dialogs.types import Inbound, Reply
from tests.engine.transcript import Transcript

# Helper answers that leave the relationship ``unsure`` (the citizen cannot tell).
UNSURE_HELPERS = {
    "relationship_payer": "unsure",
    "relationship_pension": "no",
}
NUMBERS = {"months_since_due", "months_since_left", "months_since_injury", "days_since_award"}
MAX_QUESTIONS = 40


def answer_all(t: Transcript, facts: Mapping[str, str | int]) -> list[str]:
    """Answer every question the interview asks until the summary; return the keys asked.

    Months and days are typed (``"14"``); everything else is a button tap carrying the value.
    """
    asked: list[str] = []
    for _ in range(MAX_QUESTIONS):
        ask = t.replies[-1].ask if t.replies else None
        if ask == "summary":
            return asked
        assert ask is not None, f"no question asked: {[r.text for r in t.replies]}"
        asked.append(ask)
        if ask in UNSURE_HELPERS:
            t.send(Inbound(button=UNSURE_HELPERS[ask]))
            continue
        assert ask in facts, f"the interview asked {ask!r}, which the facts do not answer"
        value = facts[ask]
        typed = ask in NUMBERS
        t.send(Inbound(text=str(value)) if typed else Inbound(button=str(value)))
    raise AssertionError("the interview did not reach the summary")


def outcome_reply(t: Transcript) -> Reply:
    """The reply carrying the outcome in the last turn."""
    found = [r for r in t.replies if r.outcome is not None]
    assert len(found) == 1, [r.text for r in t.replies]
    return found[0]


def run_interview(facts: Mapping[str, str | int]) -> tuple[Transcript, Reply]:
    """Open the pre-screen from the menu, answer everything, confirm the summary."""
    t = Transcript()
    t.send(Inbound(text="/start"))
    t.send(Inbound(button="go:eligibility"))
    answer_all(t, facts)
    t.send(Inbound(button="done"))
    return t, outcome_reply(t)
