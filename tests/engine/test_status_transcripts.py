"""查询进度 as transcript tables: own matters, look-up by number + last four, attempts limited."""

from __future__ import annotations

from datetime import date

from dialogs.types import Inbound
from tests.engine.transcript import Step, Transcript

MATTER = {
    "tracking_no": "C26112304719",
    "kind": "complaint",
    "status": "transferred",
    "open": True,
    "anonymous": False,
    "received_on": "2026-11-23",
    "next_due": "2027-02-23",
    "events": [
        {"kind": "received", "on": "2026-11-23"},
        {"kind": "transferred", "on": "2026-11-25"},
    ],
}


def opened() -> Transcript:
    t = Transcript()
    t.run(Step(say="/start"), Step(tap="go:status", effects=("lookup_my_matters",)))
    return t


def test_status_from_the_same_chat_shows_the_timeline_and_next_due_date() -> None:
    t = opened()
    t.run(
        Step(
            event=("status.list", {"matters": [MATTER]}),
            expect=(
                "C26112304719",
                "已转交有关机关",
                "2026年11月23日　收到您的事项",
                "2026年11月25日　转交有关机关",
                "2027年2月23日前",
            ),
            ask="status_more",
            buttons=("other", "/menu", "/person"),
        )
    )


def test_status_from_another_channel_needs_number_and_last_four() -> None:
    t = opened()
    t.run(
        Step(event=("status.list", {"matters": []}), expect=("还没有",), ask="tracking_no"),
        Step(say="C2611230471", expect=("11位数字",), ask="tracking_no"),
        Step(say="c 2611-2304 719", ask="phone_last4"),
        Step(say="80a0", expect=("4位数字",), ask="phone_last4"),
        Step(say="８０００", effects=("lookup_matter",)),
    )
    t.run(
        Step(
            event=("status.found", {"matter": {**MATTER, "status": "closed", "open": False}}),
            expect=("C26112304719", "已办结"),
        ),
        Step(say="C26112304720", ask="phone_last4"),
    )


def test_lookup_effect_carries_the_normalised_number_and_digits() -> None:
    t = opened()
    t.run(Step(event=("status.list", {"matters": []})), Step(say="c26112304719"))
    turn = t.send(Inbound(text="1234"))
    assert turn.effects[0].data == {"tracking_no": "C26112304719", "last4": "1234"}


def test_a_wrong_pair_reveals_nothing_and_attempts_are_limited() -> None:
    t = opened()
    t.run(Step(event=("status.list", {"matters": []})))
    for left in (4, 3, 2, 1):
        t.run(
            Step(say="C26112399999", ask="phone_last4"),
            Step(say="0000", effects=("lookup_matter",)),
            Step(event=("status.not_found", {}), expect=(f"还可以试{left}次",), ask="tracking_no"),
        )
        assert "C26112399999" not in t.replies[0].text
    t.run(
        Step(say="C26112399999"),
        Step(say="0000", effects=("lookup_matter",)),
        Step(event=("status.not_found", {}), expect=("明天再试",)),
        Step(say="C26112304719", expect=("明天再试",), effects=()),
        Step(tap="/menu"),
        Step(tap="go:status", effects=("lookup_my_matters",)),
        Step(event=("status.list", {"matters": []}), expect=("明天再试",)),
    )
    t.today = date(2026, 11, 24)  # a new day, a new allowance
    t.run(
        Step(tap="go:status", effects=("lookup_my_matters",)),
        Step(event=("status.list", {"matters": []}), ask="tracking_no"),
    )


def test_back_from_last_four_asks_the_number_again() -> None:
    t = opened()
    t.run(
        Step(event=("status.list", {"matters": []})),
        Step(say="C26112304719", ask="phone_last4"),
        Step(say="返回", ask="tracking_no"),
    )
