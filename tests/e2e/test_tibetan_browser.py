"""The web chat page in Tibetan, in a real browser: བོད་ཡིག chosen from the language list, the
page and the bot speak Tibetan, Tibetan text is marked lang="bo" and set in the Tibetan font
stack (installed fonts only), and Tibetan typed into a Chinese chat is marked the same way."""

from __future__ import annotations

from typing import Any

import pytest

from backend.container import Services
from bot.app import create_app
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser

STACK_START = '"Noto Serif Tibetan", Jomolhari, "Tibetan Machine Uni"'


async def _style(locator: Any) -> dict[str, Any]:
    return dict(
        await locator.evaluate(
            "(el) => { const s = getComputedStyle(el); return {font: s.fontFamily,"
            " line: parseFloat(s.lineHeight) / parseFloat(s.fontSize), spacing: s.letterSpacing,"
            " lang: el.closest('[lang]').lang}; }"
        )
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_choosing_tibetan_gives_a_tibetan_page_in_a_tibetan_font(
    services: Services, browser: Any
) -> None:
    async with live_server(create_app(services=services)) as url:
        page = await browser.new_page(viewport={"width": 420, "height": 860})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        await page.goto(url)
        log = page.locator("#log")
        await log.get_by_text("请选择您要办的事").wait_for()
        await page.locator("#lang").select_option("bo")
        await log.get_by_text("ཁྱེད་ཀྱིས་ལས་དོན་གང་སྒྲུབ་འདོད་དམ།").last.wait_for()
        assert await page.evaluate("document.documentElement.lang") == "bo"
        assert await page.locator("#send").inner_text() == "བསྐུར།"
        await log.get_by_role("button", name="ཞུ་གཏུག་འབུལ་བ།").last.click()
        await log.get_by_text("ཁྱེད་ཀྱིས་དོན་དངོས་བྱུང་རིམ་མ་བཤད་གོང་།").wait_for()
        style = await _style(log.locator(".msg.out .body").last)
        assert style["font"].startswith(STACK_START)
        assert style["lang"] == "bo" and style["line"] >= 1.75
        assert style["spacing"] == "normal"
        await page.screenshot(path=str(services.settings.data_dir / "webchat-bo.png"))
        assert errors == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_tibetan_typed_into_a_chinese_chat_is_answered_and_marked(
    services: Services, browser: Any
) -> None:
    async with live_server(create_app(services=services)) as url:
        page = await browser.new_page(viewport={"width": 420, "height": 860})
        await page.goto(url)
        log = page.locator("#log")
        await log.get_by_text("请选择您要办的事").wait_for()
        await page.get_by_label("输入消息").fill("ང་བོད་སྐད་ཁོ་ན་ཤེས། ང་ལ་རོགས་རམ་དགོས།")
        await page.get_by_role("button", name="发送").click()
        await log.get_by_text("ཁྱེད་ཀྱིས་བོད་ཡིག་ཐོག་བྲིས་འདུག").wait_for()
        person = log.get_by_role("button", name="བོད་སྐད་ཤེས་པའི་ལས་བྱེད་པ་དང་འབྲེལ་བ།")
        assert await person.count() >= 1
        mine = await _style(log.locator(".msg.in .body").last)
        assert mine["lang"] == "bo" and mine["font"].startswith(STACK_START)
        button = await _style(person.first)
        assert button["lang"] == "bo" and button["font"].startswith(STACK_START)
        # A selector, not a string predicate: polling a string expression is an eval in the
        # page, which the page's CSP (script-src 'self') refuses when it is not true at once.
        await page.locator("html[lang='bo']").wait_for(state="attached")
        assert await page.locator("#lang").input_value() == "bo"  # the page followed
        assert await page.locator("#send").inner_text() == "བསྐུར།"
        await page.screenshot(path=str(services.settings.data_dir / "webchat-switch.png"))
        await person.first.click()
        await log.get_by_text("ལས་བྱེད་པ").last.wait_for()
