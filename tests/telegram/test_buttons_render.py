"""Telegram keyboards: numbers where the question invites them, lesser actions paired."""

from __future__ import annotations

from bot.telegram.common import render
from bot.telegram.receiver import _label_of


def test_numbered_options_and_secondary_buttons_two_to_a_row() -> None:
    body = {
        "text": "请核对您的回答",
        "buttons": [
            {"label": "没问题，看结果", "payload": "done"},
            {"label": "改：什么事", "payload": "edit:matter", "secondary": True},
            {"label": "改：您是", "payload": "edit:applicant_group", "secondary": True},
            {"label": "改：过了多久", "payload": "edit:months_since_due", "secondary": True},
        ],
    }
    [part] = render(body, 7)
    assert [[label for label, _ in row] for row in part.keyboard] == [
        ["没问题，看结果"],
        ["改：什么事", "改：您是"],
        ["改：过了多久"],
    ]
    question = {
        "text": "您遇到的是什么事？",
        "buttons": [
            {"label": "讨要工资", "payload": "wages", "number": 1},
            {"label": "转人工", "payload": "/person"},
        ],
    }
    [part] = render(question, 8)
    assert [row[0][0] for row in part.keyboard] == ["1. 讨要工资", "转人工"]


def test_the_transcript_records_the_choice_without_its_number() -> None:
    message = {
        "reply_markup": {"inline_keyboard": [[{"text": "1. 讨要工资", "callback_data": "wages"}]]}
    }
    assert _label_of(message, "wages") == "讨要工资"
