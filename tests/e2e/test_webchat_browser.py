"""The web chat page in a real browser: menu tap, a typed question, reload keeps the chat."""

from __future__ import annotations

from typing import Any

import pytest

from backend.container import Services
from bot.app import create_app
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_menu_question_and_reload(services: Services, browser: Any) -> None:
    async with live_server(create_app(services=services)) as url:
        page = await browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        await page.goto(url)
        log = page.locator("#log")
        await log.get_by_text("请选择您要办的事").wait_for()
        await log.get_by_role("button", name="法律咨询").click()
        await log.get_by_text("请直接打字").wait_for()

        await page.get_by_label("输入消息").fill("老板拖欠工资不给怎么办")
        await page.get_by_role("button", name="发送").click()
        await log.get_by_text("劳动监察").first.wait_for()
        assert await log.get_by_role("button", name="有帮助").count() >= 1
        await page.screenshot(path=str(services.settings.data_dir / "webchat.png"))

        await page.reload()
        await log.get_by_text("劳动监察").first.wait_for()
        assert await log.get_by_text("老板拖欠工资不给怎么办").count() == 1
        assert await log.get_by_text("请选择您要办的事").count() == 1
        assert errors == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_staff_reply_arrives_without_reload(services: Services, browser: Any) -> None:
    from sqlalchemy import select

    from backend.db.models import Conversation
    from backend.runtime.outbox import write_outbound

    async with live_server(create_app(services=services)) as url:
        page = await browser.new_page()
        await page.goto(url)
        await page.locator("#log").get_by_text("请选择您要办的事").wait_for()
        async with services.db.transaction() as session:
            conversation = await session.scalar(select(Conversation))
            assert conversation is not None
            write_outbound(
                session,
                conversation,
                {"text": "<b>工作人员</b>：您好", "buttons": []},
                author="staff",
                now=services.clock.now(),
            )
        services.notifier.notify(conversation.id)
        message = page.locator(".msg.staff")
        await message.wait_for()
        assert "<b>工作人员</b>：您好" in await message.inner_text()
        assert await page.locator("#log b").count() == 0
