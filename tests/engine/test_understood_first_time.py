"""Issue 15's findings as transcripts: the citizen is understood the first time.

Each test is one finding of the three-citizen walk (a migrant worker, a parent, an elderly
mother): what the bot did then, and what it must do now.
"""

from __future__ import annotations

import pytest

from dialogs.catalog import VERBATIM_KEYS, load_catalog
from dialogs.conversation import new_state
from dialogs.types import Inbound, Reply
from knowledge.text import to_traditional
from tests.eligibility_flow.interview_driver import answer_all
from tests.eligibility_flow.test_eligibility_interview import WORKER as INTERVIEW_WORKER
from tests.engine.transcript import Step, Transcript

MENU = ("go:eligibility", "go:complaint", "go:faq", "go:status", "/person")


def started() -> Transcript:
    t = Transcript()
    t.run(Step(say="/start", ask="menu"))
    return t


# -- intent first, then search -----------------------------------------------------------------


def test_unpaid_wages_get_the_answer_and_the_pre_screen_not_three_guesses() -> None:
    t = started()
    t.run(
        Step(
            say="老板欠我三个月工资不给，我该怎么办",
            expect=("劳动监察", "检察院可以支持符合条件的劳动者向法院起诉讨薪"),
        )
    )
    answer = t.replies[-1]
    assert answer.buttons[0].payload == "go:eligibility"  # the way into the service comes first
    assert answer.text.rstrip().endswith("回答几个问题就知道。")  # the answer ends with the offer
    assert "您想问的是不是" not in answer.text


def test_the_pre_screen_does_not_ask_again_what_the_citizen_already_said() -> None:
    t = started()
    t.run(
        Step(
            say="包工头跑了，欠我们十几个人半年工钱",
            buttons=("go:eligibility",),
            effects=("record_faq_miss",),
        )
    )
    t.run(Step(tap="go:eligibility", expect=("我先记下", "讨要工资"), ask="applicant_group"))
    assert t.state["data"]["facts"] == {"matter": "wages"}
    assert "heard_matter" not in t.state  # said once, used once


@pytest.mark.parametrize(
    ("said", "group", "effects"),
    [
        ("我今年七十五岁了，儿子不给赡养费", "elderly", ()),  # answered from the FAQ
        ("我女儿6岁，她爸爸一直不给抚养费", "minor_or_guardian", ("record_faq_miss",)),
    ],
)
def test_an_age_the_citizen_stated_settles_who_the_applicant_is(
    said: str, group: str, effects: tuple[str, ...]
) -> None:
    t = started()
    t.run(Step(say=said, buttons=("go:eligibility",), effects=effects))
    t.run(Step(tap="go:eligibility", expect=("我先记下", "赡养费、抚养费"), ask="proceedings"))
    assert t.state["data"]["facts"] == {"matter": "maintenance", "applicant_group": group}
    assert "heard_ages" not in t.state


def test_for_wages_an_age_does_not_settle_the_group() -> None:
    """A 65-year-old on a building site is still a migrant worker: asked, not assumed."""
    t = started()
    t.run(Step(say="我65岁，在工地干活，包工头不给工资", effects=()))
    t.run(Step(tap="go:eligibility", expect=("我先记下", "讨要工资"), ask="applicant_group"))
    assert t.state["data"]["facts"] == {"matter": "wages"}


def test_a_situation_the_faq_is_unsure_of_is_offered_the_service_first() -> None:
    t = started()
    t.run(
        Step(
            say="孩子报的英语班突然关门了，一万多的学费不退",
            expect=("检察院可能可以帮忙", "支持符合条件的家长起诉"),
            buttons=("go:eligibility", "/person", "/menu"),
            effects=("record_faq_miss",),
        )
    )
    assert t.replies[-1].buttons[0].payload == "go:eligibility"


def test_i_want_to_complain_opens_the_complaint_flow_not_faq_suggestions() -> None:
    t = started()
    t.run(Step(say="培训机构收了钱不上课也不退费，我要投诉", ask="consent"))
    assert t.state["flow"] == "complaint"
    assert t.faq.asked == []  # not searched


@pytest.mark.parametrize(
    ("said", "flow", "effects"),
    [
        ("我想申请支持起诉", "eligibility", ()),
        ("帮我查一下我的投诉到哪一步了", "status", ("lookup_my_matters",)),
        ("I want to make a complaint", "complaint", ()),
        ("我要投訴這個培訓班", "complaint", ()),
    ],
)
def test_requests_open_their_flow(said: str, flow: str, effects: tuple[str, ...]) -> None:
    t = started()
    t.run(Step(say=said, effects=effects))
    assert t.state["flow"] == flow


def test_talk_to_a_person_and_delete_my_data_in_plain_words() -> None:
    t = started()
    t.run(Step(say="机器人听不懂，我想跟真人说话", effects=("request_person",), mode="waiting"))
    t = started()
    t.run(
        Step(
            say="把我的聊天记录和电话都删掉",
            ask="delete_confirm",
            buttons=("/delete confirm",),
            effects=(),
        )
    )


def test_inside_a_flow_a_request_is_offered_not_forced_and_free_text_is_never_taken() -> None:
    t = started()
    t.run(
        Step(tap="go:eligibility", ask="matter"),
        # At a choice question, an explicit request for something else is offered.
        Step(
            say="算了我要投诉",
            expect=("您是想投诉", "刚才的回答会保留"),
            buttons=("go:complaint", "wages"),
        ),
        Step(tap="wages", ask="applicant_group"),
    )
    c = started()
    c.run(Step(tap="go:complaint"), Step(tap="yes"), Step(tap="other", ask="facts"))
    # In the facts of a complaint, the same words are the citizen's story.
    c.run(Step(say="我要查进度，可是他们一直不理我", expect=("收到。还有要补充的",), ask="facts"))
    assert c.state["data"]["facts"] == ["我要查进度，可是他们一直不理我"]


def test_emoji_alone_is_not_a_legal_question() -> None:
    t = started()
    t.run(Step(say="😭😭🙏", expect=("请用文字说说",), buttons=("/menu", "/person"), effects=()))
    assert t.faq.asked == []


# -- answer what was asked ---------------------------------------------------------------------


def test_a_typed_name_after_leave_your_name_and_phone_is_taken() -> None:
    t = started()
    t.run(
        Step(tap="go:complaint"),
        Step(tap="yes"),
        Step(tap="other"),
        Step(say="我在县城的饭店干了半年"),
        Step(tap="done"),
        Step(say="帮我要回工钱"),
        Step(tap="no", ask="anonymous", expect=("请留下姓名和电话",)),
        Step(say="李秀兰", ask="phone"),  # not "没看懂"
        Step(say="13900139000", ask="confirm", expect=("李秀兰", "13900139000")),
    )


def test_prompts_that_invite_numbers_show_them_and_a_number_picks_that_option() -> None:
    t = Transcript()
    t.run(Step(say="/start", ask="menu"))
    menu = t.replies[-1]
    assert "回复数字" in menu.text
    assert [(b.number, b.payload) for b in menu.buttons[:4]] == [
        (1, "go:eligibility"),
        (2, "go:complaint"),
        (3, "go:faq"),
        (4, "go:status"),
    ]
    t.run(Step(say="1", ask="matter"))
    question = t.replies[-1]
    numbered = [b for b in question.buttons if b.number is not None]
    assert numbered and [b.number for b in numbered] == list(range(1, len(numbered) + 1))
    t.run(Step(say="第一个", ask="applicant_group"))  # 1 = 讨要工资
    assert t.state["data"]["facts"]["matter"] == "wages"


def test_the_citizens_words_are_kept_exactly_as_typed() -> None:
    t = started()
    t.run(Step(tap="go:complaint"), Step(tap="yes"), Step(tap="other"))
    t.run(Step(say="老板说：“年底一起结”，到现在（３个月）一分没给！"))
    assert t.state["data"]["facts"] == ["老板说：“年底一起结”，到现在（３个月）一分没给！"]


# -- a transcript that is the conversation --------------------------------------------------------


def test_an_old_confirm_gets_this_step_has_passed_with_the_current_buttons() -> None:
    t = started()
    t.run(Step(tap="go:complaint"), Step(tap="yes"), Step(tap="other"))
    t.run(Step(say="事情经过"), Step(tap="done"), Step(say="诉求"), Step(tap="no"))
    t.run(Step(tap="anonymous", ask="confirm"))
    t.send(Inbound(button="confirm"))
    t.run(
        Step(event=("complaint.opened", {"tracking_no": "C26112304719", "anonymous": True})),
        Step(tap="confirm", expect=("这一步已经过去了",), buttons=("go:status", "/menu")),
        Step(tap="yes", expect=("这一步已经过去了",), buttons=("go:status", "/menu")),
    )
    assert all("没看懂" not in r.text for r in t.replies)


def test_an_old_delete_confirmation_deletes_nothing() -> None:
    t = started()
    t.run(
        Step(say="/privacy"),
        Step(tap="/delete", ask="delete_confirm"),
        Step(tap="/menu", ask="menu"),
        Step(tap="/delete confirm", expect=("这一步已经过去了",), effects=()),
    )


# -- verdict first ---------------------------------------------------------------------------------


def _outcome(t: Transcript) -> Reply:
    return next(r for r in t.replies if r.outcome is not None)


# A migrant worker the arbitration commission turned away: the support outcome.
WORKER = {**INTERVIEW_WORKER, "arbitration": "refused_or_late", "urgent": "yes"}


def _worker_to_summary(t: Transcript) -> None:
    t.run(Step(tap="go:eligibility"))
    answer_all(t, WORKER)


def test_the_result_starts_with_the_verdict_and_the_next_action() -> None:
    t = started()
    _worker_to_summary(t)
    summary = t.replies[-1]
    primary = [b.payload for b in summary.buttons if not b.secondary]
    assert primary == ["done"]  # check-your-answers: one primary action
    assert all(b.payload.startswith("edit:") for b in summary.buttons if b.secondary)
    t.run(Step(tap="done", outcome="support_apply"))
    result = _outcome(t)
    first, second = result.text.split("\n")[:2]
    assert first.startswith("您可能符合检察院支持起诉的条件")
    assert second.startswith("下一步：")
    card = result.extra["card"]
    assert [s["id"] for s in card["sections"]][-1] == "evidence"
    assert card["sections"][-1]["folded"] is True
    assert result.text.index("为什么这样判断") < result.text.index("请准备这些材料")
    assert result.buttons[0].payload == "apply"


def test_only_the_laws_that_apply_to_this_citizen_are_cited() -> None:
    t = started()
    _worker_to_summary(t)
    t.run(Step(tap="done"))
    result = _outcome(t)
    laws = {c["law"] for c in result.extra["citations"]}
    assert "民事诉讼法" in laws
    assert not {"未成年人保护法", "妇女权益保障法", "残疾人保障法"} & laws
    assert "未成年人保护法" not in result.text


# -- no dead ends, one voice ---------------------------------------------------------------------


def test_after_not_helpful_there_is_a_way_on() -> None:
    t = started()
    t.run(Step(say="工资被拖欠"))
    t.run(
        Step(
            tap="fb:wage-001:down",
            effects=("record_feedback",),
            buttons=("go:faq", "/person", "/menu"),
        )
    )


def test_after_the_survey_comment_there_is_a_way_on() -> None:
    t = started()
    t.run(
        Step(tap="csat:7:basically", effects=("record_satisfaction",)),
        Step(say="等得有点久", effects=("record_satisfaction",), buttons=("/menu", "/person")),
    )


def test_after_deleting_the_menu_is_shown() -> None:
    t = started()
    t.run(
        Step(event=("privacy.deleted", {"kept": []}), expect=("已删除",), ask="menu", buttons=MENU)
    )


def test_no_please_wait_after_staff_will_reply_on_monday() -> None:
    t = started()
    t.run(
        Step(say="转人工", effects=("request_person",)),
        Step(
            event=("handoff.requested", {"in_hours": False, "opens": "2026-11-30T09:00:00+08:00"}),
            expect=("11月30日（周一）09:00",),
        ),
        Step(say="我的工资的事", expect=("11月30日（周一）09:00上班后会看到",)),
        Step(say="转人工", expect=("11月30日（周一）09:00上班后会回复您",)),
    )
    assert all("请稍候" not in r.text for r in t.replies)


def test_switching_to_traditional_says_traditional() -> None:
    t = started()
    t.run(Step(say="繁體", expect=("好的，以後用繁體中文和您交流",), ask="menu"))
    t = started()
    t.run(Step(tap="/lang zh-Hant", expect=("以後用繁體中文",)))
    t.run(Step(tap="/lang zh-Hans", expect=("以后用简体中文",)))


def test_every_catalog_text_in_zh_hant_reads_traditional() -> None:
    catalog = load_catalog()
    for key, text in catalog.messages["zh-Hant"].items():
        if key in VERBATIM_KEYS or ".words." in key:
            continue  # word lists are matched, never shown (and OpenCC turns 鄰里 into 鄰裏)
        assert to_traditional(text) == text, key
    assert catalog.text("zh-Hant", "common.lang_zh_hans") == "简体中文"  # a name, as written


def test_a_traditional_conversation_stays_traditional() -> None:
    t = Transcript(state=new_state("zh-Hant"))
    script = [
        Inbound(text="/start"),
        Inbound(text="老闆欠我薪水不給怎麼辦"),
        Inbound(button="go:complaint"),
        Inbound(button="no"),
        Inbound(button="anonymous"),
        Inbound(button="other"),
    ]
    for inbound in script:
        t.send(inbound)
        for reply in t.replies:
            assert to_traditional(reply.text) == reply.text, reply.text
            for button in reply.buttons:
                assert to_traditional(button.label) == button.label, button.label


def test_every_reply_offers_a_way_on() -> None:
    """Walk the three citizens' first steps: every turn ends with something to tap."""
    scripts: list[list[Inbound]] = [
        [Inbound(text="/start"), Inbound(text="老板欠我三个月工资不给，我该怎么办")],
        [
            Inbound(text="孩子报的英语班突然关门了，一万多的学费不退"),
            Inbound(button="go:eligibility"),
        ],
        [Inbound(text="儿子不给赡养费"), Inbound(button="fb:elder-001:up")],
        [Inbound(text="外星人来了咋办"), Inbound(text="😀"), Inbound(text="我要投诉")],
        [Inbound(button="go:faq"), Inbound(text="法律援助"), Inbound(button="faq:aid-001")],
    ]
    for script in scripts:
        t = Transcript()
        for inbound in script:
            turn = t.send(inbound)
            assert turn.replies, inbound
            assert turn.replies[-1].buttons, (inbound, turn.replies[-1].text)
