"""The intent matcher: its table, its held-back accuracy, its decisions and its data file."""

from __future__ import annotations

import io
from argparse import Namespace
from collections import Counter

import pytest

from bot.commands.intents import run_ask, run_eval
from dialogs.intents import IntentFileError, intent_book, parse_book, recognise
from dialogs.intents_eval import EXAMPLES_FILE, evaluate, half_of, load_examples
from knowledge.text import looks_traditional

TARGETS = {
    "complaint": "go:complaint",
    "support_lawsuit": "go:eligibility",
    "support_situation": "go:eligibility",
    "status": "go:status",
    "person": "/person",
    "appointment": "go:appointment",
    "relief": "go:relief",
    "lead": "go:lead",
    "delete": "/delete",
}


def test_the_table_is_large_varied_and_labelled_with_known_intents() -> None:
    examples = load_examples()
    assert len(examples) >= 150
    assert len({e.text for e in examples}) == len(examples)
    assert {e.intent for e in examples} == {*TARGETS, "none"}
    halves = Counter(e.half for e in examples)
    assert min(halves.values()) >= len(examples) * 0.4  # the hash split is roughly even
    english = [e for e in examples if e.text.isascii()]
    traditional = [e for e in examples if looks_traditional(e.text)]
    assert len(english) >= 25 and len(traditional) >= 20


def test_held_back_half_is_at_least_95_percent() -> None:
    held = [e for e in load_examples() if e.half == "held"]
    report = evaluate(held)
    assert report.total >= 75
    assert report.accuracy >= 0.95, f"held-back accuracy {report.accuracy:.1%}"


def test_every_intent_points_at_its_door() -> None:
    book = intent_book()
    assert {r.name: r.target for r in book.rules} == TARGETS
    assert [r.name for r in book.rules if not r.explicit] == ["support_situation"]


@pytest.mark.parametrize(
    ("text", "name", "matter"),
    [
        ("老板欠我三个月工资不给，我该怎么办", "support_situation", "wages"),
        ("培训机构跑路了，五十个家长的学费都没退", "support_situation", "training_refund"),
        ("三个儿子都不给我生活费", "support_situation", "maintenance"),
        ("培训班收了钱不上课也不退费，我要投诉", "complaint", None),  # a request wins
        ("My boss hasn't paid me since March", "support_situation", "wages"),
        ("我要轉人工客服", "person", None),
        ("請問我的申請辦到哪一步了", "status", None),
        ("工厂往河里排污水我要举报", "lead", None),  # the more specific door
        ("村口化工厂晚上往河里排黑水，鱼都死了", "lead", None),  # what was seen, in plain words
        ("有人在后山乱砍树", "lead", None),  # not 有人在 = "is anyone there"
        ("有人在吗", "person", None),
    ],
)
def test_requests_and_situations(text: str, name: str, matter: str | None) -> None:
    intent = recognise(text)
    assert intent is not None and intent.name == name
    assert intent.matter == matter
    assert intent.target == TARGETS[name]


@pytest.mark.parametrize(
    "text",
    [
        "什么是支持起诉",
        "投诉以后多久给答复",
        "离婚后孩子的抚养权归谁",
        "司法救助能给多少钱",
        "好的",
        "",
        "😂😂",
    ],
)
def test_questions_about_a_thing_are_left_to_the_faq(text: str) -> None:
    assert recognise(text) is None


def test_the_pattern_file_is_validated() -> None:
    with pytest.raises(IntentFileError, match="bad pattern"):
        parse_book({"intents": {"x": {"target": "go:x", "cues": ["(unclosed"]}}})
    with pytest.raises(IntentFileError, match="needs a target"):
        parse_book({"intents": {"x": {"cues": ["a"]}}})
    book = parse_book(
        {
            "threshold": 1,
            "typos": {"投述": "投诉"},
            "intents": {"c": {"target": "go:c", "cues": ["投诉"]}},
        }
    )
    found = recognise("我要投述", book)
    assert found is not None and found.name == "c"


def test_the_split_is_a_stable_hash() -> None:
    assert half_of("我要投诉") == half_of("我要投诉")
    assert {half_of(str(n)) for n in range(50)} == {"train", "held"}


def test_the_command_prints_the_held_back_figure_first_and_never_its_misses() -> None:
    out = io.StringIO()
    run_eval(Namespace(file=EXAMPLES_FILE, json=False, misses=True, sweep=True), out)
    text = out.getvalue()
    assert text.startswith("held-back half: ")
    held = {e.text for e in load_examples() if e.half == "held"}
    assert not any(f"miss: {t} " in text for t in held)
    ask = io.StringIO()
    run_ask(Namespace(text="我要查进度", json=True), ask)
    assert '"intent": "status"' in ask.getvalue()
