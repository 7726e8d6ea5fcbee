"""The pre-screen interview as whole conversations against the pure engine: every outcome."""

from __future__ import annotations

import pytest

from dialogs.eligibility import OUTCOMES, value_options
from tests.eligibility_flow.interview_driver import run_interview

WORKER: dict[str, str | int] = {
    "matter": "wages",
    "applicant_group": "migrant_worker",
    "proceedings": "none",
    "has_lawyer": "no",
    "willing_to_sue": "yes",
    "relationship": "employment",
    "has_iou": "no",
    "urgent": "no",
    "still_employed": "no",
    "months_since_left": 3,
    "many_claimants": "no",
}

CASES: dict[str, dict[str, str | int]] = {
    "support_apply": {
        **WORKER,
        "arbitration": "refused_or_late",
        "urgent": "yes",
        "months_since_left": 14,
        "many_claimants": "yes",
    },
    "arbitration_first": {**WORKER, "arbitration": "none"},
    "apply_enforcement": {**WORKER, "arbitration": "award_unpaid"},
    "other_remedies_first": {
        "matter": "maintenance",
        "applicant_group": "elderly",
        "proceedings": "none",
        "has_lawyer": "no",
        "willing_to_sue": "yes",
        "other_remedies_tried": "no",
        "urgent": "no",
    },
    "already_in_proceedings": {**WORKER, "arbitration": "none", "proceedings": "pending"},
    "retrial_first": {
        **WORKER,
        "arbitration": "unsatisfied_award",
        "proceedings": "judged",
        "judgment": "lost_or_dissatisfied",
    },
    "not_civil": {"matter": "criminal"},
    "legal_aid_referral": {
        "matter": "injury",
        "applicant_group": "other",
        "at_work": "no",
        "proceedings": "none",
        "has_lawyer": "no",
        "willing_to_sue": "yes",
        "capacity_weak": "no",
        "urgent": "no",
        "months_since_due": 5,
    },
    "information_only": {**WORKER, "arbitration": "none", "willing_to_sue": "no"},
    "injury_recognition_first": {
        "matter": "injury",
        "applicant_group": "migrant_worker",
        "at_work": "yes",
        "injury_recognised": "no",
        "proceedings": "none",
        "has_lawyer": "no",
        "months_since_injury": 4,
    },
}


def test_the_cases_cover_every_outcome() -> None:
    assert set(CASES) == set(OUTCOMES)


@pytest.mark.parametrize("outcome", sorted(CASES))
def test_each_outcome_is_reached_and_explains_itself(outcome: str) -> None:
    _, reply = run_interview(CASES[outcome])
    assert reply.outcome == outcome
    assert "为什么这样判断" in reply.text and "依据：《" in reply.text
    assert reply.extra["citations"] and all(
        {"law", "article"} <= set(c) for c in reply.extra["citations"]
    )
    assert isinstance(reply.extra["flags"], list)
    payloads = [b.payload for b in reply.buttons]
    assert {"apply", "/person", "/menu"} <= set(payloads)
    assert "检察院审查后决定" in reply.text  # never more than "may qualify"


def test_support_apply_says_may_qualify_and_explains_every_flag() -> None:
    _, reply = run_interview(CASES["support_apply"])
    assert "可能符合" in reply.text and "申请支持起诉" in [b.label for b in reply.buttons]
    assert set(reply.extra["flags"]) == {"limitation_risk", "urgent", "group_dispute"}
    for title in ("时效风险", "情况紧急", "多人同样情况"):
        assert title in reply.text
    assert "欠条或工资结算单" in reply.text and "工友" in reply.text  # the wage checklist
    assert "12309" in reply.text
    assert "faq:wage-001" in [b.payload for b in reply.buttons]  # 相关问答 for wages


def test_other_outcomes_offer_to_send_it_to_staff_with_phone_numbers() -> None:
    _, reply = run_interview(CASES["arbitration_first"])
    assert "还是提交给工作人员看看" in [b.label for b in reply.buttons]
    assert "12333" in reply.text and "call:12333" in [b.payload for b in reply.buttons]
    _, crime = run_interview(CASES["not_civil"])
    assert "110" in crime.text and "call:110" in [b.payload for b in crime.buttons]


def test_every_question_offers_its_values_as_buttons() -> None:
    # Re-open one question through the summary's edit button and check its buttons.
    from dialogs.types import Inbound

    for key in ("matter", "arbitration", "many_claimants"):
        t, _ = run_interview(CASES["support_apply"])
        t.send(Inbound(button="review"))  # 修改回答 on the result card: the answers again
        t.send(Inbound(button=f"edit:{key}"))
        question = t.replies[-1]
        assert question.ask == key
        payloads = [b.payload for b in question.buttons]
        assert set(value_options(key)) <= set(payloads)
