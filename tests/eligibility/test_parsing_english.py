"""Durations and dates typed in English, as the English prompts invite them ("3 months")."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.parsing import parse_days, parse_months
from dialogs.parsing_english import english_to_chinese

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("said", "months"),
    [
        ("3 months", 3),
        ("about 2 months", 2),
        ("I left 2 months ago", 2),
        ("a year", 12),
        ("one year", 12),
        ("half a year", 6),
        ("a year and a half", 18),
        ("almost two years", 23),  # almost is one month less, as in Chinese
        ("more than four months", 4),  # rounded down
        ("since March", 8),
        ("in May", 6),
        ("it may be 3 months", 3),  # "may" the verb is no month
        ("end of last year", 11),
        ("next month", None),  # the future
        ("not sure", None),
        ("a few months", None),  # no number: ask again
    ],
)
def test_english_durations_in_months(said: str, months: int | None) -> None:
    assert parse_months(said, TODAY) == months


@pytest.mark.parametrize(
    ("said", "days"),
    [("5 days", 5), ("yesterday", 1), ("2 weeks ago", 14), ("20 November", 3), ("Nov 20th", 3)],
)
def test_english_days_since_an_award(said: str, days: int) -> None:
    assert parse_days(said, TODAY) == days


def test_chinese_is_left_alone() -> None:
    assert english_to_chinese("去年三月，大概两万三") == "去年三月，大概两万三"
