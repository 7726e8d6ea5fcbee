"""The free-text parsers: durations, amounts, counts, phone and ID numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.parsing import (
    parse_ages,
    parse_amount,
    parse_count,
    parse_days,
    parse_months,
    valid_id_number,
    valid_phone,
)

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("半年", 6),
        ("一年半", 18),
        ("两个多月", 2),
        ("三个月", 3),
        ("去年三月", 20),
        ("2025年8月", 15),
        ("十几天", 0),
        ("一年多", 12),
        ("快两年了", 23),
        ("３个月", 3),
        ("兩個多月", 2),
        ("去年三月份", 20),
        ("一年零三个月", 15),
        ("一个半月", 1),
        ("四五个月", 4),
        ("18个月", 18),
        ("三年前", 36),
        ("上个月", 1),
        ("去年年底", 11),
        ("今年年初", 10),
        ("十二月", 11),
        ("三月", 8),
        ("6", 6),
        ("2025-08-15", 15),
        ("2025.8", 15),
        ("一百天", 3),
        ("三周", 0),
        ("两年半", 30),
        ("差不多两年", 24),
        ("不到一年", 11),
        ("欠了半年了", 6),
        ("俩月", 2),
        ("半个月", 0),
        ("两年多", 24),
        ("大概七八个月吧", 7),
        ("2025年11月23日", 11),
        ("2025年11月22日", 12),
        ("去年十一月", 12),
        ("十三个月", 13),
        ("三年零一个月", 37),
        ("前年五月", 30),
    ],
)
def test_parse_months(text: str, months: int) -> None:
    assert parse_months(text, TODAY) == months


@pytest.mark.parametrize(
    "text",
    [
        "",
        "不知道",
        "记不清了",
        "几个月",
        "去年",
        "2025年",
        "明年三月",
        "2026年12月",
        "2025年2月30日",
        "下个月",
        "很久",
        "9999",
        "hello",
    ],
)
def test_parse_months_rejects(text: str) -> None:
    assert parse_months(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("两万三", "23000"),
        ("2.5万", "25000"),
        ("三千五百元", "3500"),
        ("¥1,200", "1200"),
        ("一万块", "10000"),
        ("一千二百三十四块五毛", "1234.5"),
        ("两万多", "20000"),
        ("1.2万元", "12000"),
        ("5千", "5000"),
        ("１２００元", "1200"),
        ("大概两万左右", "20000"),
        ("三块五", "3.5"),
        ("12000.50元", "12000.50"),
        ("二十万零五百", "200500"),
        ("一万二", "12000"),
        ("两千五", "2500"),
        ("￥3,500.00", "3500.00"),
        ("八千", "8000"),
        ("一共欠我三万", "30000"),
        ("人民币5000元整", "5000"),
        ("兩萬三", "23000"),
    ],
)
def test_parse_amount(text: str, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "不知道", "几万", "0元", "-500", "很多钱", "一些", "abc"])
def test_parse_amount_rejects(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("五十多个", 50),
        ("十几个", 10),
        ("3个人", 3),
        ("我们十来个人", 10),
        ("就我一个", 1),
        ("二十几个", 20),
        ("俩", 2),
        ("几十个", 20),
        ("上百人", 100),
        ("一百多人", 100),
        ("四五个", 4),
        ("三四十个", 30),
        ("我自己", 1),
        ("一共二十三个工友", 23),
        ("兩個人", 2),
        ("１２人", 12),
        ("12", 12),
    ],
)
def test_parse_count(text: str, count: int) -> None:
    assert parse_count(text) == count


@pytest.mark.parametrize("text", ["", "不知道", "几个", "0个", "很多", "不清楚有多少"])
def test_parse_count_rejects(text: str) -> None:
    assert parse_count(text) is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("19912345678", "19912345678"),
        ("010-62345678", "010-62345678"),
        ("0755-88888888", "0755-88888888"),
        ("(0755)8888 8888", "0755-88888888"),
        ("021 6234 5678", "021-62345678"),
        ("0571-8765432", "0571-8765432"),
    ],
)
def test_valid_phone(text: str, phone: str) -> None:
    assert valid_phone(text) == phone


@pytest.mark.parametrize(
    "text",
    [
        "138001380001",
        "1380013800",
        "12800138000",
        "110",
        "12345",
        "010-12345678",
        "abc",
        "",
        "23800138000",
        "+1 415 555 0100",
    ],
)
def test_valid_phone_rejects(text: str) -> None:
    assert valid_phone(text) is None


def with_check_digit(first17: str) -> str:
    """Append the GB 11643 check character, computed independently of the module."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",
        with_check_digit("44052419800101001"),
        with_check_digit("11010119900307123"),
        with_check_digit("81000020000229001"),
    ],
)
def test_valid_id_number(number: str) -> None:
    assert valid_id_number(number) == number
    assert valid_id_number(number.lower(), today=TODAY) == number
    assert valid_id_number(" ".join([number[:6], number[6:14], number[14:]])) == number


def test_valid_id_number_rejects() -> None:
    good = "11010519491231002X"
    assert valid_id_number(good[:-1] + "3") is None  # wrong check digit
    assert valid_id_number(with_check_digit("11010119990230123")) is None  # 19990230
    assert valid_id_number(with_check_digit("01010119900307123")) is None  # region 0
    assert valid_id_number(with_check_digit("91010119900307123")) is None  # region 9
    assert valid_id_number(with_check_digit("11010118990307123")) is None  # before 1900
    assert valid_id_number(with_check_digit("11010120300307123"), today=TODAY) is None
    assert valid_id_number("110105491231002") is None  # the old 15-digit form
    assert valid_id_number("11010519491231002") is None
    assert valid_id_number("不知道") is None


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("我今年75岁了，儿子不给赡养费", (75,)),
        ("我今年七十五岁", (75,)),
        ("孩子3周岁，前夫不给抚养费", (3,)),
        ("我80歲了", (80,)),  # Traditional
        ("我70岁，孙子10岁", (70, 10)),
        ("孩子十几岁", ()),  # a range says no age
        ("岁数大了，儿子不管我", ()),
        ("干了3年，欠我3万", ()),
        ("活了200岁", ()),  # not an age
        ("", ()),
    ],
)
def test_parse_ages(text: str, ages: tuple[int, ...]) -> None:
    assert parse_ages(text) == ages


@given(st.text(max_size=30))
def test_parsers_never_raise(text: str) -> None:
    parse_ages(text)
    parse_months(text, TODAY)
    parse_amount(text)
    parse_count(text)
    valid_phone(text)
    valid_id_number(text)


@given(st.integers(1, 9), st.integers(0, 99))
def test_id_numbers_with_a_computed_check_digit_are_valid(region: int, serial: int) -> None:
    number = with_check_digit(f"{region}10101" + "19850615" + f"{serial:03d}")
    assert (valid_id_number(number) is not None) == (region <= 8)


DAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("今天", 0),
        ("昨天收到的", 1),
        ("前天", 2),
        ("大前天", 3),
        ("5", 5),
        ("收到5天了", 5),
        ("十天", 10),
        ("三天多", 4),  # a deadline: "more than" rounds up
        ("两周", 14),
        ("一个礼拜", 7),
        ("半个月", 15),
        ("11月20日", 3),
        ("20号", 3),
        ("25号", 29),  # the 25th of last month
        ("12月1日", 357),  # last year's December
        ("十一月二十日", 3),
    ],
)
def test_days_since_a_paper_arrived(text: str, days: int) -> None:
    assert parse_days(text, DAY) == days


@pytest.mark.parametrize(
    "text", ["十几天", "十多天", "一个多星期", "不知道", "明天", "下个月", "很久了", "", "2月30日"]
)
def test_days_that_could_be_anything_across_the_warning_day_are_asked_again(text: str) -> None:
    assert parse_days(text, DAY) is None
