"""Reply deadlines: table tests around 2026's holidays, month ends, timezones and 2027."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backend.deadlines import (
    DeadlinePolicy,
    Deadlines,
    WorkCalendar,
    add_months,
    build_calendar,
    build_policy,
    due_status,
    progress_due_dates,
    reply_deadlines,
)

BEIJING = ZoneInfo("Asia/Shanghai")
EXAMPLE_FILE = Path(__file__).parents[2] / "docs" / "holidays.example.yaml"
CALENDAR_MODE = DeadlinePolicy()
WORKING_MODE = DeadlinePolicy(ack_mode="working")


def deadlines(
    day: date, policy: DeadlinePolicy = CALENDAR_MODE, calendar: WorkCalendar | None = None
) -> Deadlines:
    received_at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=BEIJING)
    return reply_deadlines(received_at, policy, calendar or WorkCalendar())


def codes(result: Deadlines) -> list[str]:
    return [reason.code for reason in result.reasons]


def test_a_late_evening_utc_time_is_the_next_day_in_beijing() -> None:
    result = reply_deadlines(
        datetime(2026, 9, 23, 17, 30, tzinfo=UTC), CALENDAR_MODE, WorkCalendar()
    )
    assert result.received_on == date(2026, 9, 24)
    assert result.procedural_reply_due == date(2026, 10, 8)  # 10-01 falls in 国庆, rolls to 10-08
    assert result.result_reply_due == date(2026, 12, 24)
    assert codes(result)[0] == "converted_to_service_timezone"


def test_a_naive_receipt_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        reply_deadlines(datetime(2026, 9, 23, 17, 30), CALENDAR_MODE, WorkCalendar())


def test_rolling_past_national_day_says_which_holiday() -> None:
    result = deadlines(date(2026, 9, 24))
    rolled = result.reasons[0].as_dict()
    assert rolled == {
        "code": "rolled_past_rest_day",
        "deadline": "procedural",
        "from": "2026-10-01",
        "to": "2026-10-08",
        "holiday": "国庆节",
        "days": 7,
    }
    assert not result.provisional


def test_month_end_is_clamped_then_kept_when_it_is_a_working_day() -> None:
    result = deadlines(date(2026, 8, 31))
    assert result.result_reply_due == date(2026, 11, 30)
    assert codes(result) == ["clamped_to_month_end"]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_a_clamped_month_end_on_a_sunday_rolls_too() -> None:
    result = deadlines(date(2026, 11, 30))  # 2027-02-28 is a Sunday
    assert result.result_reply_due == date(2027, 3, 1)
    assert codes(result)[:2] == ["clamped_to_month_end", "rolled_past_rest_day"]


def test_a_friday_receipt_in_both_modes() -> None:
    friday = date(2026, 11, 20)
    assert deadlines(friday).procedural_reply_due == date(2026, 11, 27)
    assert deadlines(friday, WORKING_MODE).procedural_reply_due == date(2026, 12, 1)
    assert deadlines(friday).result_reply_due == date(2027, 2, 22)


def test_a_receipt_on_a_make_up_workday() -> None:
    sunday_workday = date(2026, 9, 20)
    # +7 is 09-27, the last day of 中秋 2026, so the reply rolls to Monday 09-28.
    assert deadlines(sunday_workday).procedural_reply_due == date(2026, 9, 28)
    # Working days 09-21..24, then 中秋 09-25..27, then 09-28, 29, 30.
    assert deadlines(sunday_workday, WORKING_MODE).procedural_reply_due == date(2026, 9, 30)
    saturday_workday = date(2026, 10, 10)
    assert deadlines(saturday_workday).procedural_reply_due == date(2026, 10, 19)


def test_working_mode_counts_the_make_up_saturday_and_skips_the_holiday() -> None:
    received = date(2026, 9, 30)
    assert deadlines(received).procedural_reply_due == date(2026, 10, 8)
    working = deadlines(received, WORKING_MODE)
    # 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13, 10-14, 10-15.
    assert working.procedural_reply_due == date(2026, 10, 15)
    assert working.reasons[0].as_dict()["code"] == "counted_working_days"


def test_working_mode_is_never_earlier_than_calendar_mode_here() -> None:
    for offset in range(120):
        day = date(2026, 8, 1) + timedelta(days=offset)
        assert (
            deadlines(day, WORKING_MODE).procedural_reply_due >= deadlines(day).procedural_reply_due
        )


def test_spring_festival_2027_from_the_fallback_is_provisional() -> None:
    result = deadlines(date(2027, 1, 29))  # +7 is 除夕 2027-02-05
    assert result.procedural_reply_due == date(2027, 2, 9)
    assert result.provisional
    rolled = next(r for r in result.reasons if r.code == "rolled_past_rest_day")
    assert (rolled.from_day, rolled.holiday) == (date(2027, 2, 5), "春节")
    assert "calendar_statutory_fallback" in codes(result)


def test_a_result_date_in_2027_received_today_is_provisional() -> None:
    result = deadlines(date(2026, 11, 5))  # 3 months later is 除夕 2027
    assert result.procedural_reply_due == date(2026, 11, 12)
    assert result.result_reply_due == date(2027, 2, 9)
    assert result.provisional


def test_the_admin_file_overrides_the_fallback_for_2027() -> None:
    result = deadlines(date(2027, 1, 29), calendar=build_calendar(EXAMPLE_FILE))
    assert result.procedural_reply_due == date(2027, 2, 15)  # example: 02-05..02-12 off
    assert not result.provisional
    assert "calendar_admin_file" in codes(result)


def test_progress_dates_are_monthly_after_the_result_date() -> None:
    calendar = WorkCalendar()
    dates = progress_due_dates(date(2026, 11, 30), date(2027, 3, 31), calendar=calendar)
    # 12-30; 01-30 is a Saturday; 02-28 (clamped) is a Sunday; 03-30.
    assert dates == [date(2026, 12, 30), date(2027, 2, 1), date(2027, 3, 1), date(2027, 3, 30)]
    assert progress_due_dates(date(2026, 11, 30), date(2026, 12, 29), calendar=calendar) == []


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 9, 24), "on_time"),  # 09-28, 29, 30 and 10-08 still to go
        (date(2026, 9, 29), "due_soon"),  # 09-30 and 10-08
        (date(2026, 10, 7), "due_soon"),
        (date(2026, 10, 8), "due_soon"),
        (date(2026, 10, 9), "overdue"),
    ],
)
def test_due_status_counts_working_days(today: date, status: str) -> None:
    assert due_status(date(2026, 10, 8), today, calendar=WorkCalendar()) == status


def test_build_policy_validates_settings() -> None:
    assert build_policy(ack_mode="working", timezone="UTC").ack_mode == "working"
    with pytest.raises(ValueError, match="ack_mode"):
        build_policy(ack_mode="weekdays")
    with pytest.raises(ValueError, match="timezone"):
        build_policy(timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="ack_days"):
        build_policy(ack_days=0)


def test_a_fixed_offset_receipt_is_converted_too() -> None:
    new_york_evening = datetime(2026, 8, 31, 23, 0, tzinfo=timezone(timedelta(hours=-4)))
    result = reply_deadlines(new_york_evening, CALENDAR_MODE, WorkCalendar())
    assert result.received_on == date(2026, 9, 1)
    assert result.result_reply_due == date(2026, 12, 1)
