"""The open case owns the conversation (dialogs/open_case.py), against the pure engine.

Situations: a caseworker has asked a migrant worker for the IOU photo; what the worker says
and sends next must reach the case, with global words still working and a clearly new
question offered as one.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dialogs.open_case import TIMEOUT_DAYS, is_new_request
from dialogs.types import Attachment, Event, Inbound
from tests.engine.transcript import Step, Transcript

ASKED = (
    "case.awaiting",
    {
        "matter_id": 7,
        "tracking_no": "C26112312345",
        "kind": "complaint",
        "asks": "material",
        "what": "欠条照片",
        "on": "2026-11-23",
    },
)
ADDED = ("case.added", {"tracking_no": "C26112312345", "asks": "material", "files": 0})


def waiting(asks: str = "material") -> Transcript:
    """A conversation at the menu whose complaint waits for the citizen."""
    t = Transcript()
    t.run(Step(say="你好"), Step(event=(ASKED[0], {**ASKED[1], "asks": asks}), silent=True))
    return t


def test_the_answer_goes_to_the_case_and_is_acknowledged_with_the_number() -> None:
    t = waiting()
    t.run(Step(say="好的，明天拍照发过来", effects=("add_to_case",)))
    assert t.send(Inbound(text="x")).effects[0].data["text"] == "x"
    t.run(Step(event=ADDED, expect=("已补充到您的事项 C26112312345", "工作人员会看到")))


def test_the_effect_carries_the_text_and_what_was_asked() -> None:
    t = waiting()
    turn = t.send(Inbound(text="欠条在我老乡那里，过两天拿到"))
    (effect,) = turn.effects
    assert effect.name == "add_to_case"
    assert effect.data == {
        "matter_id": 7,
        "asks": "material",
        "text": "欠条在我老乡那里，过两天拿到",  # kept as typed, full-width comma and all
        "attachments": [],
    }
    assert turn.replies == []  # the acknowledgement waits for the backend's case.added


def test_a_photo_goes_to_the_case_not_to_the_menu_hint() -> None:
    t = waiting()
    photo = Attachment("a1", "photo", "欠条.jpg")
    turn = t.send(Inbound(attachments=(photo,)))
    assert [e.name for e in turn.effects] == ["add_to_case"]
    assert turn.effects[0].data["attachments"] == [
        {"id": "a1", "kind": "photo", "name": "欠条.jpg"}
    ]
    t.run(Step(event=("case.added", {**ADDED[1], "files": 1}), expect=("收到 1 个文件",)))


def test_a_voice_note_is_acknowledged_as_heard_later() -> None:
    t = waiting()
    t.send(Inbound(attachments=(Attachment("v1", "voice"),)))
    t.run(Step(event=("case.added", {**ADDED[1], "files": 1, "voice": True}), expect=("语音",)))


@pytest.mark.parametrize(
    ("said", "ask"),
    [("菜单", "menu"), ("转人工", None), ("查询进度", None)],
)
def test_global_and_menu_words_still_win(said: str, ask: str | None) -> None:
    t = waiting()
    turn = t.send(Inbound(text=said))
    assert "add_to_case" not in [e.name for e in turn.effects]
    if ask:
        assert turn.replies[-1].ask == ask


def test_menu_buttons_still_open_their_flow() -> None:
    t = waiting()
    t.run(Step(tap="go:complaint", ask="consent"))  # consent before any story
    # inside an intake the intake keeps its answers
    t.run(Step(tap="yes", ask="route.topic"))
    turn = t.send(Inbound(button="work"))  # the intake's own answer
    assert all(e.name != "add_to_case" for e in turn.effects)
    assert turn.replies[-1].ask != "case_or_new"


def test_a_clearly_new_question_is_offered_as_one() -> None:
    t = waiting()
    t.run(
        Step(
            say="请问离婚以后孩子的抚养费怎么要？",
            ask="case_or_new",
            expect=("C26112312345",),
            buttons=("case:add", "case:new", "go:complaint", "/person"),
        )
    )
    t.run(Step(tap="case:new", expect=("这个问题我不太确定",), effects=("record_faq_miss",)))


def test_the_citizen_may_still_add_the_new_looking_text_to_the_case() -> None:
    t = waiting()
    t.run(Step(say="我还想问一下，老板跑了怎么办", ask="case_or_new"))
    turn = t.send(Inbound(button="case:add"))
    assert [e.name for e in turn.effects] == ["add_to_case"]
    assert turn.effects[0].data["text"] == "我还想问一下，老板跑了怎么办"
    again = t.send(Inbound(button="case:add"))  # a second tap has nothing left to add
    assert again.effects == []


def test_the_open_case_ends_after_its_timeout() -> None:
    t = waiting("replied")
    t.today = date(2026, 11, 23) + timedelta(days=TIMEOUT_DAYS["replied"] + 1)
    turn = t.send(Inbound(text="老板拖欠工资怎么办"))
    assert "add_to_case" not in [e.name for e in turn.effects]
    assert "open_case" not in t.state


def test_material_waits_longer_than_a_reply() -> None:
    t = waiting("material")
    t.today = date(2026, 11, 23) + timedelta(days=TIMEOUT_DAYS["replied"] + 1)
    assert [e.name for e in t.send(Inbound(text="照片找到了")).effects] == ["add_to_case"]


def test_closing_the_matter_ends_the_open_case() -> None:
    t = waiting()
    t.run(Step(event=("case.closed", {"matter_id": 8}), silent=True))  # another matter
    assert "open_case" in t.state
    t.run(Step(event=("case.closed", {"matter_id": 7}), silent=True))
    assert "open_case" not in t.state
    t.run(Step(say="你好"))


def test_a_vanished_matter_says_so_and_shows_the_menu() -> None:
    t = waiting()
    t.run(Step(event=("case.gone", {"tracking_no": "C26112312345"}), ask="menu"))
    assert "open_case" not in t.state


def test_a_person_talking_keeps_the_bot_quiet() -> None:
    t = waiting()
    t.run(Step(event=("handoff.joined", {"name": "王"}), mode="human"))
    assert t.send(Inbound(text="好的")).effects == []


def test_a_handoff_registered_as_a_complaint_promises_its_dates() -> None:
    t = Transcript()
    t.run(Step(say="你好"), Step(say="转人工", effects=("request_person",)))
    t.run(
        Step(
            event=(
                "case.registered",
                {
                    "kind": "complaint",
                    "tracking_no": "C26112300001",
                    "matter_id": 9,
                    "on": "2026-11-23",
                    "procedural_due": "2026-11-30",
                    "result_due": "2027-02-23",
                    "ack_days": 7,
                    "ack_mode": "calendar",
                    "answer_months": 3,
                },
            ),
            expect=("投诉/信访", "C26112300001", "7日内，即2026年11月30日前"),
            mode="bot",
        )
    )
    assert [e.name for e in t.send(Inbound(text="我再补充一点情况")).effects] == ["add_to_case"]


@pytest.mark.parametrize(
    ("said", "new"),
    [
        # answering the case
        ("好的，明天拍照发过来", False),
        ("欠条找到了，马上发给你们", False),
        ("你们什么时候给我答复？", False),
        ("材料是要原件还是复印件？", False),
        ("老板今天又打电话骂我", False),
        ("谢谢", False),
        ("行", False),
        ("我的事处理得怎么样了？", False),
        # clearly new
        ("请问离婚以后孩子的抚养费怎么要？", True),
        ("我还想问一下，工伤怎么认定", True),
        ("我要投诉另一个老板", True),
        ("交通事故对方不赔钱怎么办", True),
        ("另外还有一件事想反映", True),
        ("租房押金房东不退可以告他吗", True),
    ],
)
def test_is_new_request(said: str, new: bool) -> None:
    assert is_new_request(said) is new


def test_an_event_for_another_flow_still_reaches_it() -> None:
    t = waiting()
    turn = t.send(Inbound(event=Event("status.not_found")))
    assert "open_case" in turn.state
