"""Choice answers: buttons, numbers (full-width, Chinese), labels, synonyms and plain words."""

from __future__ import annotations

import pytest

from dialogs.choices import Option, match_choice
from dialogs.types import Inbound

YES_NO = [Option("yes", "是"), Option("no", "否"), Option("unsure", "不清楚")]
MATTER = [
    Option("wages", "拖欠工资", ("工钱", "欠薪")),
    Option("training_refund", "培训退费"),
    Option("maintenance", "赡养费/抚养费", ("赡养", "抚养")),
]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("1", "yes"),
        ("２", "no"),
        ("三", "unsure"),
        ("第2个", "no"),
        ("是", "yes"),
        ("是的", "yes"),
        ("对", "yes"),
        ("嗯", "yes"),
        ("有的", "yes"),
        ("不是", "no"),
        ("没有", "no"),
        ("否", "no"),
        ("不", "no"),
        ("不知道", "unsure"),
        ("不清楚", "unsure"),
        ("不太清楚", "unsure"),
        ("不曉得", "unsure"),
        ("  是。", "yes"),
        ("YES", "yes"),
        ("4", None),
        ("香蕉", None),
        ("", None),
    ],
)
def test_yes_no_answers(said: str, expected: str | None) -> None:
    assert match_choice(Inbound(text=said), YES_NO) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("拖欠工资", "wages"),
        ("工钱", "wages"),
        ("老板欠薪", "wages"),
        ("培训退费", "training_refund"),
        ("贍養", "maintenance"),
        ("3", "maintenance"),
        ("退费", "training_refund"),
        ("别的事", None),
    ],
)
def test_labels_synonyms_and_traditional(said: str, expected: str | None) -> None:
    assert match_choice(Inbound(text=said), MATTER) == expected


def test_button_payload_must_be_an_option() -> None:
    assert match_choice(Inbound(button="wages"), MATTER) == "wages"
    assert match_choice(Inbound(button="criminal"), MATTER) is None
