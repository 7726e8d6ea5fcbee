"""``frontdesk chat``: a tap is recorded with the label the citizen saw, like the web chat."""

from __future__ import annotations

import io

from sqlalchemy import select

from backend.container import Services
from backend.db.models import Message
from bot.terminal import TerminalChat
from dialogs.types import Inbound


async def test_a_tap_in_the_terminal_keeps_its_label(services: Services) -> None:
    chat = TerminalChat(services, "cli-test", "zh-Hans", out=io.StringIO())
    await chat.send(Inbound(text="/start"))
    await chat.send(Inbound(button="go:faq"))
    await chat.send(chat.typed("1"))  # the first button of the last message: 主菜单
    async with services.db.reader() as session:
        rows = await session.scalars(
            select(Message).where(Message.direction == "in").order_by(Message.id)
        )
        taps = [(m.body.get("button"), m.body.get("label")) for m in rows if m.body.get("button")]
    assert taps == [("go:faq", "法律咨询"), ("/menu", "主菜单")]
