"""The three calendar layers: official schedule, admin holidays file, statutory fallback."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import lunardate
import pytest

from backend.deadlines import (
    MAX_REST_RUN,
    CalendarError,
    HolidaysFileError,
    WorkCalendar,
    build_calendar,
    calendar_coverage,
    official_years,
)
from backend.deadlines.holidays_file import parse_schedule
from backend.deadlines.statutory import qingming, statutory_holidays

EXAMPLE_FILE = Path(__file__).parents[2] / "docs" / "holidays.example.yaml"


def days_of(year: int) -> list[date]:
    start = date(year, 1, 1)
    return [start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days)]


def test_official_range_is_read_from_the_package() -> None:
    years = official_years()
    assert years[0] == 2004 and 2026 in years
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(years[-1] + 1, 1, 4))


def test_2026_agrees_with_chinesecalendar_day_by_day() -> None:
    calendar = WorkCalendar()
    for day in days_of(2026):
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        assert calendar.source(day) == "official"


@pytest.mark.parametrize(
    ("day", "working", "holiday"),
    [
        (date(2026, 10, 1), False, "国庆节"),
        (date(2026, 10, 7), False, "国庆节"),
        (date(2026, 9, 20), True, "国庆节"),  # Sunday, make-up workday for 国庆
        (date(2026, 10, 10), True, "国庆节"),  # Saturday, make-up workday
        (date(2026, 10, 11), False, None),  # an ordinary Sunday
        (date(2026, 2, 17), False, "春节"),
        (date(2026, 1, 4), True, "元旦"),  # Sunday, make-up workday for 元旦
        (date(2026, 9, 25), False, "中秋节"),
    ],
)
def test_2026_holidays_and_make_up_days(day: date, working: bool, holiday: str | None) -> None:
    info = WorkCalendar().day(day)
    assert (info.working, info.holiday, info.source) == (working, holiday, "official")


def test_national_day_2026_is_seven_days_off_between_two_make_up_days() -> None:
    calendar = WorkCalendar()
    run = calendar.rest_run(date(2026, 10, 1))
    assert [d.day for d in run] == [date(2026, 10, d) for d in range(1, 8)]
    assert calendar.next_working_day_on_or_after(date(2026, 10, 1)) == date(2026, 10, 8)


def test_a_sunday_rolls_to_monday_and_a_working_day_stays() -> None:
    calendar = WorkCalendar()
    assert calendar.next_working_day_on_or_after(date(2026, 11, 22)) == date(2026, 11, 23)
    assert calendar.next_working_day_on_or_after(date(2026, 11, 23)) == date(2026, 11, 23)


def test_spring_festival_2027_fallback_uses_the_lunar_calendar() -> None:
    new_year = lunardate.LunarDate(2027, 1, 1).to_solar_date()
    assert new_year - timedelta(days=1) == date(2027, 2, 5)  # 除夕 2027
    calendar = WorkCalendar()
    festival = [d.day for d in calendar.rest_run(date(2027, 2, 5))]
    assert festival == [date(2027, 2, 5) + timedelta(days=i) for i in range(4)]
    assert calendar.day(date(2027, 2, 5)).holiday == "春节"
    assert calendar.source(date(2027, 2, 9)) == "statutory_fallback"
    assert calendar.is_working_day(date(2027, 2, 9))


def test_fallback_holidays_of_2027() -> None:
    named = statutory_holidays(2027)
    assert named[date(2027, 1, 1)] == "元旦"
    assert named[date(2027, 4, 5)] == "清明节"
    assert named[date(2027, 5, 2)] == "劳动节"
    assert named[date(2027, 6, 9)] == "端午节"
    assert named[date(2027, 9, 15)] == "中秋节"
    assert [d for d, n in named.items() if n == "国庆节"] == [date(2027, 10, d) for d in (1, 2, 3)]
    assert len(named) == 13  # 13 statutory holiday days since the 2024 revision


def test_qingming_formula_matches_chinesecalendar_solar_terms() -> None:
    for year in range(2004, 2100):
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
        assert (qingming(year), "清明") in terms, year


def test_fallback_lunar_holidays_are_rest_days_in_the_official_years() -> None:
    calendar = WorkCalendar()
    for year in range(2008, official_years()[-1] + 1):  # 清明/端午/中秋 became holidays in 2008
        for day, name in statutory_holidays(year).items():
            if name in {"清明节", "端午节", "中秋节"}:
                assert not calendar.is_working_day(day), (day, name)


def test_admin_file_overrides_the_fallback_for_2027() -> None:
    calendar = build_calendar(EXAMPLE_FILE)
    assert calendar.admin_years == frozenset({2027})
    assert calendar.source(date(2027, 2, 12)) == "admin_file"
    assert not calendar.is_working_day(date(2027, 2, 12))  # a bridge day the fallback lacks
    assert calendar.is_working_day(date(2027, 2, 20))  # Saturday make-up workday
    assert calendar.source(date(2026, 10, 1)) == "official"  # the package still wins for 2026
    assert calendar.source(date(2028, 1, 3)) == "statutory_fallback"


def test_a_calendar_of_nothing_but_holidays_raises_instead_of_looping() -> None:
    months = [{"from": date(2030, m, 1), "to": date(2030, m, 28)} for m in range(1, 13)]
    ends = [f"2030-{m:02d}-{d}" for m in range(1, 13) for d in range(29, 32) if _exists(m, d)]
    calendar = WorkCalendar(parse_schedule({2030: {"holidays": months + ends}}))
    with pytest.raises(CalendarError, match=str(MAX_REST_RUN)):
        calendar.next_working_day_on_or_after(date(2030, 3, 3))


def _exists(month: int, day: int) -> bool:
    try:
        date(2030, month, day)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({2027: {"holidays": ["2028-01-01"]}}, "outside 2027"),
        ({2027: {"holidays": ["2027-02-30"]}}, "not a date"),
        ({2027: {"holidays": ["2027-02-05"], "workdays": ["2027-02-05"]}}, "holiday and workday"),
        ({"next": {"holidays": []}}, "not a year"),
        ({2027: {"holiday": []}}, "expected keys"),
        ({2027: {"holidays": ["2027-03-01..2027-02-01"]}}, "range"),
        (["2027-01-01"], "mapping of years"),
    ],
)
def test_bad_holidays_files_name_the_problem(raw: object, message: str) -> None:
    with pytest.raises(HolidaysFileError, match=message):
        parse_schedule(raw)


def test_a_missing_holidays_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HolidaysFileError, match="cannot read"):
        build_calendar(tmp_path / "absent.yaml")


def test_holidays_file_accepts_dates_ranges_and_mappings(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(
        "2028:\n  holidays:\n    - 2028-01-03\n    - 2028-01-26..2028-01-28\n"
        "    - {date: 2028-05-03, name: 劳动节}\n  workdays: [2028-01-29]\n",
        encoding="utf-8",
    )
    calendar = build_calendar(path)
    assert not calendar.is_working_day(date(2028, 1, 3))
    assert [d.day for d in calendar.rest_run(date(2028, 1, 26))][-1] == date(2028, 1, 28)
    assert calendar.day(date(2028, 5, 3)).holiday == "劳动节"
    assert calendar.is_working_day(date(2028, 1, 29))


def test_coverage_warns_about_the_coming_months_without_official_data() -> None:
    today = date(2026, 11, 22)
    assert calendar_coverage(WorkCalendar(), date(2026, 3, 1)) == []
    (fallback,) = calendar_coverage(WorkCalendar(), today)
    assert fallback.startswith("2027:") and "provisional" in fallback
    (admin,) = calendar_coverage(build_calendar(EXAMPLE_FILE), today)
    assert admin.startswith("2027:") and "admin holidays file" in admin
