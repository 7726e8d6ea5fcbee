"""Masks staff see by default, and the log filter built on the same patterns."""

from __future__ import annotations

import io
import json
import logging

import pytest

from backend.privacy_masks import mask_address, mask_id_number, mask_name, mask_phone, mask_text
from bot.logging_setup import json_handler, redact


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812341234", "138****1234"),
        ("138-1234-1234", "138****1234"),
        ("+86 138 1234 1234", "138****1234"),
        ("010-12345678", "010****5678"),
        ("12345678", "****5678"),
        ("110", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone: str | None, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_mask_id_number_hides_region_and_birth_date() -> None:
    assert mask_id_number("110101199003071234") == "110***********1234"
    assert mask_id_number("11010119900307123X") == "110***********123X"
    assert mask_id_number("1234") == "****"
    assert mask_id_number(None) == ""


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("王小明", "王**"),
        ("欧阳娜娜", "欧***"),
        ("John Smith", "J*** S****"),
        ("李", "李*"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_address_keeps_the_district_only() -> None:
    assert mask_address("北京市朝阳区建国路88号3单元501") == "北京市朝阳区建国路****"
    assert mask_address("四川省成都市武侯区") == "四川省成都市武侯区"
    assert mask_address("somewhere 12 Long Road") == "somewh****"
    assert mask_address("") == ""


def test_mask_text_masks_numbers_inside_free_text() -> None:
    story = (
        "我叫王小明，电话13812341234，身份证110101199003071234，"
        "卡号6222 0212 3456 7890 123，邮箱wxm@example.com"
    )
    masked = mask_text(story)
    for secret in ("13812341234", "110101199003071234", "6222 0212 3456 7890 123", "wxm@"):
        assert secret not in masked
    assert "138****1234" in masked and "110***********1234" in masked
    assert "王小明" in masked  # names in free text cannot be told from words; logs carry no text


def test_mask_text_leaves_ids_tracking_numbers_and_dates_alone() -> None:
    text = "conversation 4f3a13812341234b9c matter QZ2026112300001 on 2026-11-23, 12 items"
    assert mask_text(text) == text


def test_full_width_digits_are_masked_too() -> None:
    assert "１３８１２３４１２３４" not in mask_text("电话１３８１２３４１２３４")


def test_redact_blanks_query_tokens() -> None:
    line = "GET /api/webchat/sessions/abc/events?token=SECRET123&after=4 HTTP/1.1"
    assert "SECRET123" not in redact(line) and "after=4" in redact(line)


def test_the_log_filter_redacts_messages_arguments_and_extras() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("frontdesk.test.redaction")
    handler = json_handler(stream)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.warning(
            "citizen 13812341234 said %s",
            "身份证110101199003071234",
            extra={"conversation": "c0ffee", "text": "王小明", "note": "tel 13912345678"},
        )
    finally:
        logger.removeHandler(handler)
    entry = json.loads(stream.getvalue())
    raw = stream.getvalue()
    for secret in ("13812341234", "110101199003071234", "王小明", "13912345678"):
        assert secret not in raw
    assert entry["conversation"] == "c0ffee" and entry["text"] == "[redacted]"


def test_uvicorn_access_lines_lose_their_query_tokens() -> None:
    from bot.logging_setup import RedactingFilter, configure_logging

    configure_logging("INFO")
    access = logging.getLogger("uvicorn.access")
    assert any(isinstance(f, RedactingFilter) for f in access.filters)
    record = access.makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/webchat/sessions/abc/events?token=SECRET", "1.1", 200),
        None,
    )
    access.filter(record)
    assert "SECRET" not in record.getMessage() and "/sessions/abc/events" in record.getMessage()
