"""Office hours: when a person reads the queue, holidays and make-up working days included."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from backend.office_hours import OfficeHours
from backend.settings import Settings
from dialogs.conversation import new_state
from tests.engine.transcript import Step, Transcript

BEIJING = ZoneInfo("Asia/Shanghai")
HOURS = OfficeHours.parse("mon-fri 09:00-12:00,13:30-17:30", "Asia/Shanghai")
# A made-up week: Thursday 1 and Friday 2 October are holidays, Saturday 10 is a make-up day.
HOLIDAYS = {date(2026, 10, 1), date(2026, 10, 2)}
MAKE_UP = {date(2026, 10, 10)}


def working_day(day: date) -> bool:
    return day in MAKE_UP or (day.weekday() < 5 and day not in HOLIDAYS)


def test_open_in_the_configured_intervals_only() -> None:
    assert HOURS.is_open(datetime(2026, 11, 23, 10, 0, tzinfo=BEIJING))
    assert not HOURS.is_open(datetime(2026, 11, 23, 12, 30, tzinfo=BEIJING))
    assert not HOURS.is_open(datetime(2026, 11, 28, 10, 0, tzinfo=BEIJING))  # Saturday


def test_a_holiday_is_closed_and_the_next_opening_skips_it() -> None:
    evening = datetime(2026, 9, 30, 18, 0, tzinfo=BEIJING)
    assert not HOURS.is_open(datetime(2026, 10, 1, 10, 0, tzinfo=BEIJING), working_day)
    assert HOURS.next_opening(evening) == datetime(2026, 10, 1, 9, 0, tzinfo=BEIJING)
    assert HOURS.next_opening(evening, working_day) == datetime(2026, 10, 5, 9, 0, tzinfo=BEIJING)


def test_a_make_up_saturday_is_open() -> None:
    friday_evening = datetime(2026, 10, 9, 18, 0, tzinfo=BEIJING)
    assert HOURS.is_open(datetime(2026, 10, 10, 10, 0, tzinfo=BEIJING), working_day)
    assert HOURS.next_opening(friday_evening, working_day) == datetime(
        2026, 10, 10, 9, 0, tzinfo=BEIJING
    )


def test_the_citizen_is_told_the_opening_in_words() -> None:
    closed = {"in_hours": False, "opens": "2026-10-05T09:00"}
    Transcript().run(
        Step(say="转人工", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", closed), expect=("10月5日（周一）09:00",)),
    )
    Transcript(state=new_state("en")).run(
        Step(say="person", effects=("request_person",), mode="waiting"),
        Step(event=("handoff.requested", closed), expect=("on Monday 5 October at 09:00",)),
    )


def test_a_malformed_setting_is_refused_with_the_expected_form() -> None:
    with pytest.raises(ValidationError, match="mon-fri 09:00-12:00"):
        Settings(office_hours="weekdays 9-5")
