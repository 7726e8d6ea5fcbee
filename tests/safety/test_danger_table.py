"""The danger triage table: every positive sentence raises its category, no negative one does."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.catalog import default_catalog
from dialogs.safety import DangerError, danger_categories, danger_words, hotlines_for, load_danger
from knowledge.text import looks_traditional
from knowledge.yamlio import read_yaml

TABLE = read_yaml(Path(__file__).with_name("danger_table.yaml"))
POSITIVE = [(category, s) for category, sentences in TABLE["positive"].items() for s in sentences]
NEGATIVE = list(TABLE["negative"])
REQUIRED = {
    "family_violence",
    "threat_to_kill",
    "suicide",
    "hopelessness",
    "sexual_assault",
    "missing_or_trafficked",
    "confinement",
}


def test_the_table_is_big_and_covers_every_category() -> None:
    assert len(POSITIVE) >= 150 and len(NEGATIVE) >= 150
    categories = set(danger_words().hotlines)
    assert categories >= REQUIRED
    assert set(TABLE["positive"]) == categories
    assert all(len(TABLE["positive"][c]) >= 8 for c in categories)
    everything = [s for _, s in POSITIVE] + NEGATIVE
    assert sum(looks_traditional(s) for s in everything) >= 8  # Traditional is tested too
    assert len(set(everything)) == len(everything)


@pytest.mark.parametrize(("category", "sentence"), POSITIVE)
def test_a_dangerous_sentence_raises_its_category(category: str, sentence: str) -> None:
    assert category in danger_categories(sentence), sentence


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_an_ordinary_sentence_raises_nothing(sentence: str) -> None:
    assert danger_categories(sentence) == (), sentence


def test_each_category_has_its_hotline_and_words_in_every_language() -> None:
    table, catalog = danger_words().hotlines, default_catalog()
    assert "12338" in table["family_violence"] and "12355" in table["family_violence"]
    assert "12356" in table["suicide"] and "12356" in table["hopelessness"]
    assert "12338" in table["sexual_assault"] and "12355" in table["missing_or_trafficked"]
    assert table["fire"][0] == "119"
    assert all(t[0] in {"110", "119", "120", "12356"} for t in table.values())
    for category, numbers in table.items():
        for key in (f"safety.category.{category}", f"safety.title.{category}"):
            assert catalog.has(key), key
            assert catalog.text("en", key) != catalog.text("zh-Hans", key)
        advice = catalog.text("zh-Hans", f"safety.category.{category}")
        assert numbers[0] in advice, category  # the first number is named in the advice
        assert all(catalog.has(f"hotline.{n}") for n in numbers)


def test_hotlines_for_several_categories_are_merged_in_order() -> None:
    assert hotlines_for(("suicide", "family_violence")) == ("120", "110", "12356", "12338", "12355")


def test_a_pattern_naming_an_unknown_word_list_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "danger.yaml"
    bad.write_text(
        "spellings: {}\nhyperbole: ['x']\nnegations: []\nwords: {}\n"
        "categories: {c: {hotlines: ['110'], patterns: ['{nobody}打']}}\n",
        encoding="utf-8",
    )
    with pytest.raises(DangerError, match="nobody"):
        load_danger(bad)


def test_english_patterns_must_name_a_known_category(tmp_path: Path) -> None:
    bad = tmp_path / "danger.yaml"
    bad.write_text(
        "spellings: {}\nhyperbole: ['x']\nnegations: []\nwords: {}\n"
        "categories: {c: {hotlines: ['110'], patterns: ['x']}}\n"
        "english: {categories: {nowhere: ['kill']}}\n",
        encoding="utf-8",
    )
    with pytest.raises(DangerError, match="nowhere"):
        load_danger(bad)


def test_an_english_negation_only_counts_just_before_the_match() -> None:
    assert danger_categories("I would never kill myself") == ()
    # a negation earlier in the sentence, in another clause, does not hide the danger
    assert "suicide" in danger_categories("I did not sleep, I want to kill myself")
    assert danger_categories("我老公打我, my husband hits me") == ("family_violence",)
