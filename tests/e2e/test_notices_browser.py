"""The web chat offers notices only after filing, on a tap; a refused permission is said
plainly with the other ways on; SMS consent names the phone's last digits. A real browser."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backend.container import Services
from backend.db.models import SmsConsent
from backend.services.webchat import transcript
from bot.app import create_app
from tests.casework.intake import PHONE, file_complaint
from tests.e2e.test_casework_browser import web_sender
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("FRONTDESK_SCREENSHOTS")


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Any:
    from backend.settings import Settings

    return Settings(
        env="test",
        database_url=database_url,
        data_dir=tmp_path,
        workers_enabled=False,
        sms_gateway_url="http://127.0.0.1:9/sms",  # offered; nothing is sent in this test
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_notices_are_offered_after_filing_on_a_tap(services: Services, browser: Any) -> None:
    async with live_server(create_app(services=services)) as url:
        context = await browser.new_context(viewport={"width": 390, "height": 844})
        page = await context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        await page.goto(url)
        await page.locator("#log").get_by_text("请选择您要办的事").wait_for()
        # Nothing asked on load: no offer, no permission prompt.
        assert await page.locator("#notice-offer").count() == 0
        assert await page.evaluate("Notification.permission") == "default"
        session_id = await page.evaluate(
            "JSON.parse(localStorage.getItem('frontdesk.webchat')).session_id"
        )
        send = web_sender(page, services, session_id)
        first = await transcript(services.db, session_id)
        await file_complaint(send, [m for m in first if m["direction"] == "out"])
        offer = page.locator("#notice-offer")
        await offer.wait_for()
        assert "离开这个页面后" in await offer.inner_text()
        if SHOTS:
            await page.screenshot(path=f"{SHOTS}/notices-offer-390.png", full_page=False)
        # Headless chromium refuses the permission: said plainly, with other ways on.
        await offer.get_by_role("button", name="浏览器通知我").click()
        await page.get_by_text("您没有允许浏览器通知").wait_for()
        assert await offer.get_by_role("button", name="发短信给我").is_disabled()
        assert page.errors == []
        # A new page of the same session is not asked again.
        await page.reload()
        await page.locator("#log").get_by_text("受理编号").first.wait_for()
        assert await page.locator("#notice-offer").count() == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sms_consent_from_the_offer(services: Services, browser: Any) -> None:
    async with live_server(create_app(services=services)) as url:
        page = await (await browser.new_context()).new_page()
        await page.goto(url)
        await page.locator("#log").get_by_text("请选择您要办的事").wait_for()
        session_id = await page.evaluate(
            "JSON.parse(localStorage.getItem('frontdesk.webchat')).session_id"
        )
        send = web_sender(page, services, session_id)
        first = await transcript(services.db, session_id)
        await file_complaint(send, [m for m in first if m["direction"] == "out"])
        await page.locator("#notice-offer").get_by_role("button", name="发短信给我").click()
        await page.get_by_text(f"尾号 {PHONE[-4:]}").wait_for()
        async with services.db.reader() as session:
            consent = await session.scalar(select(SmsConsent))
        assert consent is not None and consent.phone == PHONE
        if SHOTS:
            await page.screenshot(path=f"{SHOTS}/notices-sms-desktop.png", full_page=False)
