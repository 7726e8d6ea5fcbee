"""The web chat's 删除我的信息 button in a real browser: confirm, erase, the chat goes on."""

from __future__ import annotations

from typing import Any

import pytest

from backend.container import Services
from bot.app import create_app
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_delete_button_erases_the_chat_after_confirmation(
    services: Services, browser: Any
) -> None:
    async with live_server(create_app(services=services)) as url:
        page = await browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        await page.goto(url)
        log = page.locator("#log")
        await log.get_by_text("请选择您要办的事").wait_for()
        await page.get_by_label("输入消息").fill("我的电话是13812341234")
        await page.get_by_role("button", name="发送").click()
        await log.get_by_text("我的电话是13812341234").last.wait_for()

        await page.locator("#delete-data").click()
        await log.get_by_text("确定要删除").last.wait_for()
        await log.get_by_role("button", name="确定删除").click()
        await log.get_by_text("已删除").last.wait_for()

        await page.reload()
        await log.get_by_text("已删除").last.wait_for()
        assert await log.get_by_text("13812341234").count() == 0
        assert errors == []
