"""The evaluator, the interview order, and validation of ``rules.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dialogs.eligibility import (
    ASK_ORDER,
    FACT_VALUES,
    FactError,
    RulesError,
    evaluate,
    load_rules,
    next_question,
    value_options,
)
from dialogs.eligibility.rulebook import RULES_FILE, parse_rulebook

Facts = dict[str, str | int]
OPEN: Facts = {"proceedings": "none", "has_lawyer": "no", "willing_to_sue": "yes"}


def interview(full: Facts) -> list[str]:
    """Answer next_question from ``full`` until it stops; return the keys asked."""
    asked: Facts = {}
    while (key := next_question(asked)) is not None:
        asked[key] = full[key]
    return list(asked)


def raw_rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return data


# --- evaluate -----------------------------------------------------------------------------


def test_criminal_matter_stops_after_the_first_question() -> None:
    assert next_question({}) == "matter"
    assert next_question({"matter": "criminal"}) is None
    result = evaluate({"matter": "criminal"})
    assert result.outcome == "not_civil"
    assert result.next_steps == ("police", "crime_civil_claim", "wage_refusal_report")
    assert result.evidence == ()


def test_administrative_matter_points_to_reconsideration() -> None:
    result = evaluate({"matter": "administrative"})
    assert result.next_steps == ("administrative_review",)
    [reason] = result.reasons
    assert {c.law for c in reason.citations} >= {"行政复议法", "行政诉讼法"}


def test_partial_facts_give_no_outcome_and_list_what_is_missing() -> None:
    result = evaluate({"matter": "wages"})
    assert result.outcome is None
    assert result.reasons == ()
    # For wages the work relationship and any award come before courts (facts version 2).
    assert result.missing[:4] == ("applicant_group", "relationship", "arbitration", "proceedings")
    assert {"has_iou", "has_lawyer", "willing_to_sue"} <= set(result.missing)
    assert not result.complete


def test_reasons_carry_citations_in_every_language() -> None:
    facts: Facts = {
        "matter": "wages",
        **OPEN,
        "relationship": "employment",
        "has_iou": "no",
        "arbitration": "none",
        "still_employed": "yes",
        "many_claimants": "no",
    }
    result = evaluate(facts)
    assert result.outcome == "arbitration_first"
    [reason] = result.reasons
    assert any(c.law == "劳动争议调解仲裁法" and c.article == "第5条" for c in reason.citations)
    assert "仲裁" in reason.in_language("zh-Hans")
    assert "arbitration" in reason.in_language("en")
    assert "勞動仲裁" in reason.in_language("zh-Hant")


def test_trace_shows_every_rule_in_order_with_its_status() -> None:
    facts: Facts = {
        "matter": "maintenance",
        "applicant_group": "elderly",
        **OPEN,
        "other_remedies_tried": "no",
        "urgent": "no",
    }
    result = evaluate(facts)
    rules = [s for s in result.trace if s.kind == "rule"]
    assert [s.id for s in rules] == [r.id for r in load_rules().rules]
    statuses = {s.id: s.status for s in rules}
    assert statuses["not_civil"] == "skipped"
    assert statuses["other_remedies_first"] == "matched"
    assert statuses["support"] == "not_reached"
    assert "other_remedies_tried = no ✓" in rules[-2].describe()


def test_court_open_after_arbitration_counts_other_remedies_as_tried() -> None:
    facts: Facts = {
        "matter": "wages",
        "applicant_group": "migrant_worker",
        **OPEN,
        "relationship": "employment",
        "has_iou": "no",
        "arbitration": "refused_or_late",
        "other_remedies_tried": "no",
        "urgent": "no",
        "still_employed": "yes",
        "many_claimants": "no",
    }
    result = evaluate(facts)
    assert result.outcome == "support_apply"
    assert [r.id for r in result.reasons] == ["court_open", "support"]
    step = next(s for s in result.trace if s.id == "court_open")
    assert dict(step.assumes) == {"other_remedies_tried": "yes"}
    assert "other_remedies_tried" not in interview(facts)


def test_other_remedies_first_names_the_body_for_the_matter_and_group() -> None:
    base: Facts = {
        **OPEN,
        "other_remedies_tried": "no",
        "urgent": "no",
        "months_since_due": 1,
        "many_claimants": "no",
    }
    wages = evaluate(
        {
            **base,
            "matter": "wages",
            "applicant_group": "migrant_worker",
            "relationship": "labour_service",
        }
    )
    refund = evaluate({**base, "matter": "training_refund", "applicant_group": "low_income"})
    dv = evaluate({**base, "matter": "other_civil", "applicant_group": "dv_victim"})
    assert wages.next_steps == ("labour_inspection", "contractor_chain")
    assert refund.next_steps == ("consumer_complaint", "education_bureau")
    assert dv.next_steps == ("protection_order", "womens_federation", "community_mediation")
    book = load_rules()
    assert book.steps["labour_inspection"].phone == "12333"
    assert book.steps["womens_federation"].phone == "12338"


def test_evidence_checklist_follows_the_matter() -> None:
    facts: Facts = {
        "matter": "wages",
        **OPEN,
        "relationship": "employment",
        "has_iou": "no",
        "arbitration": "none",
        "still_employed": "yes",
        "many_claimants": "no",
    }
    evidence = evaluate(facts).evidence
    assert {
        "iou",
        "attendance",
        "chat_records",
        "transfers",
        "contract",
        "coworkers",
        "project_name",
    } <= set(evidence)
    book = load_rules()
    assert set(book.checklists) == {
        "wages",
        "training_refund",
        "maintenance",
        "injury",
        "other_civil",
    }


def test_unknown_fact_keys_and_values_are_refused() -> None:
    with pytest.raises(FactError, match="matterr"):
        evaluate({"matterr": "wages"})
    with pytest.raises(FactError, match="wage"):
        evaluate({"matter": "wage"})
    with pytest.raises(FactError, match="months_since_due"):
        evaluate({"months_since_due": -1})
    with pytest.raises(FactError):
        next_question({"urgent": True})  # a bool is not "yes"


def test_value_options_follow_design() -> None:
    assert value_options("matter")[0] == "wages"
    assert value_options("arbitration") == (
        "none",
        "award_unpaid",
        "unsatisfied_award",
        "refused_or_late",
    )
    assert value_options("many_claimants") == ("yes", "no")
    assert value_options("has_lawyer") == ("yes", "legal_aid", "no")
    assert value_options("judgment") == ("won_unpaid", "lost_or_dissatisfied", "lost_appealable")
    assert value_options("months_since_due") == ()
    assert value_options("days_since_award") == ()
    numbers = {"months_since_due", "months_since_left", "months_since_injury", "days_since_award"}
    assert set(ASK_ORDER) == {*FACT_VALUES, *numbers}
    with pytest.raises(FactError):
        value_options("colour")


# --- next_question ------------------------------------------------------------------------


def test_wage_interview_asks_in_the_natural_order() -> None:
    full: Facts = {
        "matter": "wages",
        "applicant_group": "migrant_worker",
        **OPEN,
        "relationship": "employment",
        "has_iou": "no",
        "arbitration": "none",
        "capacity_weak": "no",
        "other_remedies_tried": "no",
        "urgent": "no",
        "still_employed": "no",
        "months_since_left": 14,
        "months_since_due": 20,
        "many_claimants": "yes",
    }
    assert interview(full) == [
        "matter",
        "applicant_group",
        "relationship",
        "arbitration",
        "proceedings",
        "has_lawyer",
        "willing_to_sue",
        "has_iou",
        "still_employed",
        "months_since_left",
        "many_claimants",
    ]


def test_still_employed_wages_never_ask_months() -> None:
    full: Facts = {
        "matter": "wages",
        "applicant_group": "migrant_worker",
        **OPEN,
        "relationship": "employment",
        "has_iou": "no",
        "arbitration": "none",
        "still_employed": "yes",
        "months_since_due": 40,
        "many_claimants": "no",
    }
    asked = interview(full)
    assert "months_since_due" not in asked and "months_since_left" not in asked
    assert "capacity_weak" not in asked


def test_employment_wages_never_ask_the_pay_day_for_the_limitation() -> None:
    """The one-year period runs from leaving the job, not from the pay day (Art. 27 ¶4)."""
    full: Facts = {
        "matter": "wages",
        "applicant_group": "migrant_worker",
        **OPEN,
        "relationship": "employment",
        "has_iou": "no",
        "arbitration": "none",
        "still_employed": "no",
        "months_since_left": 3,
        "months_since_due": 20,
        "many_claimants": "no",
    }
    asked = interview(full)
    assert "months_since_left" in asked and "months_since_due" not in asked
    assert evaluate(full).flags == ()


def test_a_version_one_facts_object_reports_the_new_facts_as_missing() -> None:
    """v1 wrote months_since_due for the labour period; v2 needs months_since_left instead."""
    v1: Facts = {
        "matter": "wages",
        "applicant_group": "migrant_worker",
        **OPEN,
        "relationship": "employment",
        "has_iou": "no",
        "arbitration": "none",
        "still_employed": "no",
        "months_since_due": 14,
        "many_claimants": "no",
    }
    result = evaluate(v1)
    assert result.outcome == "arbitration_first"
    assert result.missing == ("months_since_left",)
    assert "limitation_risk" not in result.flags


def test_maintenance_never_asks_limitation_or_group_facts() -> None:
    full: Facts = {
        "matter": "maintenance",
        "applicant_group": "elderly",
        **OPEN,
        "other_remedies_tried": "yes",
        "urgent": "no",
        "months_since_due": 99,
        "many_claimants": "yes",
        "still_employed": "no",
    }
    assert interview(full) == [
        "matter",
        "applicant_group",
        "proceedings",
        "has_lawyer",
        "willing_to_sue",
        "other_remedies_tried",
        "urgent",
    ]


def test_capacity_is_asked_only_of_group_other() -> None:
    full: Facts = {
        "matter": "injury",
        "applicant_group": "other",
        "at_work": "no",
        **OPEN,
        "capacity_weak": "no",
        "urgent": "no",
        "months_since_due": 2,
    }
    asked = interview(full)
    assert "capacity_weak" in asked
    assert evaluate({k: full[k] for k in asked}).outcome == "legal_aid_referral"


def test_judged_case_stops_without_wage_questions() -> None:
    full: Facts = {
        "matter": "maintenance",
        "applicant_group": "elderly",
        "proceedings": "judged",
        "judgment": "lost_or_dissatisfied",
    }
    assert interview(full) == ["matter", "applicant_group", "proceedings", "judgment"]
    assert evaluate(full).outcome == "retrial_first"
    won = evaluate({**full, "judgment": "won_unpaid"})
    assert won.outcome == "apply_enforcement"
    assert "more_support_claim" in won.next_steps and "enforcement_supervision" in won.next_steps


def test_fact_that_cannot_change_the_result_is_filled_not_asked() -> None:
    facts: Facts = {
        "matter": "other_civil",
        "applicant_group": "other",
        "proceedings": "none",
        "has_lawyer": "no",
        "capacity_weak": "no",
        "months_since_due": 0,
    }
    # Willing or not, a capable adult's loan dispute ends in information_only without flags.
    assert next_question(facts) is None
    result = evaluate(facts)
    assert result.outcome == "information_only"
    assert set(result.assumed) == {"willing_to_sue"}
    # The verdict follows the rule that decided (with the filled-in "yes": self-filing),
    # never the sentence for someone who said they do not want to sue.
    assert result.verdict_id == "self_filing_verdict"
    assert evaluate({**facts, "willing_to_sue": "no"}).verdict_id == "information_only"


# --- rules.yaml validation ----------------------------------------------------------------


def test_shipped_rules_load_and_cover_every_outcome() -> None:
    book = load_rules()
    steps = ["1", "2a", "2b", "2c", "3", "3b", "4", "5a", "5b", "5c", "6a", "6b", "7", "8"]
    assert [r.step for r in book.rules] == steps
    assert all(r.citations and r.reason["zh-Hans"] and r.reason["en"] for r in book.rules)


def test_load_rules_from_a_path(tmp_path: Path) -> None:
    copy = tmp_path / "rules.yaml"
    copy.write_text(RULES_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(load_rules(copy).rules) == len(load_rules().rules)


def test_typo_in_a_fact_key_is_caught() -> None:
    raw = raw_rules()
    raw["rules"][1]["when"] = {"procedings": "judged"}
    with pytest.raises(RulesError, match="procedings"):
        parse_rulebook(raw)


def test_typo_in_a_value_is_caught() -> None:
    raw = raw_rules()
    raw["rules"][0]["when"] = {"matter": ["criminal", "adminstrative"]}
    with pytest.raises(RulesError, match="adminstrative"):
        parse_rulebook(raw)


def test_typo_in_a_rule_key_is_caught() -> None:
    raw = raw_rules()
    raw["rules"][2]["citation"] = raw["rules"][2].pop("citations")
    with pytest.raises(RulesError, match="citation"):
        parse_rulebook(raw)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["rules"][1].update(outcome="retrial"), "unknown outcome"),
        (lambda r: r["rules"].pop(), "last rule|support_apply"),
        (lambda r: r["rules"][1].update(next_steps=["retrail"]), "retrail"),
        (lambda r: r["rules"][1].update(citations=[]), "citation"),
        (
            lambda r: r.update(
                flags=[f for f in r["flags"] if f.get("raises", f["id"]) != "group_dispute"]
            ),
            "raise exactly",
        ),
        (lambda r: r["flags"][0].update(raises="late"), "late"),
        (lambda r: r["verdicts"][0].update(outcome="enforce"), "enforce"),
        (lambda r: r["verdicts"][0].update(id=r["flags"][0]["id"]), "unique"),
        (lambda r: r["flags"][0].update(applies_to=["support"]), "applies_to"),
        (lambda r: r["evidence"]["checklists"]["wages"].append("iuo"), "iuo"),
        (lambda r: r["rules"][0]["reason"].pop("en"), "en"),
        (lambda r: r["rules"][0].update(when={"months_since_due": {"gt": "12"}}), "whole"),
        (lambda r: r["rules"][8].update(assume={"other_remedies": "yes"}), "other_remedies"),
        (lambda r: r.update(extra=1), "extra"),
    ],
)
def test_malformed_rules_are_refused(mutate: Any, message: str) -> None:
    raw = raw_rules()
    mutate(raw)
    with pytest.raises(RulesError, match=message):
        parse_rulebook(raw)


def test_bare_yes_no_in_yaml_are_read_as_values() -> None:
    book = load_rules()
    lawyer_rule = next(r for r in book.rules if r.id == "in_proceedings")
    assert {t.expected for t in lawyer_rule.condition.tests()} == {"pending", "yes"}
