"""藏汉双语接访 as transcript tables against the pure engine (no database).

A conversation started in Tibetan (``frontdesk chat --lang bo``, the web page's བོད་ཡིག) goes
from the menu through a complaint to its tracking number without a word of Chinese; Tibetan
writing arriving in a Chinese conversation switches it to Tibetan where it stands, offers a
Tibetan-speaking person, and keeps what was said; a Tibetan question is never searched.
"""

from __future__ import annotations

import re

from dialogs.conversation import new_state
from dialogs.tibetan import needs_tibetan
from dialogs.types import Inbound
from tests.engine.transcript import Step, Transcript

HAN = re.compile(r"[\u3400-\u9fff]")
OPENED = {
    "tracking_no": "C26112304719",
    "procedural_due": "2026-11-30",
    "result_due": "2027-02-23",
    "provisional": False,
    "anonymous": False,
    "ack_days": 7,
    "ack_mode": "calendar",
    "answer_months": 3,
}
FACTS = "ང་ཚོའི་གྲོང་ཚོའི་ལས་བྱེད་པ་ཞིག་གིས་ངའི་ཞིང་ཁ་བཙན་འཕྲོག་བྱས།"  # an official took my field
REQUEST = "ཁྲིམས་ལྟར་ཞིབ་བཤེར་བྱེད་རོགས།"  # please investigate according to law
NAME = "བཀྲ་ཤིས་དོན་གྲུབ"


def test_a_complaint_in_tibetan_from_the_menu_to_its_tracking_number() -> None:
    t = Transcript(state=new_state("bo"))
    said: list[str] = []

    def step(**kwargs: object) -> None:
        t.run(Step(**kwargs))  # type: ignore[arg-type]
        said.extend(r.text for r in t.replies)
        said.extend(b.label for r in t.replies for b in r.buttons)

    step(say="/start", expect=("བཀྲ་ཤིས་བདེ་ལེགས།", "ཞུ་གཏུག་འབུལ་བ།"), ask="menu")
    step(say="ཞུ་གཏུག", ask="consent", buttons=("yes", "no", "/person"))
    step(tap="yes", ask="route.topic", expect=("དོན་དག་ཅི་ཞིག་བྱུང་ངམ།",))
    step(say="༡༣", ask="facts", expect=("མི་དམངས་ཞིབ་དཔྱོད་ཁང་གིས་ལེན་པའི་ཁྱབ་ཁོངས",))
    step(say=FACTS, ask="facts", buttons=("done",), expect=("འབྱོར་སོང་།",))
    step(say="བྲིས་ཚར།", ask="request")
    step(say=REQUEST, ask="earlier_handled", buttons=("yes", "no", "skip"))
    step(say="བྱས་མྱོང་མེད།", ask="anonymous", buttons=("named", "anonymous"))
    step(say="མིང་འགོད", ask="name")
    step(say=NAME, ask="phone")
    step(say="138 0013 8000", ask="confirm", expect=(FACTS, REQUEST, NAME, "13800138000"))
    turn = t.send(Inbound(text="གཏན་འཁེལ།"))
    assert [e.name for e in turn.effects] == ["open_complaint"]
    data = turn.effects[0].data
    assert (data["facts"], data["request"], data["contact_name"]) == (FACTS, REQUEST, NAME)
    assert data["lang"] == "bo"
    step(
        event=("complaint.opened", OPENED),
        expect=(
            "ལེན་འཛིན་ཨང་གྲངས། C26112304719",
            "2026 ལོའི་ཟླ་11 ཚེས་30",  # the procedural reply's date, in Tibetan words
            "2027 ལོའི་ཟླ་2 ཚེས་23",
        ),
    )
    chinese = [text for text in said if HAN.search(text)]
    assert chinese == [], f"Chinese in a Tibetan conversation: {chinese}"
    assert t.state["needs_bo"] is True


def test_tibetan_in_a_chinese_conversation_switches_language_and_keeps_the_story() -> None:
    t = Transcript()
    t.run(
        Step(say="/start", ask="menu"),
        Step(tap="go:complaint", ask="consent"),
        Step(tap="yes", ask="route.topic"),
        Step(tap="other", ask="facts", expect=("请说说事情经过",)),
        Step(say="村干部把我家的地占了。", ask="facts", expect=("收到",)),
    )
    assert t.state["lang"] == "zh-Hans" and "needs_bo" not in t.state
    t.run(
        Step(
            say=FACTS,
            ask="facts",
            buttons=("/person", "/lang zh-Hans", "done"),
            expect=("ཁྱེད་ཀྱིས་བོད་ཡིག་ཐོག་བྲིས་འདུག", "འབྱོར་སོང་།"),
        )
    )
    offered = [b.label for b in t.replies[0].buttons]
    assert offered[0] == "བོད་སྐད་ཤེས་པའི་ལས་བྱེད་པ་དང་འབྲེལ་བ།"  # 转人工, in Tibetan
    assert (t.state["lang"], t.state["flow"], t.state["step"]) == ("bo", "complaint", "facts")
    assert t.state["needs_bo"] is True
    assert "村干部" in str(t.state["data"]) and FACTS in str(t.state["data"])
    # The flow goes on where it was, now in Tibetan; the switch is said once.
    t.run(Step(tap="done", ask="request", expect=("རེ་བ་ཡོད་དམ།",)))
    assert not any("བོད་ཡིག་ཐོག་བྲིས་འདུག" in r.text for r in t.replies)
    t.run(
        Step(tap="/person", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": True}), expect=("བོད་སྐད་ཤེས་པའི",)),
    )


def test_someone_who_only_typed_a_tibetan_name_can_go_back_to_chinese() -> None:
    t = Transcript()
    t.run(Step(say="/start"), Step(say=f"我叫{NAME}", expect=("继续用中文",)))
    assert t.state["lang"] == "bo"
    t.run(Step(tap="/lang zh-Hans", expect=("以后用简体中文和您交流",), ask="menu"))
    assert t.state["lang"] == "zh-Hans"
    assert t.state["needs_bo"] is True  # staff still see that Tibetan was written


def test_the_language_picker_offers_tibetan_in_its_own_script() -> None:
    t = Transcript()
    t.run(Step(say="/start"), Step(say="语言", buttons=("/lang bo",), ask="lang"))
    labels = {b.payload: b.label for b in t.replies[-1].buttons}
    assert labels["/lang bo"] == "བོད་ཡིག"
    t.run(Step(tap="/lang bo", expect=("བོད་ཡིག",), ask="menu"))
    assert t.state["lang"] == "bo" and needs_tibetan(t.state)
    assert "ཞུ་གཏུག་འབུལ་བ།" in [b.label for b in t.replies[-1].buttons]


def test_a_tibetan_question_is_refused_honestly_and_never_searched() -> None:
    t = Transcript(state=new_state("bo"))
    t.run(Step(say="/start"), Step(tap="go:faq", ask="question"))
    question = "ངའི་ལས་བདག་གིས་གླ་ཕོགས་མ་སྤྲད་ན་ག་རེ་བྱེད་དགོས། 工资"  # with a word the fake knows
    t.run(
        Step(
            say=question,
            ask="faq_tibetan",
            buttons=("/person", "/menu"),
            expect=("རང་འགུལ་གྱིས་ལན་འདེབས་མི་ཐུབ།",),
        )
    )
    assert t.faq.asked == []
    assert all(r.extra.get("faq_id") is None for r in t.replies)


def test_a_tibetan_question_at_the_chinese_menu_switches_and_is_not_guessed() -> None:
    t = Transcript()
    t.run(Step(say="/start"))
    t.run(
        Step(
            say="ཁྲིམས་ཁང་གིས་ཁྲིམས་ཐག་བཅད་པར་ངོས་ལེན་མི་བྱེད་ན་ག་རེ་བྱེད་དགོས།",
            ask="faq_tibetan",
            buttons=("/person", "/menu", "/lang zh-Hans"),
            expect=("ཁྱེད་ཀྱིས་བོད་ཡིག་ཐོག་བྲིས་འདུག", "ཁྲིམས་ལུགས་ཀྱི་ལན་རྒྱ་ཡིག་ཁོ་ན་ཡོད"),
        )
    )
    assert t.faq.asked == []
    # A Chinese question in the Tibetan conversation is answered, marked as in Chinese.
    t.run(Step(say="老板拖欠工资怎么办", expect=("（གཤམ་གྱི་ལན་རྒྱ་ཡིག་ཐོག་ཡིན།）",)))
    assert t.faq.asked == ["老板拖欠工资怎么办"]


MATTER = {
    "tracking_no": "C26112304719",
    "kind": "complaint",
    "status": "transferred",
    "open": True,
    "anonymous": False,
    "received_on": "2026-11-23",
    "next_due": "2027-02-23",
    "events": [
        {"kind": "received", "on": "2026-11-23"},
        {"kind": "transferred", "on": "2026-11-25"},
    ],
}


def test_the_status_of_a_matter_is_told_in_tibetan() -> None:
    t = Transcript(state=new_state("bo"))
    t.run(
        Step(say="/start"),
        Step(say="༤", effects=("lookup_my_matters",)),  # the fourth item, in Tibetan digits
        Step(
            event=("status.list", {"matters": [MATTER]}),
            expect=(
                "ལེན་འཛིན་ཨང་གྲངས་ C26112304719",
                "འབྲེལ་ཡོད་ལས་ཁུངས་སུ་སྤྲད་ཟིན།",
                "2026 ལོའི་ཟླ་11 ཚེས་25　འབྲེལ་ཡོད་ལས་ཁུངས་སུ་སྤྲད།",
                "ལན་འདེབས་རྗེས་མ་འཕྱི་ཤོས་2027 ལོའི་ཟླ་2 ཚེས་23གོང་དུ་ཡིན།",
            ),
            ask="status_more",
        ),
    )
    assert not any(HAN.search(r.text) for r in t.replies)


def test_the_global_words_work_in_tibetan() -> None:
    t = Transcript(state=new_state("bo"))
    t.run(
        Step(say="/start"),
        Step(say="ཞུ་གཏུག", ask="consent"),
        Step(say="དཀར་ཆག།", ask="menu"),
        Step(say="ལས་བྱེད་པ།", effects=("request_person",), mode="waiting"),
        Step(say="འདོར་བ", effects=("cancel_person",), ask="menu", expect=("སྒུག་པ་མཚམས་བཞག་ཟིན།",)),
    )


def test_a_service_without_tibetan_says_so_in_tibetan_before_going_on_in_chinese() -> None:
    t = Transcript(state=new_state("bo"))
    t.run(
        Step(say="/start"),
        Step(
            tap="go:eligibility",
            expect=("ཞབས་ཞུ་འདི་གནས་སྐབས་རྒྱ་ཡིག་ཁོ་ན་ཡོད།", "支持起诉预审"),
            buttons=("/person",),
        ),
    )
    assert t.replies[0].buttons[0].label == "བོད་སྐད་ཤེས་པའི་ལས་བྱེད་པ་དང་འབྲེལ་བ།"
    chinese = Transcript()
    chinese.run(Step(say="/start"), Step(tap="go:eligibility"))
    assert not any("རྒྱ་ཡིག" in r.text for r in chinese.replies)


def test_while_waiting_tibetan_is_told_who_will_come_and_a_talking_person_is_not_interrupted() -> (
    None
):
    t = Transcript()
    t.run(
        Step(say="/start"),
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", {"in_hours": True})),
        Step(say="ང་བོད་སྐད་ཁོ་ན་ཤེས།", expect=("བོད་སྐད་ཤེས་པའི་ལས་བྱེད་པས",), mode="waiting"),
    )
    assert t.state["lang"] == "bo"
    talking = Transcript()
    talking.run(
        Step(say="/start"),
        Step(say="转人工", effects=("request_person",)),
        Step(event=("handoff.joined", {"name": "卓玛"}), mode="human"),
        Step(say="ང་བོད་སྐད་ཁོ་ན་ཤེས།", silent=True, mode="human"),
    )
    assert talking.state["lang"] == "bo" and talking.state["needs_bo"] is True


def test_tibetan_writing_always_brings_the_emergency_numbers() -> None:
    """Danger triage cannot read Tibetan yet, so the numbers are said whenever it is written."""
    t = Transcript(state=new_state("zh-Hans"))
    t.run(Step(say="/start", ask="menu"))
    t.send(Inbound(text="ངའི་ཁྱོ་གས་ང་ལ་བརྡུང་གི་འདུག"))  # my husband is beating me
    numbers = [b.payload for r in t.replies for b in r.buttons if b.payload.startswith("call:")]
    assert numbers == ["call:110", "call:120"]
    assert any("110" in r.text and "120" in r.text and not HAN.search(r.text) for r in t.replies)
    t.send(Inbound(text="ཁྲིམས་ཐོག་གི་དྲི་བ་ཞིག་ཡོད།"))  # I have a legal question
    assert [b.payload for r in t.replies for b in r.buttons if b.payload.startswith("call:")] == [
        "call:110",
        "call:120",
    ]
