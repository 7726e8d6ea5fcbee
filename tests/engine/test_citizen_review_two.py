"""The second citizens' review of issue 15: each finding as a conversation against the engine.

A person asked for in other words at any step of any flow; answers that deny read as denials;
a foreman (包工头) who does not pay is a wages matter; a change of language keeps the step and
the answers; the 15 days to sue an arbitration award lead the verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from dialogs.types import Inbound
from tests.appointments.test_appointment_transcripts import DAYS, TIMES
from tests.eligibility_flow.interview_driver import UNSURE_HELPERS, outcome_reply, run_interview
from tests.eligibility_flow.test_eligibility_interview import WORKER as WORKER_FACTS
from tests.engine.transcript import Step, Transcript

Facts = Mapping[str, str | int]
TYPED = {"months_since_due", "months_since_left", "months_since_injury", "days_since_award"}
WORKER: dict[str, str | int] = {
    **WORKER_FACTS,
    "arbitration": "none",
    "other_remedies_tried": "no",
    "capacity_weak": "no",
    "months_since_due": 3,
}
AWARD = {**WORKER, "arbitration": "unsatisfied_award", "days_since_award": 3}


def reach(t: Transcript, facts: Facts, key: str) -> None:
    """Tap (or type, for numbers) the answers in ``facts`` until the interview asks ``key``."""
    for _ in range(40):
        ask = t.replies[-1].ask
        if ask == key:
            return
        assert ask is not None and (ask in facts or ask in UNSURE_HELPERS), ask
        if ask in UNSURE_HELPERS:
            t.send(Inbound(button=UNSURE_HELPERS[ask]))
        elif ask in TYPED:
            t.send(Inbound(text=str(facts[ask])))
        else:
            t.send(Inbound(button=str(facts[ask])))
    raise AssertionError(f"the interview never asked {key!r}")


def interview(facts: Facts = WORKER, key: str = "matter") -> Transcript:
    t = Transcript()
    t.run(Step(say="/start"), Step(tap="go:eligibility"))
    reach(t, facts, key)
    return t


# --- 转人工 at every step -------------------------------------------------------------------


def _eligibility_summary() -> Transcript:
    return interview(WORKER, "summary")


def _application(step: str) -> Callable[[], Transcript]:
    def build() -> Transcript:
        t = _eligibility_summary()
        t.run(Step(tap="done"), Step(tap="apply", ask="consent"))
        if step != "consent":
            t.run(Step(tap="yes", ask="name"))
        if step == "phone":
            t.run(Step(say="张三", ask="phone"))
        return t

    return build


def _complaint(step: str) -> Callable[[], Transcript]:
    def build() -> Transcript:
        t = Transcript()
        t.run(Step(say="/start"), Step(tap="go:complaint", ask="consent"))
        if step == "consent":
            return t
        t.run(Step(tap="yes", ask="route.topic"))
        if step == "topic":
            return t
        t.run(Step(tap="other", ask="facts"), Step(say="镇上的垃圾站臭了半年没人管", ask="facts"))
        if step == "facts":
            return t
        t.run(
            Step(tap="done", ask="request"),
            Step(say="请督促处理", ask="earlier_handled"),
            Step(tap="no", ask="anonymous"),
            Step(tap="named", ask="name"),
        )
        if step == "phone":
            t.run(Step(say="王小明", ask="phone"))
        return t

    return build


def _status() -> Transcript:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(tap="go:status", effects=("lookup_my_matters",)),
        Step(event=("status.list", {"matters": []}), ask="tracking_no"),
    )
    return t


def _appointment(step: str = "appointment_kind") -> Callable[[], Transcript]:
    def build() -> Transcript:
        t = Transcript()
        t.run(Step(say="/start"), Step(tap="go:appointment", ask="appointment_kind"))
        if step == "appointment_kind":
            return t
        t.run(
            Step(tap="visit", effects=("appointment_slots",)),
            Step(event=("appointment.slots", DAYS), ask="day"),
            Step(tap="day:2026-11-24", effects=("appointment_slots",)),
            Step(event=("appointment.slots", TIMES), ask="slot"),
            Step(tap="slot:2026-11-24T09:30", ask="consent"),
        )
        if step != "consent":
            t.run(Step(tap="yes", ask="name"))
        if step == "topic":
            t.run(Step(say="王大力 13800138000", ask="topic"))
        return t

    return build


STEPS: dict[str, Callable[[], Transcript]] = {
    "eligibility matter": interview,
    "eligibility months": lambda: interview(WORKER, "months_since_left"),
    "eligibility days": lambda: interview(AWARD, "days_since_award"),
    "eligibility summary": _eligibility_summary,
    "application consent": _application("consent"),
    "application name": _application("name"),
    "application phone": _application("phone"),
    "complaint consent": _complaint("consent"),
    "complaint topic": _complaint("topic"),
    "complaint facts": _complaint("facts"),
    "complaint name": _complaint("name"),
    "complaint phone": _complaint("phone"),
    "status number": _status,
    "appointment kind": _appointment(),
    "appointment consent": _appointment("consent"),
    "appointment name": _appointment("name"),
    "appointment topic": _appointment("topic"),
}
ASKING_FOR_A_PERSON = (
    "转人工",
    "人工",
    "找真人",
    "我要人工",
    "能和工作人员说吗",
    "talk to a person",
    "I want to speak to a human",
)


@pytest.mark.parametrize("said", ASKING_FOR_A_PERSON)
@pytest.mark.parametrize("where", sorted(STEPS))
def test_a_person_is_asked_for_in_plain_words_at_every_step(where: str, said: str) -> None:
    t = STEPS[where]()
    t.run(Step(say=said, effects=("request_person",), mode="waiting"))


@pytest.mark.parametrize("said", ["去年我找工作人员反映过，说让我等着", "工作人员说材料不全"])
def test_an_account_that_mentions_staff_is_not_a_request(said: str) -> None:
    t = _complaint("facts")()
    t.run(Step(say=said, ask="facts"))
    assert t.state["mode"] == "bot"


# --- denials --------------------------------------------------------------------------------

INJURY = {
    "matter": "injury",
    "applicant_group": "migrant_worker",
    "at_work": "yes",
    "injury_recognised": "no",
}


@pytest.mark.parametrize(
    ("facts", "key", "said", "value"),
    [
        (WORKER, "has_iou", "没有欠条", "no"),
        (WORKER, "has_iou", "没打欠条", "no"),
        (WORKER, "has_iou", "老板没给我打欠条", "no"),
        (WORKER, "has_iou", "写了欠条", "yes"),
        (WORKER, "arbitration", "还没仲裁", "none"),
        (WORKER, "arbitration", "没仲裁", "none"),
        (WORKER, "arbitration", "仲裁了，不服", "unsatisfied_award"),
        (INJURY, "at_work", "不是工伤", "no"),
        (AWARD, "willing_to_sue", "不想起诉", "no"),
        (AWARD, "willing_to_sue", "不起诉", "no"),
        (WORKER, "proceedings", "还没起诉", "none"),
        (WORKER, "has_lawyer", "没钱请律师", "no"),
        (WORKER, "still_employed", "没在干了", "no"),
        (WORKER, "still_employed", "还在干", "yes"),
    ],
)
def test_a_typed_denial_is_read_as_the_negative(
    facts: Facts, key: str, said: str, value: str
) -> None:
    t = interview(facts, key)
    t.send(Inbound(text=said))
    assert t.state["data"]["facts"][key] == value
    assert t.replies[-1].ask != key  # taken, and the interview went on


def test_no_written_contract_is_not_a_kind_of_work_the_helpers_ask_who_paid() -> None:
    t = interview(WORKER, "relationship")
    t.run(Step(say="没签合同", ask="relationship_payer"))
    assert "relationship" not in t.state["data"]["facts"]


def test_not_having_gone_anywhere_before_is_no_account_of_it() -> None:
    t = _complaint("facts")()
    t.run(
        Step(tap="done", ask="request"),
        Step(say="请督促处理", ask="earlier_handled"),
        Step(say="还没反映过", ask="anonymous"),
    )
    assert t.state["data"]["earlier"] == "no"
    assert "earlier_detail" not in t.state["data"]


# --- 包工头 ---------------------------------------------------------------------------------


def test_a_foreman_who_does_not_pay_is_a_wages_matter_in_the_menu_and_the_interview() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="包工头不给钱", buttons=("go:eligibility",), effects=("record_faq_miss",)),
    )
    t = interview(WORKER, "matter")
    t.run(Step(say="包工头不给钱", ask="applicant_group"))
    assert t.state["data"]["facts"]["matter"] == "wages"


@pytest.mark.parametrize(
    ("said", "note"),
    [
        ("给包工头干活", "包工头"),
        ("挂靠在别人的施工队", "包工头"),
        ("I worked for a foreman", "gang boss"),
    ],
)
def test_working_for_a_foreman_is_not_taken_for_labour_service(said: str, note: str) -> None:
    t = interview(WORKER, "relationship")
    t.run(Step(say=said, ask="relationship_pension"))  # who paid is known: only the pension
    t.run(Step(tap="no", expect=(note,)))
    assert t.state["data"]["facts"]["relationship"] == "unsure"  # treated as employment


# --- a change of language -------------------------------------------------------------------


def test_switching_language_mid_interview_keeps_the_step_and_the_answers() -> None:
    t = interview(WORKER, "relationship")
    before = dict(t.state["data"]["facts"])
    t.run(Step(say="繁體", expect=("您是怎麼給對方幹活的",), ask="relationship"))
    assert t.state["lang"] == "zh-Hant" and t.state["data"]["facts"] == before
    t.run(Step(tap="employment", ask="arbitration"), Step(say="/lang en", ask="arbitration"))
    assert "arbitration" in t.replies[-1].text.lower()
    t.run(Step(tap="/lang zh-Hans", ask="arbitration"), Step(say="还没仲裁", ask="proceedings"))
    assert t.state["data"]["facts"] == {
        **before,
        "relationship": "employment",
        "arbitration": "none",
    }


def test_switching_language_while_writing_a_complaint_keeps_what_was_written() -> None:
    t = _complaint("facts")()
    t.run(Step(say="english", ask="facts"))
    assert t.state["lang"] == "en"
    assert t.state["data"]["facts"] == ["镇上的垃圾站臭了半年没人管"]


def test_chinese_typed_in_an_english_conversation_is_answered_in_chinese() -> None:
    t = interview(WORKER, "applicant_group")
    t.run(Step(say="I am a migrant worker", ask="relationship"))
    assert t.state["lang"] == "en"
    t.run(Step(say="我在工廠做工", ask="arbitration", expect=("勞動仲裁",)))
    assert t.state["lang"] == "zh-Hant"
    assert t.state["data"]["facts"]["relationship"] == "employment"


# --- the 15 days to sue an award ------------------------------------------------------------


@pytest.mark.parametrize(
    "facts",
    [
        AWARD,  # the verdict says it itself
        {**AWARD, "has_lawyer": "yes"},  # already has a lawyer: the verdict is about that
        {**AWARD, "applicant_group": "other", "capacity_weak": "no"},
        {**AWARD, "willing_to_sue": "no"},
    ],
)
def test_an_unhappy_worker_is_told_the_15_days_first(facts: Facts) -> None:
    _, reply = run_interview(facts)
    verdict = reply.extra["card"]["verdict"]
    assert reply.text.startswith(verdict)
    first = verdict.split("。")[0]
    assert "15 日内" in first and "起诉" in first
    assert verdict.count("15 日内") == 1  # said once, not twice


def test_the_15_days_lead_in_english_too() -> None:
    t = Transcript()
    t.run(Step(say="/start"), Step(say="/lang en"), Step(tap="go:eligibility"))
    reach(t, {**AWARD, "has_lawyer": "yes"}, "summary")
    t.send(Inbound(button="done"))
    verdict = outcome_reply(t).extra["card"]["verdict"]
    assert verdict.startswith("You disagree with the arbitration award") and "15 days" in verdict


def test_no_15_days_once_the_case_is_in_court() -> None:
    _, reply = run_interview({**AWARD, "proceedings": "pending"})
    assert "15" not in reply.extra["card"]["verdict"]


def test_a_chinese_name_typed_in_an_english_conversation_keeps_it_english() -> None:
    t = _complaint("name")()
    t.run(Step(say="/lang en"), Step(say="王小明", ask="phone"))
    assert t.state["lang"] == "en"


def test_parents_of_a_training_centre_whose_owner_ran_off_are_not_taken_for_wages() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(
            say="我孩子报的培训班老板跑了，五十多个家长都没退钱",
            expect=("培训机构不退费",),
            buttons=("go:eligibility",),
            effects=("record_faq_miss",),
        ),
    )
    assert "讨薪" not in "\n".join(r.text for r in t.replies)


def test_an_english_speaker_answers_in_english_words_and_denials() -> None:
    t = Transcript()
    t.run(Step(say="/start"), Step(say="/lang en"), Step(tap="go:eligibility"))
    reach(t, WORKER, "arbitration")
    t.run(Step(say="no I have not", ask="proceedings"), Step(say="not yet", ask="has_lawyer"))
    reach(t, WORKER, "months_since_left")
    t.run(Step(say="I left 2 months ago"))
    facts = t.state["data"]["facts"]
    assert facts["arbitration"] == "none" and facts["proceedings"] == "none"
    assert facts["months_since_left"] == 2


def test_a_story_told_where_a_kind_was_asked_is_kept_for_the_facts() -> None:
    story = "去年在工地干了八个月 老板一分钱没给 还有二十多个工友"
    t = _complaint("topic")()
    t.run(
        Step(tap="work", ask="route.work"),
        Step(say=story, expect=("记下了",), ask="route.work"),
        Step(tap="wages", ask="route_elsewhere"),
        Step(tap="submit_anyway", ask="facts", expect=("老板一分钱没给",)),
    )
    assert t.state["data"]["facts"] == [story]


@pytest.mark.parametrize("said", ["还没有", "還沒有", "没有", "不是"])
def test_a_denial_where_no_option_denies_is_asked_again(said: str) -> None:
    """不服政府部门的决定 starts with 不 too: a denial is not taken for it."""
    t = interview(WORKER, "matter")
    t.run(Step(say=said, ask="matter"))
    assert "matter" not in t.state["data"].get("facts", {})


@pytest.mark.parametrize(("said", "matter"), [("善養費", "maintenance"), ("老板托欠工姿", "wages")])
def test_common_typos_answer_the_matter(said: str, matter: str) -> None:
    t = interview(WORKER, "matter")
    t.run(Step(say=said, ask="applicant_group"))
    assert t.state["data"]["facts"]["matter"] == matter


@pytest.mark.parametrize("where", sorted(STEPS))
def test_a_change_of_language_at_any_step_asks_that_step_again(where: str) -> None:
    t = STEPS[where]()
    here = (t.state["flow"], t.state["step"], t.replies[-1].ask)
    data = dict(t.state["data"])
    for word, lang in (("繁體", "zh-Hant"), ("english", "en"), ("简体", "zh-Hans")):
        t.send(Inbound(text=word))
        assert (t.state["flow"], t.state["step"], t.replies[-1].ask) == here, word
        assert t.state["lang"] == lang
    assert t.state["data"] == data


@pytest.mark.parametrize("said", ["我不知道编号", "忘了", "I forgot the number"])
def test_a_forgotten_tracking_number_is_no_endless_loop(said: str) -> None:
    t = _status()
    t.run(Step(say=said, buttons=("/person", "call:12309"), ask="tracking_no"))
    assert "11" not in t.replies[-1].text  # not the "one letter and 11 digits" again


@pytest.mark.parametrize("said", ["我的电话是13800138000", "手机：138 0013 8000"])
def test_a_phone_number_in_a_sentence_is_taken(said: str) -> None:
    t = _application("phone")()
    t.send(Inbound(text=said))
    assert t.state["data"]["app"]["phone"] == "13800138000"
    assert t.replies[-1].ask != "phone"


def test_two_phone_numbers_are_asked_again() -> None:
    t = _application("phone")()
    t.run(Step(say="13800138000 或 13900139000", ask="phone"))
