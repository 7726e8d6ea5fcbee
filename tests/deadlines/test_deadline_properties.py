"""Properties of the reply clocks for any receipt between 2004 and 2035, in both modes.

The bound "period plus the longest holiday run after it": the longest run of consecutive rest
days in the installed schedule is 10 (Spring Festival 2020, extended for COVID-19; checked
below), and the statutory fallback never exceeds it, so a calendar-mode deadline is at most
10 days after the nominal last day. Working mode counts 7 working days; besides one holiday run
those can straddle at most two weekends, so it ends within 7 + 4 + 10 days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.deadlines import DeadlinePolicy, WorkCalendar, add_months, due_status, reply_deadlines

LONGEST_REST_RUN = 10
CALENDAR = WorkCalendar()
POLICIES = st.sampled_from([DeadlinePolicy(), DeadlinePolicy(ack_mode="working")])
ZONES = st.sampled_from([ZoneInfo(name) for name in ("Asia/Shanghai", "UTC", "America/New_York")])
RECEIPTS = st.datetimes(datetime(2004, 1, 2), datetime(2035, 12, 31), timezones=ZONES)
EXAMPLES = settings(max_examples=500, derandomize=True, deadline=None)


def working_days_between(after: date, through: date) -> int:
    days = (through - after).days
    return sum(CALENDAR.is_working_day(after + timedelta(days=i)) for i in range(1, days + 1))


@EXAMPLES
@given(received_at=RECEIPTS, policy=POLICIES)
def test_deadlines_are_after_receipt_on_working_days_and_bounded(
    received_at: datetime, policy: DeadlinePolicy
) -> None:
    result = reply_deadlines(received_at, policy, CALENDAR)
    received = result.received_on
    for due in (result.procedural_reply_due, result.result_reply_due):
        assert due > received
        assert CALENDAR.is_working_day(due)
    nominal_result = add_months(received, policy.answer_months)
    assert result.result_reply_due - nominal_result <= timedelta(days=LONGEST_REST_RUN)
    procedural_span = (result.procedural_reply_due - received).days
    if policy.ack_mode == "calendar":
        assert procedural_span <= policy.ack_days + LONGEST_REST_RUN
    else:
        assert procedural_span <= policy.ack_days + 4 + LONGEST_REST_RUN
        assert working_days_between(received, result.procedural_reply_due) == policy.ack_days


@EXAMPLES
@given(received_at=RECEIPTS)
def test_provisional_exactly_when_a_deadline_lies_beyond_the_official_years(
    received_at: datetime,
) -> None:
    result = reply_deadlines(received_at, DeadlinePolicy(), CALENDAR)
    sources = {
        CALENDAR.source(result.procedural_reply_due),
        CALENDAR.source(result.result_reply_due),
    }
    assert result.provisional == ("statutory_fallback" in sources)


@EXAMPLES
@given(due=st.dates(date(2004, 1, 1), date(2035, 12, 31)), offset=st.integers(-30, 30))
def test_due_status_is_overdue_only_after_the_due_date(due: date, offset: int) -> None:
    today = due + timedelta(days=offset)
    status = due_status(due, today, calendar=CALENDAR)
    assert (status == "overdue") == (today > due)
    if 0 <= -offset <= 2:
        assert status == "due_soon"


def test_every_receipt_day_2004_to_2035_terminates_in_both_modes() -> None:
    day, last = date(2004, 1, 1), date(2035, 12, 31)
    policies = (DeadlinePolicy(), DeadlinePolicy(ack_mode="working"))
    while day <= last:
        received_at = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Asia/Shanghai"))
        for policy in policies:
            assert reply_deadlines(received_at, policy, CALENDAR).received_on == day
        day += timedelta(days=1)


def test_the_longest_rest_run_is_ten_days() -> None:
    day, longest = date(2004, 1, 1), 0
    while day <= date(2036, 12, 31):
        run = len(CALENDAR.rest_run(day))
        longest = max(longest, run)
        day += timedelta(days=max(run, 1))
    assert longest == LONGEST_REST_RUN
