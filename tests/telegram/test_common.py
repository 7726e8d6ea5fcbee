"""Telegram translation without a network: updates in, replies out, limits respected."""

from __future__ import annotations

from bot.telegram.common import (
    MAX_TEXT,
    callback_data,
    hook_id,
    lang_of,
    parse_indirect,
    parse_message,
    render,
    split_text,
)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_long_text_splits_at_paragraphs_with_buttons_on_the_last_part() -> None:
    paragraphs = ["第" + str(i) + "段。" + "法" * 1500 for i in range(5)]
    body = {"text": "\n\n".join(paragraphs), "buttons": [{"label": "菜单", "payload": "/menu"}]}
    parts = render(body, 7)
    assert len(parts) == 3
    assert all(_units(p.text) <= MAX_TEXT for p in parts)
    assert parts[0].text == "\n\n".join(paragraphs[:2])
    assert [p.keyboard for p in parts] == [[], [], [[("菜单", "/menu")]]]


def test_a_paragraph_without_breaks_is_cut_by_utf16_units() -> None:
    text = "😀" * 3000  # two UTF-16 units each
    parts = split_text(text)
    assert [_units(p) for p in parts] == [4096, 1904]
    assert "".join(parts) == text


def test_callback_data_is_the_payload_or_a_short_pointer() -> None:
    assert callback_data("fb:wage-001:up", 9, 0) == "fb:wage-001:up"
    long = "faq:" + "长" * 30  # 94 bytes of UTF-8
    assert callback_data(long, 123, 2) == "~123.2"
    assert callback_data("~looks-like-a-pointer", 5, 1) == "~5.1"
    assert parse_indirect("~123.2") == (123, 2)
    assert parse_indirect("go:faq") is None and parse_indirect("~x.1") is None


def test_empty_replies_send_nothing_and_button_only_replies_get_a_placeholder() -> None:
    assert render({"text": "  ", "buttons": []}, 1) == []
    [part] = render({"text": "", "buttons": [{"label": "拨打 12309", "payload": "call:12309"}]}, 1)
    assert part.text == "…" and part.keyboard == [[("拨打 12309", "call:12309")]]


def _message(**content: object) -> dict[str, object]:
    return {"message_id": 1, "chat": {"id": 5, "type": "private"}, **content}


def test_messages_are_classified() -> None:
    assert parse_message(_message(text="/start@frontdesk_bot faq")).text == "/start faq"
    photo = parse_message(
        _message(
            photo=[
                {"file_id": "s", "width": 90, "height": 60, "file_size": 10},
                {"file_id": "b", "width": 1280, "height": 853, "file_size": 900},
                {"file_id": "h", "width": 4000, "height": 3000, "file_size": 30 * 2**20},
            ],
            caption="证据",
        )
    )
    assert (photo.kind, photo.file_id, photo.text) == ("photo", "b", "证据")
    voice = parse_message(_message(voice={"file_id": "v", "file_size": 3}))
    assert (voice.kind, voice.file_id) == ("voice", "v")
    document = parse_message(_message(document={"file_id": "d", "file_name": "判决书.pdf"}))
    assert (document.kind, document.filename) == ("document", "判决书.pdf")
    sticker = parse_message(_message(sticker={"file_id": "x"}))
    assert (sticker.kind, sticker.what) == ("unsupported", "sticker")
    group = parse_message({"message_id": 1, "chat": {"id": -5, "type": "group"}, "text": "hi"})
    assert not group.private and group.chat_id == -5


def test_languages_and_the_webhook_id() -> None:
    assert lang_of({"language_code": "zh-hans"}) == "zh-Hans"
    assert lang_of({"language_code": "zh-TW"}) == "zh-Hant"
    assert lang_of({"language_code": "en-GB"}) == "en"
    assert lang_of({"language_code": "bo"}) == "bo"
    assert lang_of({"language_code": "ru"}) is None and lang_of(None) is None
    assert hook_id("a") != hook_id("b") and hook_id("a") == hook_id("a")
    assert len(hook_id("secret")) == 32
