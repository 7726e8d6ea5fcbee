"""Topic voting: a clear majority of close matches can promote its best entry, a nudge cannot."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from knowledge.answerer import decide, prefer_dominant_topic
from knowledge.faq import load_entries
from knowledge.index import FaqHit

FIXTURE = Path(__file__).parent / "fixtures" / "faq"


def _hits(*pairs: tuple[str, float]) -> tuple[FaqHit, ...]:
    base = load_entries(FIXTURE)[0]
    return tuple(
        FaqHit(replace(base, id=f"e{i}", topic=topic), score)
        for i, (topic, score) in enumerate(pairs)
    )


def test_a_clear_majority_promotes_its_best_close_entry() -> None:
    hits = _hits(
        ("support_lawsuit", 10.0),
        ("elderly_support", 9.5),
        ("elderly_support", 9.0),
        ("elderly_support", 8.0),
    )
    ranked = prefer_dominant_topic(hits)
    assert ranked[0].entry.topic == "elderly_support" and ranked[0].score == 9.5
    assert [h.entry.id for h in ranked] == ["e1", "e0", "e2", "e3"]
    assert decide(ranked, confidence=0.9) == "clarify"  # promoted: never a confident answer


def test_a_nudge_or_a_distant_entry_changes_nothing() -> None:
    close_call = _hits(
        ("wage_arrears", 10.0),
        ("labour_contract", 9.5),
        ("wage_arrears", 9.0),
        ("labour_contract", 8.0),
    )
    assert prefer_dominant_topic(close_call) == close_call
    far = _hits(("consumer", 10.0), ("minors", 5.0), ("minors", 5.0), ("minors", 5.0))
    assert prefer_dominant_topic(far) == far
    assert prefer_dominant_topic(far[:1]) == far[:1]
