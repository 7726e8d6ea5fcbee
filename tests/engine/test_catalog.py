"""Catalogs: every key in every language; zh-Hant generated; formatting never crashes."""

from __future__ import annotations

from dialogs.catalog import load_catalog
from dialogs.types import LANGS


def test_every_language_has_every_key() -> None:
    catalog = load_catalog()
    for lang in LANGS:
        assert catalog.missing(lang) == set(), f"{lang} is missing keys"


def test_english_has_no_keys_the_source_lacks() -> None:
    catalog = load_catalog()
    assert set(catalog.messages["en"]) - set(catalog.messages["zh-Hans"]) == set()


def test_traditional_is_generated_from_simplified() -> None:
    catalog = load_catalog()
    assert catalog.text("zh-Hant", "common.person") == "轉人工"
    assert "，" not in catalog.text("zh-Hant", "menu.greeting").split("。")[0][-1:]


def test_missing_values_stay_visible_instead_of_crashing() -> None:
    catalog = load_catalog()
    assert "{number}" in catalog.text("zh-Hans", "common.call")
