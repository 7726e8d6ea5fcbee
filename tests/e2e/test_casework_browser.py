"""The whole loop in a real browser (issue 14 "Must show"), and no code or raw JSON on any page.

A citizen files a complaint in the web chat page; a caseworker, in the console, claims it and
asks for material with the template; the citizen answers with text and a photo; the open case
page shows both without a reload; the caseworker replies with the result, the citizen sees
it, the item closes, and the follow-up visit falls due a week later.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from backend.container import Services
from backend.services.reminder_worker import run_reminders_once
from backend.services.webchat import transcript
from bot.app import create_app
from tests.casework.intake import Answer, file_complaint, tiny_png
from tests.conftest import add_staff_user
from tests.e2e.test_console_browser import citizen_page, staff_page
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser
# What must never show on a console page: raw JSON, internal codes, JavaScript's own words.
LEAKS = re.compile(
    r'\{"|\[\{|_apply|\breceived\b|\bawaiting_material\b|\bcomplaint\b|\bapplication\b'
    r"|\bhandoff\b|\bdue_soon\b|\bon_time\b|\bundefined\b|\bnull\b|\bNaN\b|\[object"
)


def web_sender(page: Any, services: Services, session_id: str) -> Any:
    """Answer as a person would: tap the button with that payload's label, or type and send."""

    async def send(answer: Answer) -> list[dict[str, Any]]:
        kind, value = answer
        before = len(await transcript(services.db, session_id))
        if kind == "button":
            shown = await transcript(services.db, session_id)
            label = next(
                b["label"]
                for m in reversed(shown)
                for b in m.get("buttons", [])
                if b["payload"] == value
            )
            # the current step's buttons (answered rows are disabled; options may be numbered)
            current = page.locator("#log .buttons button:not([disabled])")
            await current.filter(has_text=label).last.click()
        else:
            await page.get_by_label("输入消息").fill(value)
            await page.get_by_role("button", name="发送").click()
        for _ in range(200):
            messages = await transcript(services.db, session_id)
            if len(messages) > before + 1 and messages[-1]["direction"] == "out":
                return [m for m in messages[before:] if m["direction"] == "out"]
            await asyncio.sleep(0.05)
        raise AssertionError(f"no reply to {answer}")

    return send


async def console_page(browser: Any, url: str, username: str, **viewport: int) -> Any:
    """A caseworker signed in, the queue loaded."""
    page = await staff_page(browser, url, username, **viewport)
    await page.locator("#queue-list li.q-item, #queue-empty").first.wait_for()
    return page


async def assert_words_only(page: Any) -> None:
    """The visible page holds no raw JSON, internal code or JavaScript placeholder."""
    text = await page.evaluate("document.body.innerText")
    found = LEAKS.search(text)
    assert found is None, (
        f"{found.group(0)!r} shown: …{text[max(0, found.start() - 60) : found.end() + 60]}…"
    )
    assert page.errors == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_whole_loop_in_a_real_browser(services: Services, browser: Any) -> None:
    await add_staff_user(services, "clerk", "staff", "clerk 同志")
    async with live_server(create_app(services=services)) as url:
        citizen, session_id = await citizen_page(browser, url)
        send = web_sender(citizen, services, session_id)
        first = await transcript(services.db, session_id)
        tracking_no = await file_complaint(send, [m for m in first if m["direction"] == "out"])
        console = await console_page(browser, url, "clerk")

        row = console.locator("#queue-list li", has_text=tracking_no)
        await row.get_by_text("张*").wait_for()
        assert "还剩 7 天" in await row.inner_text() and "23,000 元" in await row.inner_text()
        await row.get_by_role("button").click()
        await console.locator("#item-title").get_by_text(tracking_no).wait_for()
        await console.get_by_role("button", name="认领", exact=True).click()
        await console.locator("#summary").get_by_text("clerk 同志").wait_for()

        # The material template: its blank is asked for, and nothing goes out until it is filled.
        await console.locator("#reply-template").select_option("procedural_more_material")
        await console.locator("#reply-unfilled").get_by_text("需要补充的材料").wait_for()
        assert await console.locator("#a-reply").is_disabled()
        assert "【需要补充的材料】" in await console.locator("#reply-text").input_value()
        await console.get_by_label("需要补充的材料").fill("欠条或工资结算单的照片")
        assert "欠条或工资结算单的照片" in await console.locator("#reply-text").input_value()
        await console.locator("#a-reply").click()
        await console.locator("#item-status").get_by_text("待补充材料").wait_for()
        await citizen.locator(".msg.staff", has_text="欠条或工资结算单的照片").wait_for()

        # The citizen answers with words and a photo; the open case page shows both, no reload.
        await citizen.get_by_label("输入消息").fill("好的，欠条在老乡那里，我拍了照片发给您")
        await citizen.get_by_role("button", name="发送").click()
        await citizen.locator("#log").get_by_text(f"已补充到您的事项 {tracking_no}").wait_for()
        await citizen.locator("#file").set_input_files(
            {"name": "欠条.png", "mimeType": "image/png", "buffer": tiny_png(200, 120)}
        )
        await citizen.locator("#log").get_by_text("收到 1 个文件").wait_for()
        timeline = console.locator("#timeline")
        await timeline.get_by_text("欠条在老乡那里").wait_for()
        await timeline.locator("img.thumb").wait_for()
        await console.locator("#item-markers").get_by_text("群众已回复").wait_for()
        assert await console.evaluate("performance.getEntriesByType('navigation').length") == 1

        # The result reaches the citizen; the item closes; the survey goes out.
        await console.locator("#reply-template").select_option("result")
        await console.get_by_label("办理结果或进展").fill("已督促用人单位在本周内支付全部工资。")
        await console.locator("#a-reply").click()
        await console.locator("#item-status").get_by_text("已答复").wait_for()
        await citizen.locator(".msg.staff", has_text="已督促用人单位").wait_for()
        await console.locator("#status-to").select_option(label="已办结")
        await console.get_by_role("button", name="变更", exact=True).click()
        await console.locator("#item-status").get_by_text("已办结").wait_for()
        await citizen.locator("#log").get_by_role("button", name="满意", exact=True).wait_for()
        await console.locator("#followup-due").get_by_text("回访日期：2026年11月30日").wait_for()
        await assert_words_only(console)

        # A week later the follow-up is due: a reminder, the 待回访 chip, and a record.
        services.clock.advance(days=7)  # type: ignore[attr-defined]
        await run_reminders_once(services)
        console = await console_page(browser, url, "clerk")
        await console.locator("#notices-count").get_by_text("1").wait_for()
        await console.locator("#chips").get_by_role("button", name="待回访").click()
        followup_row = console.locator("#queue-list li", has_text=tracking_no)
        await followup_row.get_by_text("待回访").wait_for()
        await followup_row.get_by_role("button").click()
        await console.locator("#followup-method").select_option("phone")
        await console.locator("#followup-result").select_option("satisfied")
        await console.get_by_role("button", name="保存回访结果").click()
        await console.locator("#followup-record").get_by_text("已回访").wait_for()
        await assert_words_only(console)
        assert citizen.errors == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_no_code_or_raw_json_on_any_console_page(services: Services, browser: Any) -> None:
    from tests.eligibility_flow.test_eligibility_application_runtime import _interview, _msg

    await add_staff_user(services, "chief", "supervisor", "chief 同志")
    async with live_server(create_app(services=services)) as url:
        citizen, session_id = await citizen_page(browser, url)
        send = web_sender(citizen, services, session_id)
        first = await transcript(services.db, session_id)
        await file_complaint(send, [m for m in first if m["direction"] == "out"])
        await _interview(services, "worker")  # a support application through the interview
        for step in ({"button": "none"}, {"button": "confirm"}):
            await services.runtime.receive(_msg("worker", **step))
        waiting, _ = await citizen_page(browser, url)
        await waiting.get_by_label("输入消息").fill("转人工")
        await waiting.get_by_role("button", name="发送").click()
        await waiting.locator("#log").get_by_text("已为您转接工作人员").wait_for()

        for viewport in ({"width": 1366, "height": 900}, {"width": 390, "height": 844}):
            console = await console_page(browser, url, "chief", **viewport)
            await console.locator("#queue-list li.q-item").nth(2).wait_for()
            await assert_words_only(console)
            for index in range(3):  # the handoff, the application, the complaint
                await (
                    console.locator("#queue-list li.q-item")
                    .nth(index)
                    .get_by_role("button")
                    .click()
                )
                await console.locator("#summary dd").first.wait_for()
                await console.locator("#show-bot").check()
                if await console.locator("#trace-box").is_visible():
                    await console.locator("#trace-box summary").click()
                    await console.locator("#rule-trace li").first.wait_for()
                await assert_words_only(console)
                await console.get_by_role("button", name="返回队列").click()
                await console.locator("#queue-list li.q-item").nth(2).wait_for()
            await console.get_by_role("button", name="统计").click()
            await console.locator("#dash-trend svg").wait_for()
            await assert_words_only(console)
