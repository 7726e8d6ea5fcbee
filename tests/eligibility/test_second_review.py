"""The second legal review (issue 16): appeals, crimes with a civil claim, domestic violence,
commuting injuries and legal-aid wording, checked on the evaluator and the shipped rules."""

from __future__ import annotations

import pytest

from dialogs.eligibility import evaluate, load_rules, next_question
from dialogs.eligibility.book import localised

Facts = dict[str, str | int]


def step_text(step_id: str, lang: str = "zh-Hans") -> str:
    return localised(load_rules().steps[step_id].text, lang)


def citations_of(facts: Facts) -> set[tuple[str, str]]:
    return {(c.law, c.article) for r in evaluate(facts).reasons for c in r.citations}


# --- H1: a first-instance judgment that is not yet final is appealed ------------------------


def test_lost_first_instance_is_an_urgent_appeal_not_a_retrial() -> None:
    facts: Facts = {
        "matter": "wages",
        "applicant_group": "migrant_worker",
        "relationship": "labour_service",
        "proceedings": "judged",
        "judgment": "lost_appealable",
    }
    result = evaluate(facts)
    assert result.outcome == "already_in_proceedings"
    assert "urgent" in result.flags
    assert result.next_steps[0] == "appeal"
    assert "retrial" not in result.next_steps
    assert ("民事诉讼法", "第171条") in citations_of(facts)
    assert "15" in localised(result.verdict, "zh-Hans")
    assert "上訴" in localised(result.verdict, "zh-Hant")
    assert "appeal" in localised(result.verdict, "en")
    assert next_question(facts) is None


def test_an_effective_judgment_still_warns_about_the_appeal_window() -> None:
    facts: Facts = {"matter": "maintenance", "applicant_group": "elderly"}
    facts |= {"proceedings": "judged", "judgment": "lost_or_dissatisfied"}
    result = evaluate(facts)
    assert result.outcome == "retrial_first"
    assert "appeal" in result.next_steps
    assert "上诉" in localised(result.verdict, "zh-Hans")


# --- H6: a crime does not take the civil claim away -------------------------------------


def test_crime_keeps_the_civil_claim_and_the_wage_route() -> None:
    result = evaluate({"matter": "criminal"})
    assert result.outcome == "not_civil"
    assert {"police", "crime_civil_claim", "wage_refusal_report"} <= set(result.next_steps)
    assert load_rules().steps["wage_refusal_report"].phone == "12333"
    assert "附带民事诉讼" in step_text("crime_civil_claim")
    assert "劳动仲裁" in step_text("wage_refusal_report")
    laws = citations_of({"matter": "criminal"})
    assert ("刑事诉讼法", "第101条") in laws and ("刑法", "第276条之一") in laws


# --- H7: domestic violence: protection order, police, women's federation ------------------


DV_PATTERNS: list[Facts] = [
    {"proceedings": "none", "has_lawyer": "no", "willing_to_sue": "yes", "urgent": "yes"},
    {"proceedings": "none", "has_lawyer": "no", "willing_to_sue": "yes"}
    | {"other_remedies_tried": "no", "urgent": "no", "months_since_due": 2},
    {"proceedings": "none", "has_lawyer": "no", "willing_to_sue": "no", "months_since_due": 2},
    {"proceedings": "pending"},
    {"proceedings": "judged", "judgment": "won_unpaid"},
    {"proceedings": "judged", "judgment": "lost_or_dissatisfied"},
    {"proceedings": "judged", "judgment": "lost_appealable"},
]


@pytest.mark.parametrize("facts", DV_PATTERNS)
def test_every_outcome_for_a_dv_victim_names_the_protection_order(facts: Facts) -> None:
    for matter in ("other_civil", "maintenance"):
        result = evaluate({"matter": matter, "applicant_group": "dv_victim", **facts})
        assert result.outcome is not None
        assert result.next_steps[:2] == ("protection_order", "womens_federation"), facts


def test_protection_order_step_says_court_hours_police_and_federation() -> None:
    text = step_text("protection_order")
    for needed in ("人身安全保护令", "72 小时", "24 小时", "110", "12338"):
        assert needed in text
    assert load_rules().steps["protection_order"].phone == "110"
    assert "protection order" in step_text("protection_order", "en")


# --- H5: injury on the way to or from work ------------------------------------------------


def test_work_injury_recognition_cites_the_commuting_rule() -> None:
    facts: Facts = {"matter": "injury", "applicant_group": "migrant_worker"}
    facts |= {"at_work": "yes", "injury_recognised": "no", "proceedings": "none"}
    facts |= {"has_lawyer": "no", "months_since_injury": 2}
    assert evaluate(facts).outcome == "injury_recognition_first"
    assert ("工伤保险条例", "第14条第6项") in citations_of(facts)


# --- legal-aid wording ------------------------------------------------------------------------


def test_legal_aid_is_not_promised_without_the_hardship_condition() -> None:
    assert "经济困难" in localised(load_rules().outcomes["legal_aid_referral"], "zh-Hans")
    text = step_text("legal_aid")
    assert "家暴" in text and "免予核查" in text


# --- 包工头: the general contractor and the developer answer for the wages ------------------


WAGE_BASE: Facts = {"matter": "wages", "applicant_group": "migrant_worker", "has_iou": "no"}
WAGE_BASE |= {"relationship": "unsure", "proceedings": "none", "has_lawyer": "no"}
WAGE_BASE |= {"still_employed": "yes", "many_claimants": "no"}


@pytest.mark.parametrize(
    ("more", "outcome"),
    [
        ({"arbitration": "none", "willing_to_sue": "yes"}, "arbitration_first"),
        ({"arbitration": "refused_or_late", "willing_to_sue": "yes"}, "support_apply"),
        ({"arbitration": "none", "willing_to_sue": "no"}, "information_only"),
    ],
)
def test_wage_outcomes_name_the_general_contractor(more: Facts, outcome: str) -> None:
    result = evaluate({**WAGE_BASE, **more})
    assert result.outcome == outcome
    assert "contractor_chain" in result.next_steps
    assert result.next_steps[0] != "contractor_chain"  # the outcome's own step comes first


def test_contractor_step_and_citations_follow_the_regulation() -> None:
    text = step_text("contractor_chain")
    assert "总承包单位先行清偿" in text and "建设单位" in text
    facts: Facts = {**WAGE_BASE, "arbitration": "none", "willing_to_sue": "yes"}
    laws = citations_of(facts)
    for article in ("第29条", "第30条", "第36条"):
        assert ("保障农民工工资支付条例", article) in laws


# --- enforcement of maintenance: each instalment, and no bar on the claim ------------------


def test_maintenance_enforcement_counts_each_instalment_and_bars_nothing() -> None:
    facts: Facts = {"matter": "maintenance", "applicant_group": "elderly"}
    facts |= {"proceedings": "judged", "judgment": "won_unpaid"}
    result = evaluate(facts)
    assert result.verdict_id == "maintenance_judgment_enforce"
    verdict = localised(result.verdict, "zh-Hans")
    assert "最后一期" not in verdict and "每一期" in verdict
    assert "不适用诉讼时效" in verdict
    assert ("民法典", "第196条") in citations_of(facts)


def test_a_lost_maintenance_case_can_be_brought_again_on_new_facts() -> None:
    facts: Facts = {"matter": "maintenance", "applicant_group": "elderly"}
    facts |= {"proceedings": "judged", "judgment": "lost_or_dissatisfied"}
    result = evaluate(facts)
    assert result.next_steps[:2] == ("retrial", "new_facts_claim")
    wages = evaluate({**facts, "matter": "wages", "relationship": "labour_service"})
    assert "new_facts_claim" not in wages.next_steps


def test_work_injury_under_a_foreman_names_the_company_that_passed_the_work() -> None:
    facts: Facts = {"matter": "injury", "applicant_group": "migrant_worker"}
    facts |= {"at_work": "yes", "injury_recognised": "no", "proceedings": "none"}
    facts |= {"has_lawyer": "no", "months_since_injury": 2}
    laws = citations_of(facts)
    assert ("最高人民法院关于审理工伤保险行政案件若干问题的规定", "第3条第1款第4项") in laws
    assert ("民法典", "第1192条") in laws
