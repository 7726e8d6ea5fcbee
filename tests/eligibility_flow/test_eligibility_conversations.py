"""Whole pre-screen conversations as transcripts: typed answers, changes, 转人工, bad input."""

from __future__ import annotations

from dialogs.types import Attachment, Inbound
from tests.eligibility_flow.interview_driver import answer_all, outcome_reply
from tests.eligibility_flow.test_eligibility_interview import CASES
from tests.engine.transcript import Step, Transcript

VALID_ID = "11010519491231002X"  # the GB 11643 standard's own example


def open_interview() -> Transcript:
    t = Transcript()
    t.run(
        Step(say="/start", ask="menu"),
        Step(tap="go:eligibility", expect=("支持起诉预审",), ask="matter", buttons=("wages",)),
    )
    return t


def test_typed_answers_numbers_words_and_durations() -> None:
    t = open_interview()
    t.run(
        Step(say="1", ask="applicant_group"),  # the option's number
        Step(say="我是农民工", ask="relationship"),
        Step(say="给公司干活", ask="arbitration"),  # for wages: an award before courts
        Step(say="不受理", ask="proceedings"),
        Step(say="没有", ask="has_lawyer"),
        Step(say="没有", ask="willing_to_sue"),  # 没有 → no
        Step(say="是", ask="urgent"),  # 是 → yes
        Step(say="不急", ask="still_employed"),
        Step(say="已经不干了", ask="months_since_left"),
        Step(say="两个多月", ask="many_claimants"),
        Step(say="三十多个人", ask="summary", expect=("2 个月", "十人以上", "给公司、单位干活")),
        Step(say="没问题", outcome="support_apply", expect=("可能符合",)),
    )
    assert outcome_reply(t).extra["flags"] == ["group_dispute"]


def test_a_private_boss_is_not_taken_for_labour_service() -> None:
    """Issue 16 pattern 7: a sole trader or foreman without a contract → unsure, and why."""
    t = open_interview()
    t.run(
        Step(tap="wages"),
        Step(tap="migrant_worker", ask="relationship"),
        Step(say="说不清", ask="relationship_payer", expect=("发工资",)),
        Step(say="包工头", ask="relationship_pension", expect=("养老金",)),
        Step(
            say="没领",
            ask="arbitration",
            expect=("个体户也是用人单位", "劳动合同法", "先申请劳动仲裁"),
        ),
    )
    assert t.state["data"]["facts"]["relationship"] == "unsure"


def test_domestic_help_is_labour_service() -> None:
    t = open_interview()
    for tap in ("wages", "woman_hardship", "unsure", "household", "no"):
        t.send(Inbound(button=tap))
    assert t.state["data"]["facts"]["relationship"] == "labour_service"
    assert t.replies[-1].ask == "proceedings"  # labour service: no arbitration step


def test_a_pensioner_is_labour_service_even_for_a_company() -> None:
    t = open_interview()
    for tap in ("wages", "elderly", "unsure", "company", "yes"):
        t.send(Inbound(button=tap))
    assert t.state["data"]["facts"]["relationship"] == "labour_service"


def test_answers_that_fit_no_option_are_asked_again_with_the_options() -> None:
    t = open_interview()
    t.run(
        Step(say="今天天气不错", expect=("没看懂",), ask="matter", buttons=("wages", "criminal")),
        Step(say="9", expect=("没看懂",), ask="matter"),  # no ninth option: no guess
        # A payload this question did not offer: the step has passed, its options come back.
        Step(tap="no-such-value", expect=("这一步已经过去了",), buttons=("wages", "criminal")),
        Step(say="不清楚", expect=("说说大概",), ask="matter"),  # explained, then asked again
        Step(tap="wages", ask="applicant_group"),
    )
    t.run(
        Step(tap="migrant_worker"),
        Step(tap="employment"),
        Step(tap="none", ask="proceedings"),
        Step(tap="none"),
        Step(tap="no"),
        Step(tap="yes", ask="has_iou"),
        Step(tap="no", ask="still_employed"),
        Step(tap="no", ask="months_since_left"),
        Step(say="很久了", expect=("没看懂",), ask="months_since_left"),
        Step(tap="unsure", expect=("说个大概",), ask="months_since_left"),
        Step(say="明年三月", expect=("没看懂",), ask="months_since_left"),
        Step(say="去年三月", ask="many_claimants"),
    )
    assert t.state["data"]["facts"]["months_since_left"] == 20


def test_changing_an_answer_on_the_summary_changes_the_outcome() -> None:
    t = Transcript()
    t.send(Inbound(button="go:eligibility"))
    answer_all(t, {**CASES["arbitration_first"]})
    t.run(
        Step(tap="edit:arbitration", ask="arbitration"),
        Step(tap="award_unpaid", ask="summary", expect=("裁决了（或调解了），对方不给钱",)),
        Step(tap="done", outcome="apply_enforcement", expect=("强制执行",)),
    )


def test_changing_the_matter_asks_only_what_the_rules_now_need() -> None:
    t = Transcript()
    t.send(Inbound(button="go:eligibility"))
    answer_all(t, CASES["arbitration_first"])
    t.run(Step(tap="edit:matter", ask="matter"), Step(tap="criminal", ask="summary"))
    assert t.state["data"]["facts"] == {"matter": "criminal"}  # wage answers dropped
    t.run(Step(tap="done", outcome="not_civil", expect=("110",)))


def test_person_in_the_middle_and_coming_back() -> None:
    t = open_interview()
    t.run(
        Step(tap="wages", ask="applicant_group"),
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": True}), expect=("转接",)),
        # While waiting, the interview still answers.
        Step(tap="migrant_worker", ask="relationship"),
        Step(event=("handoff.joined", {"name": "王"}), mode="human"),
        Step(tap="labour_service", silent=True),  # a person is talking: the bot stays quiet
        Step(event=("handoff.released", {}), mode="bot", ask="menu"),
        # Back to the pre-screen: the answers were kept.
        Step(tap="go:eligibility", ask="resume", buttons=("yes", "no")),
        Step(say="继续", ask="relationship"),
        Step(tap="labour_service", ask="proceedings"),
        Step(tap="judged", ask="judgment", buttons=("won_unpaid", "lost_or_dissatisfied")),
        Step(tap="lost_or_dissatisfied", ask="summary", expect=("讨要工资", "农民工", "判输了")),
        Step(tap="done", outcome="retrial_first", expect=("再审",)),
    )


def test_resume_can_start_again() -> None:
    t = open_interview()
    t.run(
        Step(tap="wages"),
        Step(say="菜单", ask="menu"),
        Step(tap="go:eligibility", ask="resume"),
        Step(tap="no", ask="matter"),
    )
    assert t.state["data"]["facts"] == {}


def test_back_re_asks_the_previous_question() -> None:
    t = open_interview()
    t.run(
        Step(tap="wages", ask="applicant_group"),
        Step(tap="elderly", ask="relationship"),
        Step(say="返回", ask="applicant_group"),
        Step(tap="disabled", ask="relationship"),
    )
    assert t.state["data"]["facts"]["applicant_group"] == "disabled"


def apply_from_support(t: Transcript) -> None:
    answer_all(t, CASES["support_apply"])
    t.run(Step(tap="done", outcome="support_apply"))


def test_the_application_needs_consent_valid_phone_and_id_and_a_confirmation() -> None:
    t = open_interview()
    apply_from_support(t)
    t.run(
        Step(tap="apply", ask="consent", expect=("个人信息",)),
        Step(tap="yes", ask="name"),  # a migrant worker applies for himself: no on_behalf step
        Step(say="张三", ask="phone"),
        Step(say="12345", expect=("电话号码不对",), ask="phone"),
        Step(say="110", expect=("电话号码不对",), ask="phone"),
        Step(say="138 0013 8000", ask="id_number", buttons=("skip",)),
        Step(say="110105194912310021", expect=("身份证号不对",), ask="id_number"),
        Step(say="11010519491331002X", expect=("身份证号不对",), ask="id_number"),
        Step(say=VALID_ID.lower(), ask="address", buttons=("skip",)),
        Step(say="河南省周口市川汇区人民路8号", ask="respondent_kind"),
        Step(say="公司", ask="respondent"),
        Step(say="某某建筑劳务有限公司", ask="legal_rep", buttons=("skip",)),
        Step(say="王五", ask="more_respondents", expect=("包工头",)),
        Step(say="还有", ask="respondent_kind", expect=("下一个",)),
        Step(tap="person", ask="respondent"),
        Step(say="李包工", ask="more_respondents"),  # a person: no legal representative
        Step(say="没有了", ask="amount"),
        Step(say="好多钱", expect=("没看懂这个金额",), ask="amount"),
        Step(say="两万三", ask="amount_basis"),
        Step(say="干了5个月，每月5000，只给了2000", ask="place"),
        Step(tap="skip", ask="history"),
        Step(say="找过劳动监察，让我们去仲裁", ask="people"),
        Step(say="十几个", ask="co_claimants"),
        Step(say="李四、王小五 赵六", ask="files"),
    )
    t.send(Inbound(attachments=(Attachment("att-1", "photo", "iou.jpg"),)))
    assert "收到 1 个文件" in t.replies[-1].text
    t.run(
        Step(
            say="好了",
            ask="confirm",
            expect=(
                "张三",
                "13800138000",
                VALID_ID,
                "人民路8号",
                "1. 某某建筑劳务有限公司（公司、单位，法定代表人：王五）",
                "2. 李包工（个人）",
                "23000 元",
                "李四、王小五、赵六",
                "文件：1 个",
            ),
            buttons=("confirm", "fix:phone", "fix:respondents", "fix:co_claimants"),
        ),
        # Nothing is filed until the citizen confirms.
        Step(say="等一下", ask="confirm", expect=("要改哪一项",), effects=()),
        Step(tap="fix:phone", ask="phone"),
        Step(say="010-62345678", ask="confirm", expect=("010-62345678",), effects=()),
        Step(tap="fix:respondents", ask="respondent_kind"),
        Step(tap="company", ask="respondent"),
        Step(say="某某建设集团有限公司", ask="legal_rep"),
        Step(tap="skip", ask="more_respondents"),
        Step(tap="no", ask="confirm", expect=("某某建设集团有限公司",)),
        Step(tap="confirm", effects=("file_application",)),
    )
    assert "李包工" not in t.state["data"]["app"]["respondents"][0]["who"]


def test_a_guardian_applies_for_a_child_with_a_monthly_amount() -> None:
    t = open_interview()
    answer_all(
        t,
        {
            "matter": "maintenance",
            "applicant_group": "minor_or_guardian",
            "proceedings": "none",
            "has_lawyer": "no",
            "willing_to_sue": "yes",
            "other_remedies_tried": "yes",
            "urgent": "no",
        },
    )
    t.run(
        Step(tap="done", outcome="support_apply"),
        Step(tap="apply", ask="consent"),
        Step(tap="yes", ask="on_behalf", buttons=("self", "minor", "ward")),
        Step(say="为孩子", ask="party_name"),
        Step(say="李小花", ask="party_id_number"),
        Step(tap="skip", ask="relation", buttons=("mother", "father")),
        Step(say="妈妈", ask="name"),
        Step(say="王芳", ask="phone"),
        Step(say="13900139000", ask="id_number"),
        Step(tap="skip", ask="address"),
        Step(tap="skip", ask="respondent_kind"),
        Step(tap="person", ask="respondent"),
        Step(say="李强", ask="more_respondents"),
        Step(tap="no", ask="amount", expect=("每月",)),
        Step(say="一千五", ask="amount_basis"),
        Step(tap="skip", ask="history"),  # no place for maintenance
        Step(tap="skip", ask="people"),
        Step(tap="1", ask="files"),  # alone: no co-claimants
        Step(
            tap="none",
            ask="confirm",
            expect=("李小花（由您作为母亲代为申请）", "王芳", "每月 1500 元"),
            buttons=("fix:on_behalf",),
        ),
    )
    turn = t.send(Inbound(button="confirm"))
    (effect,) = turn.effects
    letter = effect.data["letter"]
    assert letter["party"] == {
        "kind": "minor",
        "name": "李小花",
        "id_number": "",
        "relation": "mother",
    }
    assert letter["amount_period"] == "month" and letter["respondents"][0]["who"] == "李强"
    assert effect.data["applicant"] == {"name": "王芳", "phone": "13900139000", "id_number": None}


def test_the_filing_effect_carries_everything_and_the_event_confirms() -> None:
    t = open_interview()
    apply_from_support(t)
    for step in (
        Inbound(button="apply"),
        Inbound(button="yes"),
        Inbound(text="李四"),
        Inbound(text="13900139000"),
        Inbound(button="skip"),
        Inbound(button="skip"),
        Inbound(button="person"),
        Inbound(text="王老板"),
        Inbound(button="no"),
        Inbound(button="unsure"),
        Inbound(button="skip"),
        Inbound(button="skip"),
        Inbound(button="skip"),
        Inbound(button="1"),
        Inbound(button="none"),
    ):
        t.send(step)
    assert t.replies[-1].ask == "confirm"
    turn = t.send(Inbound(text="确认"))
    (effect,) = turn.effects
    assert effect.name == "file_application"
    assert effect.data["outcome"] == "support_apply"
    assert set(effect.data["flags"]) == {"limitation_risk", "urgent", "group_dispute"}
    assert effect.data["applicant"] == {"name": "李四", "phone": "13900139000", "id_number": None}
    assert effect.data["answers"] == {"respondent": "王老板", "amount": None, "people": 1}
    assert effect.data["letter"]["address"] == "" and effect.data["letter"]["party"] is None
    assert effect.data["trace"] and effect.data["facts"]["matter"] == "wages"
    t.run(
        Step(
            event=(
                "eligibility.filed",
                {
                    "tracking_no": "A26112312345",
                    "letter_url": "/x.docx",
                    "procedural_due": "2026-11-30",
                    "result_due": "2027-02-23",
                    "ack_days": 7,
                    "ack_mode": "calendar",
                    "answer_months": 3,
                },
            ),
            expect=("A26112312345", "7日内，即2026年11月30日前", "3个月内，即2027年2月23日前"),
            buttons=("letter:A26112312345",),
        )
    )
    filed = [r for r in t.replies if r.tracking_no == "A26112312345"]
    assert filed and filed[-1].extra["letter_url"] == "/x.docx"
    assert "app" not in t.state["data"]  # no copy of the contact details left in the state
    t.run(Step(tap="go:eligibility", ask="matter"))  # filed: a new interview starts fresh


def test_declining_consent_files_nothing() -> None:
    t = open_interview()
    apply_from_support(t)
    t.run(
        Step(tap="apply", ask="consent"),
        Step(tap="no", expect=("不提供个人信息",), effects=()),
    )


def test_any_outcome_can_be_sent_to_staff() -> None:
    t = open_interview()
    answer_all(t, CASES["arbitration_first"])
    t.run(
        Step(tap="done", outcome="arbitration_first"),
        Step(tap="apply", ask="consent"),
        Step(tap="yes", ask="name"),
    )


def test_a_photo_sent_early_is_kept_and_the_question_asked_again() -> None:
    t = open_interview()
    t.send(Inbound(attachments=(Attachment("att-0", "photo", "x.jpg"),)))
    assert t.replies[-1].ask == "matter" and "先回答" in t.replies[0].text
    apply_from_support(t)
    t.run(Step(tap="apply"), Step(tap="yes", ask="name"))
    t.send(Inbound(attachments=(Attachment("att-1", "photo", "iou.jpg"),)))
    assert t.replies[-1].ask == "name" and "收到 1 个文件" in t.replies[0].text
    assert t.state["data"]["app"]["files"] == ["att-1"]


def test_the_result_buttons_typed_out_do_what_they_say_a_question_is_answered() -> None:
    t = open_interview()
    answer_all(t, CASES["arbitration_first"])
    t.run(
        Step(tap="done", outcome="arbitration_first"),
        Step(say="修改回答", ask="summary"),
        Step(tap="done", outcome="arbitration_first"),
        Step(say="我要申请法律援助怎么办"),  # a question for the FAQ, not "apply"
    )
    assert not any(r.ask == "consent" for r in t.replies)
    t.run(Step(say="申请", ask="consent"))


def test_a_parent_is_understood_and_a_second_miss_explains_the_question() -> None:
    t = open_interview()
    t.run(Step(tap="training_refund", ask="applicant_group"))
    t.run(Step(say="我是学生", ask="applicant_group", expect=("没看懂",)))
    t.send(Inbound(text="我是学生"))
    assert any("都不是" in r.text and "后面还会问" in r.text for r in t.replies)  # says more
    t.run(Step(say="家长", ask="proceedings"))  # a parent acts for the child
    assert t.state["data"]["facts"]["applicant_group"] == "minor_or_guardian"
