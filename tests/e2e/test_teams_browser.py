"""Teams in a real browser: each item lands in its team's queue, and a hand-over (线索移送).

A citizen reports a public-interest lead with a photo in the web chat page, another files a
complaint. The supervisor sees both, each with its team, and filters by team; the 公益诉讼
caseworker sees only the lead (the team picker fixed on their team), opens it with its photo
and moves it to 未检 with a reason; it leaves their queue, the timeline says who moved it
where and why, and the supervisor finds it under 未成年人检察.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from backend.container import Services
from backend.services.accounts import set_team
from backend.services.webchat import transcript
from bot.app import create_app
from tests.casework.intake import tiny_png
from tests.conftest import add_staff_user
from tests.e2e.test_casework_browser import assert_words_only, console_page, web_sender
from tests.e2e.test_console_browser import citizen_page, open_complaint
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("FRONTDESK_TEST_SCREENSHOTS", "var/screenshots"))


async def _staff(services: Services) -> None:
    await add_staff_user(services, "pi", "staff", "pi 同志")
    await add_staff_user(services, "civ", "staff", "civ 同志")
    await add_staff_user(services, "chief", "supervisor", "chief 同志")
    async with services.db.transaction() as session:
        for username, team in (("pi", "public_interest"), ("civ", "civil")):
            await set_team(session, username=username, team=team, now=services.clock.now())


async def _report_lead(page: Any, services: Services, session_id: str) -> str:
    send = web_sender(page, services, session_id)
    await send(("text", "河边那个造纸厂天天偷排污水，河里的鱼都死了"))
    await send(("button", "ecology"))
    await send(("text", "青山县河口镇东村桥下"))
    await send(("button", "longer"))
    await send(("button", "no_action"))
    await page.locator("#file").set_input_files(
        {"name": "排污口.png", "mimeType": "image/png", "buffer": tiny_png(200, 120)}
    )
    await page.locator("#log").get_by_text("收到 1 个文件").wait_for()
    await send(("button", "done"))
    await send(("button", "anonymous"))
    replies = await send(("button", "confirm"))
    return str(next(r["tracking_no"] for r in replies if r.get("tracking_no")))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_team_queues_and_a_hand_over_in_a_real_browser(
    services: Services, browser: Any
) -> None:
    await _staff(services)
    async with live_server(create_app(services=services)) as url:
        citizen, session_id = await citizen_page(browser, url)
        lead_no = await _report_lead(citizen, services, session_id)
        other, other_id = await citizen_page(browser, url)
        complaint_no = await open_complaint(services, other_id, "派出所民警办案时态度恶劣")
        assert lead_no.startswith("L") and any(
            lead_no in str(m.get("text")) for m in await transcript(services.db, session_id)
        )

        # The supervisor: every team, each row saying whose it is; a team filter.
        chief = await console_page(browser, url, "chief", width=1366, height=900)
        lead_row = chief.locator("#queue-list li", has_text=lead_no)
        await lead_row.locator(".badge.team").get_by_text("公益诉讼").wait_for()
        complaint_row = chief.locator("#queue-list li", has_text=complaint_no)
        await complaint_row.locator(".badge.team").get_by_text("控告申诉").wait_for()
        await chief.locator("#f-team").select_option(label="公益诉讼")
        await complaint_row.wait_for(state="detached")
        await lead_row.wait_for()
        SHOTS.mkdir(parents=True, exist_ok=True)
        await chief.screenshot(path=str(SHOTS / "teams-supervisor-filter.png"), full_page=True)
        await assert_words_only(chief)

        # Another team's caseworker does not see the lead.
        civ = await console_page(browser, url, "civ")
        assert await civ.locator("#f-team").is_disabled()
        assert await civ.locator("#queue-list li", has_text=lead_no).count() == 0

        # The 公益诉讼 caseworker: only their team's queue; the lead with its photo.
        pi = await console_page(browser, url, "pi", width=1366, height=900)
        assert await pi.locator("#f-team").is_disabled()
        assert await pi.locator("#f-team option:checked").inner_text() == "公益诉讼"
        mine = pi.locator("#queue-list li", has_text=lead_no)
        await mine.wait_for()
        assert await pi.locator("#queue-list li", has_text=complaint_no).count() == 0
        await mine.get_by_role("button").click()
        await pi.locator("#item-title").get_by_text(lead_no).wait_for()
        await pi.locator("#facts").get_by_text("青山县河口镇东村桥下").wait_for()
        await pi.locator("#attachments img.thumb").first.wait_for()
        await pi.locator("#team-current").get_by_text("所在部门：公益诉讼").wait_for()

        # The hand-over: a reason is required; then the timeline says who, where and why.
        await pi.locator("#team-to").select_option(label="未成年人检察")
        await pi.locator("#team-reason").fill("排污口在小学旁边，涉及未成年人，请未检部门核查")
        await pi.get_by_role("button", name="确认移送").click()
        await pi.locator("#team-current").get_by_text("所在部门：未成年人检察").wait_for()
        entry = pi.locator("#timeline li", has_text="公益诉讼 → 未成年人检察")
        await entry.get_by_text("排污口在小学旁边").wait_for()
        await entry.get_by_text("pi 同志").wait_for()
        await pi.screenshot(path=str(SHOTS / "teams-hand-over.png"), full_page=True)
        await assert_words_only(pi)
        await pi.get_by_role("button", name="返回队列").click()
        await pi.locator("#queue-list li", has_text=lead_no).wait_for(state="detached")

        # The supervisor finds it under 未成年人检察.
        await chief.reload()
        await chief.locator("#f-team").select_option(label="未成年人检察")
        await chief.locator("#queue-list li", has_text=lead_no).wait_for()
        await assert_words_only(chief)
        assert citizen.errors == [] and other.errors == []
