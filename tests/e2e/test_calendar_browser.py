"""The staff calendar in a real browser: a day and a week of bookings, words only, 390 px too."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from backend.container import Services
from bot.app import create_app
from tests.appointments.citizen import Citizen, book
from tests.conftest import add_staff_user
from tests.e2e.test_casework_browser import assert_words_only
from tests.e2e.test_console_browser import staff_page
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser
# The appointment kind's own codes must not show either.
CODES = re.compile(r"\b(booked|no_show|visit|callback|chief|video|appointment)\b")
SHOTS = os.environ.get("FRONTDESK_SCREENSHOTS")


async def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


async def no_codes(page: Any) -> None:
    await assert_words_only(page)
    text = await page.evaluate("document.body.innerText")
    assert CODES.search(text) is None, CODES.search(text)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_calendar_shows_a_day_and_a_week_of_bookings(
    services: Services, browser: Any
) -> None:
    await book(Citizen(services, "a"), "visit", "2026-11-24T09:30")
    await book(Citizen(services, "b"), "callback", "2026-11-24T10:00")
    await book(Citizen(services, "c"), "chief", "2026-11-25T09:00")
    await add_staff_user(services, "lin", "staff", "lin 同志")
    async with live_server(create_app(services=services)) as url:
        for width, height in ((1366, 900), (390, 844)):
            page = await staff_page(browser, url, "lin", width=width, height=height)
            await page.get_by_role("button", name="预约日历").click()
            days = page.locator("#cal-days .calendar-day")
            await days.first.get_by_text("11月23日 周一").wait_for()
            await page.get_by_text("这一天没有预约").wait_for()
            await page.get_by_role("button", name="往后").click()
            await days.first.get_by_text("11月24日 周二").wait_for()
            rows = page.locator(".calendar-booking")
            assert await rows.count() == 2
            first = await rows.nth(0).inner_text()
            assert "09:30–10:00" in first and "来访" in first and "王*" in first
            assert "已预约" in first
            assert "电话回访" in await rows.nth(1).inner_text()
            await no_codes(page)
            await shot(page, f"calendar-day-{width}")

            await page.get_by_role("button", name="按周").click()
            await page.locator("#cal-days .calendar-day").nth(6).wait_for()
            assert await page.locator("#cal-days .calendar-day").count() == 7
            assert await page.locator(".calendar-booking").count() == 3
            assert "检察长接待日" in await page.locator("#cal-days").inner_text()
            assert "休息日" in await page.locator("#cal-days").inner_text()  # the weekend
            await no_codes(page)
            await shot(page, f"calendar-week-{width}")

            # A booking opens its case page, which offers 已接待 / 未到 in words.
            await page.locator(".calendar-booking").first.get_by_role("button").click()
            await page.locator("#summary dd").first.wait_for()
            statuses = await page.locator("#status-form select option").all_inner_texts()
            assert {"已接待", "未到", "已取消"} <= set(statuses)
            await no_codes(page)
            await shot(page, f"calendar-case-{width}")
