"""藏汉双语接访 in the staff console, in a real browser: a citizen writes Tibetan in the web chat
and asks for a person; the queue shows the item as 需藏汉双语 and filters on it; a staff member
records that she speaks Tibetan and the item is then highlighted for her."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from backend.container import Services
from bot.app import create_app
from tests.conftest import add_staff_user
from tests.e2e.test_console_browser import citizen_page, say, staff_page
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_queue_tags_filters_and_highlights_items_needing_tibetan(
    services: Services, browser: Any
) -> None:
    await add_staff_user(services, "drolma", "staff")
    async with live_server(create_app(services=services)) as url:
        citizen, _ = await citizen_page(browser, url)
        await say(citizen, "ང་བོད་སྐད་ཁོ་ན་ཤེས། ང་ལ་རོགས་རམ་དགོས།")
        person = citizen.locator("#log").get_by_role("button", name="བོད་སྐད་ཤེས་པའི་ལས་བྱེད་པ་དང་འབྲེལ་བ།")
        await person.first.click()
        other, _ = await citizen_page(browser, url)
        await say(other, "转人工")

        staff = await staff_page(browser, url, "drolma", width=1100, height=800)
        rows = staff.locator("#queue-list .q-item")
        await expect(rows).to_have_count(2)
        tagged = rows.filter(has=staff.locator(".marker-needs_bo"))
        await expect(tagged).to_have_count(1)
        await expect(tagged.locator(".marker-needs_bo")).to_have_text("需藏汉双语")
        await expect(tagged).not_to_have_class("q-item.*speaks-bo")
        await expect(staff.locator("#my-languages-now")).to_have_text("汉语")

        await staff.locator("#my-languages summary").click()
        await staff.get_by_label("藏语").check()
        await staff.locator("#languages-form").get_by_role("button", name="保存").click()
        await expect(staff.locator("#my-languages-now")).to_have_text("汉语、藏语")
        await expect(staff.locator("#queue-list .q-item.speaks-bo")).to_have_count(1)
        await expect(staff.locator(".speaks-bo-note")).to_have_text("您会藏语，可接办")

        await staff.locator("#chips").get_by_role("button", name="需藏汉双语").click()
        await expect(rows).to_have_count(1)
        await expect(rows.first.locator(".marker-needs_bo")).to_be_visible()
        await staff.screenshot(path=str(services.settings.data_dir / "console-bo.png"))
        await staff.reload()  # the languages were saved, not only shown
        await expect(staff.locator("#my-languages-now")).to_have_text("汉语、藏语")
        assert staff.errors == [] and citizen.errors == []
