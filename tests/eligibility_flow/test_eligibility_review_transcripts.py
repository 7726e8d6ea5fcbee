"""The seven fact patterns the legal review found harmful, as citizens would type them.

Each transcript answers in plain words (no buttons), reaches the outcome the policy table
holds for the pattern, and checks that the one-sentence verdict says what to do and by when,
with the right law — and that the harmful advice of version 1 is gone.
"""

from __future__ import annotations

from dialogs.types import Reply
from tests.eligibility_flow.interview_driver import outcome_reply
from tests.engine.transcript import Step, Transcript


def interview(*steps: Step) -> tuple[Transcript, Reply]:
    t = Transcript()
    t.run(Step(say="/start", ask="menu"), Step(tap="go:eligibility", ask="matter"), *steps)
    return t, outcome_reply(t)


def first_line(reply: Reply) -> str:
    return reply.text.split("\n")[0]


def test_won_maintenance_judgment_unpaid_goes_to_enforcement_not_retrial() -> None:
    """1. An elderly mother's son ignores the maintenance judgment she won."""
    _, reply = interview(
        Step(say="儿子不给赡养费", ask="applicant_group"),
        Step(say="老年人", ask="proceedings"),
        Step(say="法院已经判了", ask="judgment"),
        Step(say="判了他每月给我钱，他就是不给", ask="summary"),
        Step(say="没问题", outcome="apply_enforcement"),
    )
    verdict = first_line(reply)
    assert "申请强制执行" in verdict and "2 年内" in verdict and "另行起诉要求增加" in verdict
    assert "申请再审" not in reply.text and "6 个月" not in reply.text  # v1 said: retrial
    assert "《民事诉讼法》第250条" in reply.text and "《民事诉讼法》第246条" in reply.text
    assert "《民法典》第1085条第2款" in reply.text
    assert "call:12368" in [b.payload for b in reply.buttons]


def test_a_disputed_award_is_urgent_with_fifteen_days_not_in_proceedings() -> None:
    """2. A worker holds an arbitration award he disagrees with, received 13 days ago."""
    _, reply = interview(
        Step(say="讨薪", ask="applicant_group"),
        Step(say="农民工", ask="relationship"),
        Step(say="给公司干活", ask="arbitration"),
        Step(say="仲裁裁决下来了，我不服", ask="proceedings"),
        Step(say="还没有", ask="has_lawyer"),
        Step(say="没有", ask="willing_to_sue"),
        Step(say="愿意", ask="days_since_award"),
        Step(say="13天", ask="many_claimants"),
        Step(say="就我一个", ask="summary", expect=("13 天",)),
        Step(say="对", outcome="support_apply"),
    )
    assert reply.outcome != "already_in_proceedings"
    assert set(reply.extra["flags"]) == {"urgent", "limitation_risk"}
    verdict = first_line(reply)
    assert "收到裁决书之日起 15 日内向法院起诉" in verdict and "12348" in verdict
    assert "《劳动争议调解仲裁法》第50条" in reply.text
    assert "情况紧急" in reply.text and "时效风险" in reply.text


def test_limitation_runs_from_leaving_the_job_not_from_a_late_payday() -> None:
    """3. Paid late 20 months ago, left the job 3 months ago: no limitation warning."""
    t, reply = interview(
        Step(say="工资", ask="applicant_group"),
        Step(say="农民工", ask="relationship"),
        Step(say="在工厂上班", ask="arbitration"),
        Step(say="没申请", ask="proceedings"),
        Step(say="没有", ask="has_lawyer"),
        Step(say="没请", ask="willing_to_sue"),
        Step(say="愿意", ask="has_iou"),
        Step(say="没有", ask="still_employed"),
        Step(say="已经不干了", ask="months_since_left"),
        Step(say="三个月", ask="many_claimants"),
        Step(say="不到十个", ask="summary"),
        Step(say="没问题", outcome="arbitration_first"),
    )
    assert reply.extra["flags"] == []
    assert "时效风险" not in reply.text
    assert "离开之日起一年内" in first_line(reply)
    assert "months_since_due" not in t.state["data"]["facts"]  # the pay day is never asked


def test_a_work_injury_goes_to_injury_recognition_not_village_mediation() -> None:
    """4. Hurt on a building site 20 months ago."""
    _, reply = interview(
        Step(say="在工地上摔伤了", ask="applicant_group"),
        Step(say="农民工", ask="at_work"),
        Step(say="是，在工地干活的时候", ask="injury_recognised"),
        Step(say="还没有", ask="proceedings"),
        Step(say="没有", ask="has_lawyer"),
        Step(say="没有", ask="months_since_injury"),
        Step(say="一年零八个月", ask="summary", expect=("20 个月",)),
        Step(say="好", outcome="injury_recognition_first"),
    )
    assert reply.extra["flags"] == ["limitation_risk"]
    verdict = first_line(reply)
    assert "工伤认定" in verdict and "30 日内" in verdict and "1 年内" in verdict
    assert "《工伤保险条例》第17条" in reply.text
    assert "最高人民法院关于审理工伤保险行政案件若干问题的规定》第7条" in reply.text
    assert "不算在这 1 年里" in reply.text  # time lost through the employer is not counted
    assert "村委会" not in reply.text  # version 1 sent him to village mediation
    assert "call:12333" in [b.payload for b in reply.buttons]


def test_a_legal_aid_lawyer_is_not_already_having_a_lawyer() -> None:
    """5. A parent with a legal-aid lawyer for a training-fee refund."""
    _, reply = interview(
        Step(say="培训班不退费", ask="applicant_group"),
        Step(say="孩子的事，我是监护人", ask="proceedings"),
        Step(say="还没有", ask="has_lawyer"),
        Step(say="有法律援助律师", ask="willing_to_sue"),
        Step(say="愿意", ask="other_remedies_tried"),
        Step(say="找过，没解决", ask="urgent"),
        Step(say="不急", ask="months_since_due"),
        Step(say="五个月", ask="many_claimants"),
        Step(say="不到十个", ask="summary", expect=("有法律援助律师",)),
        Step(say="确认", outcome="support_apply"),
    )
    assert "法律援助律师" in first_line(reply) and "可能符合" in first_line(reply)
    assert "apply" in [b.payload for b in reply.buttons]


def test_a_capable_adults_refund_is_self_filing_not_legal_aid() -> None:
    """6. An adult who can sue without difficulty wants a training-fee refund."""
    _, reply = interview(
        Step(say="培训机构退费", ask="applicant_group"),
        Step(say="都不是", ask="proceedings"),
        Step(say="没有", ask="has_lawyer"),
        Step(say="没请", ask="willing_to_sue"),
        Step(say="愿意", ask="capacity_weak"),
        Step(say="没有困难", ask="months_since_due"),
        Step(say="两个月", ask="summary"),
        Step(say="没问题", outcome="information_only"),
    )
    verdict = first_line(reply)
    assert "自己到法院起诉" in verdict and "口头起诉" in verdict and "12315" in verdict
    assert "《民事诉讼法》第165条" in reply.text and "《民事诉讼法》第56条" in reply.text
    assert "12348" not in reply.text  # not sent to legal aid


def test_a_private_boss_without_a_contract_is_unsure_and_says_why() -> None:
    """7. Worked for a foreman without a contract: not labour service by default."""
    t, reply = interview(
        Step(say="老板欠我工钱", ask="applicant_group"),
        Step(say="打工的", ask="relationship"),
        Step(say="说不清", ask="relationship_payer"),
        Step(say="包工头", ask="relationship_pension"),
        Step(say="没领", ask="arbitration", expect=("个体户也是用人单位",)),
        Step(say="没有", ask="proceedings"),
        Step(say="没有", ask="has_lawyer"),
        Step(say="没有", ask="willing_to_sue"),
        Step(say="愿意", ask="has_iou"),
        Step(say="没有", ask="still_employed"),
        Step(say="还在干", ask="many_claimants"),
        Step(say="十几个人", ask="summary"),
        Step(say="没问题", outcome="arbitration_first"),
    )
    assert t.state["data"]["facts"]["relationship"] == "unsure"
    assert "劳动仲裁" in first_line(reply)
    assert reply.extra["flags"] == ["group_dispute"]
