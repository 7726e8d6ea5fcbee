"""Pure parts: the satisfaction buttons in the engine, masking, the state machine, due windows."""

from __future__ import annotations

from datetime import date

import pytest

from backend.db.models import Matter
from backend.staff.masking import mask_facts, mask_id_number, mask_name, mask_phone, mask_text
from backend.staff.queue import due_window
from backend.staff.workflow import next_statuses, refusal
from dialogs.catalog import default_catalog
from dialogs.conversation import new_state
from dialogs.engine import handle
from dialogs.survey import survey_reply
from dialogs.types import Context, Inbound


def started() -> dict[str, object]:
    state = new_state()
    state["started"] = True
    return state


def test_survey_buttons_rate_then_take_an_optional_comment() -> None:
    reply = survey_reply(default_catalog(), "zh-Hans", 42)
    assert [b.label for b in reply.buttons] == ["满意", "基本满意", "不满意"]
    turn = handle(started(), Inbound(button="csat:42:satisfied"), Context())
    assert [(e.name, e.data) for e in turn.effects] == [
        ("record_satisfaction", {"matter_id": 42, "rating": "satisfied"})
    ]
    comment = handle(turn.state, Inbound(text="很好"), Context())
    assert [(e.name, e.data) for e in comment.effects] == [
        ("record_satisfaction", {"matter_id": 42, "comment": "很好"})
    ]
    later = handle(comment.state, Inbound(text="很好"), Context())
    assert not any(e.name == "record_satisfaction" for e in later.effects)


def test_no_comment_button_ends_the_survey() -> None:
    turn = handle(started(), Inbound(button="csat:42:unsatisfied"), Context())
    done = handle(turn.state, Inbound(button="csat:42:nocomment"), Context())
    assert done.effects == [] and "survey_comment" not in done.state


@pytest.mark.parametrize("payload", ["csat:x:satisfied", "csat:1:great", "csat:"])
def test_malformed_survey_buttons_record_nothing(payload: str) -> None:
    turn = handle(started(), Inbound(button=payload), Context())
    assert not any(e.name == "record_satisfaction" for e in turn.effects)


def test_masking() -> None:
    assert mask_name("张三") == "张*" and mask_phone("13812341234") == "138****1234"
    assert mask_id_number("110101199001011234") == "110***********1234"
    assert mask_text("身份证110101199001011234，电话13812341234") == (
        "身份证110***********1234，电话138****1234"
    )
    facts = {"claimant_name": "李四", "phones": ["13912345678"], "amount": 3}
    assert mask_facts(facts) == {"claimant_name": "李*", "phones": ["139****5678"], "amount": 3}


def test_state_machine() -> None:
    complaint = Matter(kind="complaint", status="accepted", open=True, anonymous=False)
    assert "closed" not in next_statuses(complaint)
    assert refusal(complaint, "closed") == "a complaint cannot be closed before its result reply"
    routed = Matter(kind="complaint", status="transferred", open=True, anonymous=False)
    assert next_statuses(routed) == ["closed"]
    novel = Matter(kind="complaint", status="escalated", open=True, anonymous=False)
    assert "accepted" in next_statuses(novel)
    closed = Matter(kind="complaint", status="closed", open=False, anonymous=False)
    assert next_statuses(closed) == [] and refusal(closed, "accepted") == "this item is closed"


def test_due_soon_counts_working_days() -> None:
    class Weekdays:
        def is_working_day(self, d: date) -> bool:
            return d.weekday() < 5

    friday = due_window(date(2026, 11, 27), 2, Weekdays())
    assert friday.soon_until == date(2026, 12, 1)  # Mon and Tue are the two working days left
    assert friday.status(date(2026, 12, 1)) == "due_soon"
    assert friday.status(date(2026, 12, 2)) == "on_time"
    assert friday.status(date(2026, 11, 26)) == "overdue"
    assert due_window(date(2026, 11, 27), 2, None).soon_until == date(2026, 11, 29)
