"""A danger message in the middle of anything: the numbers first, the case urgent, then on.

Transcripts against the pure engine (mid-interview, waiting for a person, talking to one),
and the runtime on real SQLite and PostgreSQL for what ``flag_urgent`` does to open cases.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from backend.container import Services
from backend.db.models import Conversation, Matter, MatterEvent
from backend.runtime import ChannelMessage
from dialogs.types import Inbound
from tests.eligibility_flow.interview_driver import answer_all
from tests.eligibility_flow.test_eligibility_interview import CASES
from tests.engine.transcript import Step, Transcript


def test_danger_in_the_middle_of_the_interview_then_the_question_again() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(tap="go:eligibility", ask="matter"),
        Step(tap="maintenance", ask="applicant_group"),
        Step(
            say="我儿子把我锁在家里，不给饭吃",
            expect=("110", "被关起来", "点“转人工”", "没看懂"),
            buttons=("call:110", "/person"),
            ask="applicant_group",
            effects=("flag_urgent",),
        ),
        Step(tap="elderly", ask="proceedings"),
    )
    assert t.state["urgent"] is True
    assert t.state["dangers"] == ["confinement"]


def test_danger_during_the_application_is_not_taken_for_an_answer() -> None:
    t = Transcript()
    t.run(Step(say="/start"), Step(tap="go:eligibility"))
    answer_all(t, CASES["support_apply"])
    t.run(
        Step(tap="done", outcome="support_apply"),
        Step(tap="apply"),
        Step(tap="yes", ask="name"),
        Step(say="张三", ask="phone"),
        Step(say="13800138000", ask="id_number"),
        Step(tap="skip", ask="address"),
        Step(
            say="包工头说再来要钱就弄死我", expect=("110",), ask="address", effects=("flag_urgent",)
        ),
    )
    assert "address" not in t.state["data"]["app"]


def test_danger_while_waiting_for_a_person_and_while_talking_to_one() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": True})),
        Step(
            say="他拿着刀在门口",
            expect=("110", "120", "已转给工作人员"),
            effects=("flag_urgent",),
            mode="waiting",
        ),
        Step(event=("handoff.joined", {"name": "李"}), mode="human"),
        # A person is talking: the bot says nothing, except the numbers when there is danger.
        Step(say="我已经报过警了", silent=True),
        Step(
            say="我真的不想活了",
            expect=("12356", "120"),
            buttons=("call:120", "call:12356"),
            effects=("flag_urgent",),
            mode="human",
        ),
        Step(say="气死我了，笑死", silent=True),  # hyperbole is not danger
    )


def test_traditional_and_typos_get_the_same_numbers() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="我被家爆了", expect=("12338",), effects=("flag_urgent",)),
    )
    t = Transcript()
    t.run(Step(say="/start"))
    t.run(Step(say="孩子不見了", expect=("110", "不用等"), effects=("flag_urgent",)))
    assert t.state["lang"] == "zh-Hant"


def _msg(text: str = "", button: str | None = None, chat: str = "c-danger") -> ChannelMessage:
    return ChannelMessage("terminal", chat, Inbound(text=text, button=button))


async def _conversation(services: Services, chat: str) -> Conversation:
    async with services.db.reader() as session:
        found = await session.scalar(select(Conversation).where(Conversation.chat_key == chat))
    assert found is not None
    return found


async def test_a_danger_message_flags_every_open_case_with_a_timeline_entry(
    services: Services,
) -> None:
    runtime = services.runtime
    await runtime.receive(_msg("/start"))
    conversation = await _conversation(services, "c-danger")
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    async with services.db.transaction() as session:
        for kind, is_open in (("complaint", True), ("application", True), ("complaint", False)):
            session.add(
                Matter(
                    kind=kind,
                    status="received",
                    open=is_open,
                    conversation_id=conversation.id,
                    channel="terminal",
                    received_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
    received = await runtime.receive(_msg("老公又打我了，还说要杀了我"))
    assert "110" in received.replies[0].text
    async with services.db.reader() as session:
        matters = (await session.scalars(select(Matter).order_by(Matter.id))).all()
        events = (await session.scalars(select(MatterEvent).order_by(MatterEvent.id))).all()
        flagged = await session.get(Conversation, conversation.id)
    assert [m.urgent for m in matters] == [True, True, False]  # a closed case is left alone
    assert flagged is not None and flagged.urgent
    assert [(e.matter_id, e.kind, e.visible_to_citizen) for e in events] == [
        (matters[0].id, "urgent", False),
        (matters[1].id, "urgent", False),
    ]
    assert events[0].data["categories"] == ["threat_to_kill", "family_violence"]
    assert events[0].data["note"] == "扬言杀人、家庭暴力"


async def test_danger_while_waiting_makes_the_handoff_urgent_and_later_cases_inherit(
    services: Services,
) -> None:
    runtime = services.runtime
    await runtime.receive(_msg("/start", chat="c-wait"))
    await runtime.receive(_msg("转人工", chat="c-wait"))
    async with services.db.reader() as session:
        (handoff,) = (await session.scalars(select(Matter))).all()
    assert handoff.kind == "handoff" and not handoff.urgent
    await runtime.receive(_msg("我被关在厂里出不去", chat="c-wait"))
    async with services.db.reader() as session:
        (handoff,) = (await session.scalars(select(Matter))).all()
        (event,) = (await session.scalars(select(MatterEvent))).all()
    assert handoff.urgent and event.kind == "urgent" and event.data["note"] == "被限制人身自由"
    # The danger is remembered: a case opened afterwards starts urgent.
    await runtime.receive(_msg("取消", chat="c-wait"))
    await runtime.receive(_msg("转人工", chat="c-wait"))
    async with services.db.reader() as session:
        handoffs = (await session.scalars(select(Matter).order_by(Matter.id))).all()
    assert [h.urgent for h in handoffs] == [True, True]


def test_no_staff_promise_about_a_message_nobody_has_been_asked_to_read() -> None:
    """In the menu nobody has been asked for: the bot says how to reach a person, and only
    claims staff know once a handoff is open (out of hours: when they will look)."""
    t = Transcript()
    t.run(Step(say="/start"), Step(say="他说要杀了我", effects=("flag_urgent",)))
    said = t.replies[0].text
    assert "已标为紧急" not in said and "工作人员会优先处理" not in said
    assert "转人工" in said
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": False, "opens": "2026-11-23T09:00"})),
        Step(
            say="我不想活了",
            expect=("12356", "已经告诉工作人员", "11月23日"),
            effects=("flag_urgent",),
        ),
    )
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": True})),
        Step(say="my husband hits me", expect=("110", "told staff"), effects=("flag_urgent",)),
    )
    assert t.state["lang"] == "en"


def test_a_reminder_promises_nothing_about_staff() -> None:
    t = Transcript()
    t.run(Step(say="/start"), Step(say="他打我", effects=("flag_urgent",)))
    t.run(Step(say="他又打我了", expect=("110",), effects=()))
    assert "工作人员" not in t.replies[0].text


def test_he_is_back_after_a_danger_was_named_gets_the_numbers_again() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": False, "opens": "2026-11-23T09:00"})),
        Step(say="我老公喝了酒就打我", expect=("110", "12338"), effects=("flag_urgent",)),
        Step(say="他回来了", expect=("如果现在有危险", "110"), buttons=("call:110",)),
        Step(say="he is banging on the door", expect=("110",)),
    )
    # Said with no danger named before, the same words are no emergency.
    fresh = Transcript()
    fresh.run(Step(say="/start"), Step(say="转人工", effects=("request_person",)))
    fresh.run(Step(say="他回来了", silent=False))
    assert "110" not in "\n".join(r.text for r in fresh.replies)


def test_a_bare_cry_for_help_gets_the_numbers_and_after_a_named_danger_its_own() -> None:
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(
            say="救命啊！！",
            expect=("110", "120", "发生了什么"),
            buttons=("call:110", "call:120", "/person"),
            effects=("flag_urgent",),
        ),
    )
    assert t.state["urgent"] is True and t.state["dangers"] == ["cry_for_help"]
    # A woman who said her husband beats her, then only 救命: the numbers for that, again.
    named = Transcript()
    named.run(
        Step(say="/start"),
        Step(say="我老公喝了酒就打我", expect=("12338",), effects=("flag_urgent",)),
        Step(say="救命", expect=("如果现在有危险", "12338"), effects=()),
    )
    assert named.state["dangers"] == ["family_violence"]
    # Inside an ordinary question it is a figure of speech, as before.
    calm = Transcript()
    calm.run(Step(say="/start"), Step(say="救命，这个申请表怎么填", effects=("record_faq_miss",)))
    assert "110" not in "\n".join(r.text for r in calm.replies)


def test_wanting_someone_to_talk_to_reaches_a_person() -> None:
    t = Transcript()
    t.run(Step(say="/start"), Step(say="我想找人说说", effects=("request_person",), mode="waiting"))


def test_after_the_numbers_no_guesses_but_a_sure_answer_still_comes() -> None:
    """他说要杀了我 got three unrelated "您想问的是不是" guesses after the numbers; a danger
    message is answered from the FAQ only when the answer is sure."""
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="他打我，还说要申请法律援助也没用", expect=("110",), effects=("flag_urgent",)),
    )
    assert all(r.ask != "faq_choice" for r in t.replies)
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="老板不给工资还打我", expect=("110", "劳动监察"), effects=("flag_urgent",)),
    )
