"""Every row of the judicial-relief policy table gives its expected outcome, flags and verdict."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dialogs.eligibility import FactError, RulesError
from dialogs.eligibility.rulebook import parse_rulebook
from dialogs.relief import OUTCOMES, RELIEF, RULES_FILE, assess, next_relief_question, relief_rules
from knowledge.yamlio import read_yaml

TABLE = Path(__file__).parents[2] / "dialogs" / "relief" / "policy_table.csv"
EXPECTED = ("case", "expected_outcome", "expected_flags", "expected_verdict", "note")


def read_rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def facts_of(row: dict[str, str]) -> dict[str, str | int]:
    return {k: v for k, v in row.items() if k not in EXPECTED and v}


ROWS = read_rows()


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_row_gives_its_expected_outcome_flags_and_verdict(row: dict[str, str]) -> None:
    assessment = assess(facts_of(row))
    assert assessment.outcome == row["expected_outcome"], row["note"]
    assert set(assessment.flags) == {f for f in row["expected_flags"].split(";") if f}, row["note"]
    assert assessment.missing == (), "the row leaves a decisive fact blank"
    assert next_relief_question(facts_of(row)) is None
    if row["expected_verdict"]:
        assert assessment.verdict_id == row["expected_verdict"], row["note"]
    # Each outcome explains itself: a reason with at least one citation, and a way on.
    rules = [r for r in assessment.reasons if r.kind == "rule"]
    assert rules and all(r.citations for r in rules)
    assert assessment.next_steps
    assert assessment.verdict_in("zh-Hans") and assessment.verdict_in("en")


def test_table_is_big_enough_and_every_row_explains_itself() -> None:
    assert len(ROWS) >= 25
    assert all(r["note"].strip() for r in ROWS)
    assert len({r["case"] for r in ROWS}) == len(ROWS)
    assert all(None not in r for r in ROWS), "a row has more cells than columns (quote commas)"
    assert set(RELIEF.ask_order) <= set(ROWS[0])


def test_table_covers_every_outcome_flag_harm_stage_and_rule() -> None:
    assert {r["expected_outcome"] for r in ROWS} == set(OUTCOMES)
    assert {f for r in ROWS for f in r["expected_flags"].split(";") if f} == set(RELIEF.flags)
    assert {r["harm"] for r in ROWS if r["harm"]} == set(RELIEF.fact_values["harm"])
    assert {r["stage"] for r in ROWS if r["stage"]} == set(RELIEF.fact_values["stage"])
    matched = {s.id for r in ROWS for s in assess(facts_of(r)).trace if s.status == "matched"}
    assert {rule.id for rule in relief_rules().rules} <= matched


def test_the_category_article_follows_the_harm() -> None:
    base = {"compensated": "none", "hardship": "yes", "at_fault": "no", "stage": "procuratorate"}
    serious = assess({**base, "harm": "serious_injury"}).reasons[0].citations
    danger = assess({**base, "harm": "life_threatening"}).reasons[0].citations
    assert "第7条第1项" in [c.article for c in serious]
    assert "第7条第2项" in [c.article for c in danger]
    assert "第7条第1项" not in [c.article for c in danger]


def test_materials_checklist_follows_the_harm_and_none_for_a_refusal() -> None:
    base = {"compensated": "none", "hardship": "yes", "at_fault": "no", "stage": "procuratorate"}
    death = assess({**base, "harm": "death_of_breadwinner"}).evidence
    accident = assess({**base, "harm": "tort_injury"}).evidence
    assert "relationship_proof" in death and "death_proof" in death
    assert "accident_proof" in accident and "death_proof" not in accident
    assert assess({"compensated": "full"}).evidence == ()


def test_interview_asks_what_happened_first_and_stops_at_an_exclusion() -> None:
    assert next_relief_question({}) == "harm"
    assert next_relief_question({"harm": "serious_injury"}) == "compensated"
    assert next_relief_question({"harm": "serious_injury", "compensated": "full"}) is None


def test_half_answered_facts_are_reported_missing_not_guessed() -> None:
    assessment = assess({"harm": "serious_injury", "compensated": "none"})
    assert assessment.outcome is None
    assert assessment.missing == ("hardship", "at_fault", "stage")


def test_unknown_relief_facts_are_refused_and_eligibility_facts_do_not_leak_in() -> None:
    with pytest.raises(FactError):
        assess({"harm": "broken_heart"})
    with pytest.raises(FactError):
        assess({"matter": "wages"})


def test_a_typo_in_the_relief_rules_is_refused_by_the_shared_loader() -> None:
    doc = read_yaml(RULES_FILE)
    doc["rules"][0]["when"] = {"compensated": "fully"}
    with pytest.raises(RulesError, match="compensated"):
        parse_rulebook(doc, RELIEF)
    # The same file read as the support-lawsuit scheme is refused too: its facts are not those.
    with pytest.raises(RulesError):
        parse_rulebook(read_yaml(RULES_FILE))
