"""Transcripts of the appointment flow against the pure engine: book, change, cancel.

The backend's answers (which days and times are free, the booking number) are fed back as
the events the effects would return, so each table reads like the conversation.
"""

from __future__ import annotations

from tests.engine.transcript import Step, Transcript

DAYS = {"kind": "visit", "minutes": 30, "days": [{"day": "2026-11-24", "left": 12}]}
TIMES = {
    "kind": "visit",
    "minutes": 30,
    "day": "2026-11-24",
    "slots": [{"at": "2026-11-24T09:00", "left": 2}, {"at": "2026-11-24T09:30", "left": 1}],
    "more": True,
}
BOOKED = {"tracking_no": "Y26112312345", "kind": "visit", "at": "2026-11-24T09:30"}
MINE = {"bookings": [BOOKED]}


def started() -> Transcript:
    t = Transcript()
    t.run(Step(say="你好"))
    return t


def test_booking_a_visit_from_plain_words() -> None:
    t = started()
    t.run(
        Step(say="我想预约去检察院当面反映", effects=("appointment_slots",)),
        Step(
            event=("appointment.slots", DAYS),
            expect=("来访", "30分钟", "身份证", "请先选一天"),
            buttons=("day:2026-11-24", "kinds", "/menu"),
            ask="day",
        ),
        Step(tap="day:2026-11-24", effects=("appointment_slots",)),
        Step(
            event=("appointment.slots", TIMES),
            expect=("11月24日（周二），请选一个时间",),
            buttons=("slot:2026-11-24T09:00", "slot:2026-11-24T09:30", "later", "days"),
            ask="slot",
        ),
        Step(tap="slot:2026-11-24T09:30", ask="consent", buttons=("yes", "no")),
        Step(tap="yes", ask="name"),
        Step(say="我叫李秀兰", ask="phone"),
        Step(say="我的电话139 0013 9000", ask="topic"),
        Step(tap="skip", ask="confirm", expect=("11月24日（周二）09:30", "李秀兰", "13900139000")),
        Step(tap="yes", effects=("book_appointment",)),
        Step(
            event=("appointment.booked", BOOKED),
            expect=("预约成功", "Y26112312345", "11月24日（周二）09:30", "前一天"),
            buttons=("mine", "/menu"),
        ),
    )
    assert t.replies[-1].tracking_no == "Y26112312345"


def test_days_and_times_read_as_words_on_the_buttons() -> None:
    t = started()
    t.run(
        Step(tap="go:appointment"),
        Step(tap="visit", effects=("appointment_slots",)),
        Step(event=("appointment.slots", DAYS)),
    )
    assert t.replies[-1].buttons[0].label == "11月24日（周二）　剩12个"
    t.run(
        Step(tap="day:2026-11-24", effects=("appointment_slots",)),
        Step(event=("appointment.slots", TIMES)),
    )
    labels = [b.label for b in t.replies[-1].buttons]
    assert labels[:2] == ["11月24日 周二 09:00", "11月24日 周二 09:30（剩1个）"]


def test_a_day_and_a_time_typed_instead_of_tapped() -> None:
    """On a cheap phone people type: the number beside a day or time, or its words."""
    t = started()
    t.run(
        Step(tap="go:appointment"),
        Step(tap="visit", effects=("appointment_slots",)),
        Step(event=("appointment.slots", DAYS), ask="day"),
    )
    assert t.replies[-1].buttons[0].number == 1
    t.run(
        Step(say="11月24日", effects=("appointment_slots",)),
        Step(event=("appointment.slots", TIMES), ask="slot"),
        Step(say="2", ask="consent"),  # the second time shown: 09:30
    )
    assert t.state["data"]["at"] == "2026-11-24T09:30"


def test_the_last_place_taken_meanwhile_offers_the_times_again() -> None:
    t = started()
    t.run(
        Step(tap="go:appointment", ask="appointment_kind"),
        Step(say="4", effects=("appointment_slots",)),  # the fourth kind: a call-back
        Step(event=("appointment.slots", {**DAYS, "kind": "callback"}), ask="day"),
        Step(tap="day:2026-11-24", effects=("appointment_slots",)),
        Step(event=("appointment.slots", {**TIMES, "kind": "callback"}), ask="slot"),
        Step(tap="slot:2026-11-24T09:30", ask="consent"),
        Step(tap="yes", ask="name"),
        Step(say="王大力 13800138000", ask="topic"),  # both at once: the phone is not asked
        Step(say="工资的事", ask="confirm", expect=("请工作人员给我回电话",)),
        Step(tap="yes", effects=("book_appointment",)),
        Step(
            event=("appointment.full", {"at": "2026-11-24T09:30", "kind": "callback"}),
            expect=("刚刚被约满了",),
            effects=("appointment_slots",),
        ),
    )
    assert t.state["data"]["day"] == "2026-11-24"  # the same day's times come back


def test_changing_the_time_of_a_booking() -> None:
    t = started()
    t.run(
        Step(tap="go:appointment", ask="appointment_kind"),
        Step(tap="mine", effects=("my_appointments",)),
        Step(
            event=("appointment.mine", MINE),
            expect=("Y26112312345", "11月24日（周二）09:30"),
            buttons=("change:Y26112312345", "cancel:Y26112312345", "new"),
        ),
        Step(tap="change:Y26112312345", effects=("appointment_slots",)),
        Step(event=("appointment.slots", DAYS), expect=("原来的 11月24日（周二）09:30",)),
        Step(tap="day:2026-11-24", effects=("appointment_slots",)),
        Step(event=("appointment.slots", TIMES), ask="slot"),
        Step(tap="slot:2026-11-24T09:00", expect=("改到 11月24日（周二）09:00",), ask="confirm"),
        Step(tap="yes", effects=("change_appointment",)),
        Step(
            event=("appointment.changed", {**BOOKED, "at": "2026-11-24T09:00"}),
            expect=("改好了", "09:00"),
        ),
    )


def test_cancelling_a_booking_asks_first_and_can_be_kept() -> None:
    t = started()
    t.run(
        Step(say="我要取消我的预约", effects=("my_appointments",)),
        Step(event=("appointment.mine", MINE), ask="appointment_action"),
        Step(tap="cancel:Y26112312345", expect=("确定要取消预约 Y26112312345",), ask="confirm"),
        Step(tap="no", expect=("预约没有变",), effects=("my_appointments",)),
        Step(event=("appointment.mine", MINE), ask="appointment_action"),
        Step(tap="cancel:Y26112312345", ask="confirm"),
        Step(tap="yes", effects=("cancel_appointment",)),
        Step(
            event=("appointment.cancelled", {"tracking_no": "Y26112312345"}),
            expect=("已经取消了",),
            buttons=("new", "/menu"),
        ),
    )


def test_nothing_free_is_said_plainly_with_a_way_on() -> None:
    t = started()
    t.run(
        Step(say="我想见检察长", effects=("appointment_slots",)),
        Step(
            event=("appointment.slots", {"kind": "chief", "minutes": 30, "days": []}),
            expect=("约满了",),
            buttons=("kinds", "/menu", "/person"),
        ),
        Step(tap="kinds", ask="appointment_kind"),
    )


def test_back_from_the_phone_asks_the_name_again() -> None:
    t = started()
    t.run(
        Step(tap="go:appointment"),
        Step(tap="visit", effects=("appointment_slots",)),
        Step(event=("appointment.slots", DAYS)),
        Step(tap="day:2026-11-24", effects=("appointment_slots",)),
        Step(event=("appointment.slots", TIMES)),
        Step(tap="slot:2026-11-24T09:00", ask="consent"),
        Step(tap="yes", ask="name"),
        Step(say="李秀兰", ask="phone"),
        Step(say="不知道", ask="phone", expect=("手机号好像不对",)),
        Step(say="返回", ask="name"),
    )
