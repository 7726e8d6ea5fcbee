"""Tokenisation and normalisation: colloquial, Traditional, full-width, typo and odd input."""

from __future__ import annotations

import pytest

from knowledge.tokenizer import NUM_TOKEN, Tokenizer, TokenizerOptions, parse_number, tokenize


def words(text: str) -> list[str]:
    """Tokens without the bigram fallback, which only adds to the list."""
    return [t for t in tokenize(text) if not t.startswith("~")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("老班欠我工钱", {"老板", "拖欠", "工资"}),
        ("包工头卷款跑了", {"老板", "跑路"}),
        ("厂里不发薪水", {"公司", "拖欠", "工资"}),
        ("儿子不给赡养费", {"子女", "拖欠", "赡养费"}),
        ("培训班倒闭了退钱", {"培训机构", "跑路", "退费"}),
        ("老公打我要保护令", {"家暴", "人身安全保护令"}),
    ],
)
def test_colloquial_words_map_to_canonical_words(text: str, expected: set[str]) -> None:
    assert expected <= set(words(text))


@pytest.mark.parametrize(
    ("typo", "canonical"),
    [
        ("仲载", "劳动仲裁"),
        ("托欠", "拖欠"),
        ("公伤", "工伤"),
        ("祈诉", "起诉"),
        ("瞻养费", "赡养费"),
    ],
)
def test_common_typos_are_corrected(typo: str, canonical: str) -> None:
    assert canonical in words(f"我想问{typo}的事")


def test_traditional_and_simplified_give_the_same_tokens() -> None:
    assert words("老闆拖欠工資怎麼辦") == words("老板拖欠工资怎么办")


def test_full_width_input_is_folded() -> None:
    assert words("ＡＢＣ公司欠薪") == words("abc公司欠薪")


def test_stop_words_and_punctuation_are_dropped() -> None:
    tokens = words("请问，我的工资呢？！")
    assert tokens == ["工资"]


def test_numbers_become_one_token() -> None:
    assert words("欠了3000块").count(NUM_TOKEN) == 1
    assert NUM_TOKEN in words("欠我两万")


def test_chinese_numerals_are_parsed() -> None:
    assert parse_number("两万三") == 23000
    assert parse_number("3.5") == 3.5
    assert parse_number("工资") is None


def test_number_mode_keep_writes_arabic_digits() -> None:
    keep = Tokenizer(options=TokenizerOptions(numbers="keep", bigrams="off"))
    assert "20000" in keep.tokenize("欠我两万")


def test_bigrams_are_added_for_long_words_only_when_enabled() -> None:
    plain = Tokenizer(options=TokenizerOptions(bigrams="off"))
    assert not any(t.startswith("~") for t in plain.tokenize("培训机构跑路"))
    assert "~培训" in tokenize("培训机构跑路")


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "\u200b\u200b", "。。。？？"])
def test_empty_or_meaningless_input_has_no_tokens(text: str) -> None:
    assert tokenize(text) == []


def test_english_and_pinyin_are_kept_lower_case() -> None:
    assert {"laoban", "qianxin", "salary"} <= set(tokenize("LaoBan QianXin salary"))


def test_canonical_maps_single_words() -> None:
    tokenizer = Tokenizer()
    assert tokenizer.canonical("工钱") == "工资"
    assert tokenizer.canonical("法院") == "法院"
