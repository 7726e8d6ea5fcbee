"""Transcripts for the second legal review (issue 16): a commuting injury typed in words, a
first-instance judgment still open to appeal, a domestic-violence victim's outcome."""

from __future__ import annotations

from tests.eligibility_flow.interview_driver import outcome_reply
from tests.eligibility_flow.test_eligibility_conversations import open_interview
from tests.engine.transcript import Step


def test_a_traffic_accident_on_the_way_home_is_taken_as_a_work_injury() -> None:
    """工伤保险条例 Art. 14(6): 上下班途中 is at work for 工伤认定, not a neighbour's tort."""
    t = open_interview()
    t.run(
        Step(tap="injury", ask="applicant_group"),
        Step(tap="migrant_worker", ask="at_work"),
        Step(say="下班路上被车撞了", ask="injury_recognised"),
    )
    assert t.state["data"]["facts"]["at_work"] == "yes"


def test_a_first_instance_loss_is_told_to_appeal_within_15_days() -> None:
    t = open_interview()
    t.run(
        Step(tap="maintenance", ask="applicant_group"),
        Step(tap="elderly", ask="proceedings"),
        Step(tap="judged", ask="judgment", buttons=("lost_appealable",)),
        Step(tap="lost_appealable", ask="summary", expect=("还能上诉",)),
        Step(tap="done", outcome="already_in_proceedings", expect=("上诉", "15 日内")),
    )
    assert "urgent" in outcome_reply(t).extra["flags"]


def test_a_domestic_violence_victim_hears_of_the_protection_order() -> None:
    t = open_interview()
    t.run(
        Step(tap="other_civil", ask="applicant_group"),
        Step(tap="dv_victim", ask="proceedings"),
        Step(tap="pending", ask="summary"),
        Step(tap="done", outcome="already_in_proceedings", expect=("人身安全保护令", "110")),
    )
