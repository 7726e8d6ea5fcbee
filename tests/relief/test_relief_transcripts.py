"""Transcripts of the judicial-relief screening on the pure engine: apply, not eligible,
another body, and the ways out (转人工, 菜单, 取消) at a question.

Each question carries ``ask: <fact>`` and buttons whose payloads are the fact's values; the
filing's answer (``relief.filed``) is fed back as the event the effect would return.
"""

from __future__ import annotations

from dialogs.relief import RELIEF
from dialogs.types import Inbound
from tests.engine.transcript import Step, Transcript

FILED = {
    "tracking_no": "J26112312345",
    "urgent": True,
    "procedural_due": "2026-11-30",
    "result_due": "2027-02-23",
    "provisional": False,
    "ack_days": 7,
    "ack_mode": "calendar",
    "answer_months": 3,
}


def started() -> Transcript:
    t = Transcript()
    t.run(Step(say="你好"))
    return t


def values(fact: str) -> tuple[str, ...]:
    return RELIEF.fact_values[fact]


def test_a_victim_asks_in_words_answers_with_buttons_and_words_and_applies() -> None:
    t = started()
    t.run(
        Step(say="我是受害人，生活困难，能申请司法救助吗", ask="harm", buttons=values("harm")),
        Step(tap="life_threatening", ask="compensated", buttons=values("compensated")),
        Step(say="一分钱没赔", ask="hardship", buttons=("yes", "no", "unsure")),
        Step(say="是", ask="at_fault", buttons=("yes", "no", "unsure")),
        Step(say="不清楚", expect=("先动手",), ask="at_fault"),
        Step(say="没有", ask="stage", buttons=values("stage")),
        Step(
            say="检察院",
            outcome="relief_apply",
            expect=(
                "您可能符合申请国家司法救助的条件",
                "第7条第2项",  # the category that fits the harm, with its article
                "先救助、后补手续",  # urgent treatment
                "医院出具的病危或急需治疗的证明",  # the materials for this harm
                "由办理案件的机关审查决定",
            ),
            buttons=("apply", "/person", "call:12309", "/menu", "review"),
        ),
        Step(tap="apply", ask="consent", buttons=("yes", "no")),
        Step(tap="yes", ask="name"),
        Step(say="我叫李秀兰", ask="phone"),
        Step(say="138 0013 8000", ask="confirm", expect=("李秀兰", "13800138000", "有生命危险")),
        Step(tap="yes", effects=("file_relief",)),
        Step(
            event=("relief.filed", FILED),
            expect=("J26112312345", "2026年11月30日", "标为紧急"),
            buttons=("/menu",),
        ),
    )
    assert t.replies[-1].tracking_no == "J26112312345"
    assert t.state["flow"] == "menu"  # "查询进度" typed next is a request, not an answer


def test_the_filing_effect_carries_what_the_citizen_was_told() -> None:
    t = started()
    t.run(
        Step(tap="go:relief", ask="harm"),
        Step(tap="tort_injury"),
        Step(tap="partial"),
        Step(tap="yes"),
        Step(tap="no"),
        Step(tap="procuratorate", outcome="relief_apply"),
        Step(tap="apply", ask="consent"),
        Step(tap="yes", ask="name"),
        Step(say="王大力 13900139000", ask="confirm"),
    )
    turn = t.send(Inbound(button="yes"))
    (effect,) = turn.effects
    assert effect.name == "file_relief"
    assert effect.data["facts"] == {
        "harm": "tort_injury",
        "compensated": "partial",
        "hardship": "yes",
        "at_fault": "no",
        "stage": "procuratorate",
    }
    assert effect.data["outcome"] == "relief_apply" and effect.data["flags"] == []
    assert effect.data["applicant"] == {"name": "王大力", "phone": "13900139000"}
    assert "accident_proof" in effect.data["materials"]
    assert any(s["id"] == "relief_tort" and s["status"] == "matched" for s in effect.data["trace"])


def test_fully_compensated_is_told_no_at_once_with_the_reason_and_other_ways() -> None:
    t = started()
    t.run(
        Step(tap="go:relief", ask="harm"),
        Step(tap="serious_injury", ask="compensated"),
        Step(
            say="已经足额赔偿了",
            outcome="relief_not_eligible",
            expect=("一般不予司法救助", "第8条", "低保、临时救助"),
            buttons=("/person", "call:12345", "/menu", "review"),
        ),
    )
    offered = {b.payload for r in t.replies for b in r.buttons}
    assert "apply" not in offered  # no application where the rules say no


def test_serious_fault_is_not_eligible_and_an_answer_can_be_changed() -> None:
    t = started()
    t.run(
        Step(tap="go:relief"),
        Step(tap="serious_injury"),
        Step(tap="none"),
        Step(tap="yes"),
        Step(tap="yes", outcome="relief_not_eligible", expect=("重大过错",)),
        Step(tap="review", ask="summary", buttons=("done", "edit:at_fault")),
        Step(tap="edit:at_fault", ask="at_fault"),
        Step(tap="no", ask="stage"),  # only what the rules still need
    )


def test_a_case_with_the_police_is_sent_to_the_police() -> None:
    t = started()
    t.run(
        Step(tap="go:relief"),
        Step(say="3", ask="compensated"),  # the third button: 家里靠他生活的人被害死或致残
        Step(say="赔了一点，远远不够", ask="hardship"),
        Step(say="对", ask="at_fault"),
        Step(say="没有", ask="stage"),
        Step(
            say="派出所",
            outcome="relief_other_route",
            expect=("请向办理案件的公安机关", "死亡证明", "亲属关系证明", "意见（试行）》三"),
            buttons=("/person", "/menu"),
        ),
    )
    offered = {b.payload for r in t.replies for b in r.buttons}
    assert "apply" not in offered


def test_a_court_case_goes_to_the_court_with_its_hotline() -> None:
    t = started()
    t.run(
        Step(tap="go:relief"),
        Step(tap="major_property_loss"),
        Step(tap="none"),
        Step(tap="yes"),
        Step(tap="no"),
        Step(
            tap="court",
            outcome="relief_other_route",
            expect=("请向办理案件的法院申请司法救助", "财产损失的证明"),
            buttons=("call:12368",),
        ),
    )


def test_person_menu_and_cancel_work_at_a_question() -> None:
    t = started()
    t.run(Step(tap="go:relief"), Step(tap="retaliation", ask="compensated"))
    t.run(Step(say="取消", expect=("已取消",), ask="menu"))
    assert t.state["flow"] == "menu"
    t.run(Step(tap="go:relief"), Step(say="菜单", ask="menu"))
    t.run(Step(tap="go:relief"), Step(tap="other", ask="compensated"))
    t.run(Step(say="转人工", effects=("request_person",)))


def test_english_and_traditional_chinese() -> None:
    t = started()
    t.run(Step(say="/lang en"))
    t.run(
        Step(tap="go:relief", expect=("State judicial relief",), ask="harm"),
        Step(tap="serious_injury"),
        Step(tap="none"),
        Step(tap="yes"),
        Step(tap="no"),
        Step(tap="procuratorate", outcome="relief_apply", expect=("You may qualify",)),
    )
    hant = started()
    hant.run(Step(say="/lang zh-Hant"))
    hant.run(Step(tap="go:relief", expect=("國家司法救助",), ask="harm"))


def test_a_harm_said_plainly_is_not_asked_again_but_an_unclear_one_is() -> None:
    t = started()
    t.run(
        Step(
            say="我被人打成重伤，凶手赔不起，家里揭不开锅了",
            expect=("我先记下：被犯罪伤害，受了重伤或残疾",),
            ask="compensated",
        )
    )
    both = started()  # a road accident *and* a death: the citizen chooses
    both.run(Step(say="车祸撞死了我丈夫，肇事的人没钱赔，想申请救助", ask="harm"))
    assert "我先记下" not in "\n".join(r.text for r in both.replies)


def test_the_result_buttons_typed_out_do_what_they_say_other_words_are_questions() -> None:
    t = started()
    t.run(
        Step(tap="go:relief", ask="harm"),
        Step(tap="tort_injury"),
        Step(tap="none"),
        Step(tap="yes"),
        Step(tap="no"),
        Step(tap="procuratorate", outcome="relief_apply"),
        Step(say="修改回答", ask="summary"),  # the secondary button, typed
        Step(tap="done", outcome="relief_apply"),
        Step(say="申请", ask="consent"),  # "申请司法救助" typed short: the application starts
    )


def test_apply_typed_after_a_result_that_offers_no_application_is_not_taken() -> None:
    t = started()
    t.run(
        Step(tap="go:relief"),
        Step(tap="tort_injury"),
        Step(tap="full", outcome="relief_not_eligible"),
    )
    t.send(Inbound(text="申请"))
    assert t.state["data"].get("app") is None and t.state.get("step") != "consent"
    assert not any(r.ask == "consent" for r in t.replies)
