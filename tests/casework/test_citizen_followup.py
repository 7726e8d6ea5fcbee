"""回访 answered by the citizen in the chat: asked when it falls due, buttons first, then a
comment; recorded as the follow-up (source citizen, method chat) the dashboard counts."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from backend.container import Services
from backend.db.models import FollowUp, Matter, StaffUser
from backend.runtime import ChannelMessage
from backend.services.reminder_worker import run_reminders_once
from backend.staff.dashboard import Period, build_dashboard
from backend.staff.replies import ReplyRequest, send_reply
from backend.staff.transitions import change_status
from dialogs.types import Inbound
from tests.casework.intake import Answer, file_complaint
from tests.reminders.life import beijing


def terminal(services: Services, chat: str) -> Any:
    async def send(answer: Answer) -> list[dict[str, Any]]:
        kind, value = answer
        inbound = Inbound(button=value) if kind == "button" else Inbound(text=value)
        received = await services.runtime.receive(ChannelMessage("terminal", chat, inbound))
        return [r.to_dict() for r in received.replies]

    return send


async def test_the_citizen_answers_the_follow_up_in_the_chat(
    services: Services, accounts: dict[str, int], clock: Any
) -> None:
    send = terminal(services, "citizen")
    tracking_no = await file_complaint(send, await send(("text", "你好")))
    async with services.db.reader() as session:
        matter = await session.scalar(select(Matter).where(Matter.tracking_no == tracking_no))
        clerk = await session.get(StaffUser, accounts["alice"])
    assert matter is not None and clerk is not None
    await send_reply(services, clerk, matter.id, ReplyRequest("procedural_accepted", "", {}))
    await send_reply(services, clerk, matter.id, ReplyRequest("result", "", {"text": "已追回。"}))
    await change_status(services, clerk, matter.id, "closed", None)
    await send(("button", "nocomment"))  # the close survey is left unanswered

    # Seven days later (next working day) at 09:00 the follow-up falls due: asked in the chat.
    clock.current = beijing("2026-11-30 09:00")
    await run_reminders_once(services)
    async with services.db.reader() as session:
        followup = await session.scalar(select(FollowUp))
    assert followup is not None and followup.status == "pending"
    asked = await send(("button", f"fu:{followup.id}:basically"))
    assert "哪里不满意" not in asked[-1]["text"] and asked[-1]["buttons"]
    thanked = await send(("text", "工资要回来了，就是慢了点"))
    assert "记下了" in thanked[-1]["text"]

    async with services.db.reader() as session:
        done = await session.get(FollowUp, followup.id)
        assert done is not None
        assert (done.status, done.result, done.method, done.source) == (
            "done",
            "basically",
            "chat",
            "citizen",
        )
        assert done.note == "工资要回来了，就是慢了点"
        period = Period(date(2026, 11, 1), date(2026, 11, 30), ZoneInfo("Asia/Shanghai"))
        board = await build_dashboard(
            session,
            period,
            today=date(2026, 11, 30),
            calendar_warnings=[],
            entry_question=lambda _: None,
        )
    assert board["satisfaction"]["counts"] == {"basically": 1}
    # A second tap (an old button) changes nothing.
    await send(("button", f"fu:{followup.id}:unsatisfied"))
    async with services.db.reader() as session:
        again = await session.get(FollowUp, followup.id)
    assert again is not None and again.result == "basically"


async def test_a_follow_up_button_from_another_conversation_is_ignored(
    services: Services, accounts: dict[str, int], clock: Any
) -> None:
    owner, other = terminal(services, "owner"), terminal(services, "other")
    tracking_no = await file_complaint(owner, await owner(("text", "你好")))
    async with services.db.reader() as session:
        matter = await session.scalar(select(Matter).where(Matter.tracking_no == tracking_no))
        clerk = await session.get(StaffUser, accounts["alice"])
    assert matter is not None and clerk is not None
    await send_reply(services, clerk, matter.id, ReplyRequest("procedural_accepted", "", {}))
    await send_reply(services, clerk, matter.id, ReplyRequest("result", "", {"text": "已办。"}))
    await change_status(services, clerk, matter.id, "closed", None)
    async with services.db.reader() as session:
        followup = await session.scalar(select(FollowUp))
    assert followup is not None
    await other(("text", "你好"))
    await other(("button", f"fu:{followup.id}:unsatisfied"))
    async with services.db.reader() as session:
        untouched = await session.get(FollowUp, followup.id)
    assert untouched is not None and untouched.status == "pending"
