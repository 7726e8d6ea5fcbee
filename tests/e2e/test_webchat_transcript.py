"""The web chat transcript in a real browser: a pre-screen tapped through on a phone, reloaded.

Every tap shows as the citizen's choice (its label), answered button rows are disabled and out
of the tab order, the result opens on its verdict, and all of it survives a reload.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from backend.container import Services
from bot.app import create_app
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Answers a migrant worker owed wages would tap; anything else asked gets its first option.
PREFER = (
    "讨要工资",
    "农民工",
    "还没有",
    "没请",
    "愿意",
    "给公司、单位干活（劳动关系）",
    "没有",
    "没申请过",
    "已经不干了",
    "不到十人",
    "紧急",
)
DONE = "没问题，看结果"
MAX_STEPS = 30


async def _settled(page: Any, sent: int | None = None) -> None:
    """Wait until the citizen's message is in (``sent`` of them) and the bot has answered it."""
    if sent is not None:
        await page.wait_for_function(
            "n => document.querySelectorAll('#log .msg.in:not(.pending)').length >= n", arg=sent
        )
    await page.wait_for_function(
        "() => !document.querySelector('#log .msg.pending')"
        " && document.querySelector('#log .msg:last-child')?.classList.contains('out')"
    )


async def _sent(page: Any) -> int:
    count: int = await page.locator("#log .msg.in:not(.pending)").count()
    return count


async def _current_options(page: Any) -> list[str]:
    """Labels of the buttons still enabled (the current step's)."""
    labels: list[str] = await page.evaluate(
        "() => [...document.querySelectorAll('#log .buttons button:not([disabled])')]"
        ".map(b => b.lastChild.textContent)"
    )
    return labels


async def _tap(page: Any, label: str) -> None:
    before = await _sent(page)
    await page.locator("#log .buttons button:not([disabled])").filter(has_text=label).first.click()
    await _settled(page, before + 1)


async def _tap_through_the_interview(page: Any, typed: list[str]) -> list[str]:
    """Answer every question by tapping (one that takes words by typing); return the taps."""
    taps: list[str] = []
    for _ in range(MAX_STEPS):
        options = await _current_options(page)
        if DONE in options:
            return taps
        numbered: list[str] = await page.evaluate(
            "() => [...document.querySelectorAll('#log .buttons button:not([disabled]) .num')]"
            ".map(n => n.parentElement.lastChild.textContent)"
        )
        if not numbered:  # "多久了？" takes words: the citizen types them
            before = await _sent(page)
            await page.get_by_label("输入消息").fill("半年多了")
            await page.get_by_role("button", name="发送").click()
            await _settled(page, before + 1)
            typed.append("半年多了")
            continue
        label = next((p for p in PREFER if p in numbered), numbered[0])
        await _tap(page, label)
        taps.append(label)
    raise AssertionError("the interview did not reach its summary")


async def _tab_stops(page: Any) -> int:
    stops: int = await page.evaluate(
        "() => [...document.querySelectorAll('#log button, #log a[href], #log summary')]"
        ".filter(e => !e.disabled && e.tabIndex >= 0).length"
    )
    return stops


async def _verdict_on_top(page: Any) -> None:
    """The result's verdict is the first line of the chat in view (not the end of the card)."""
    box = await page.locator("#log .card .verdict").bounding_box()
    log_box = await page.locator("#log").bounding_box()
    assert box is not None and log_box is not None
    assert log_box["y"] <= box["y"] <= log_box["y"] + 90, (box, log_box)


def _shots() -> Path | None:
    where = os.environ.get("FRONTDESK_SCREENSHOTS")
    return Path(where) if where else None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_pre_screen_tapped_through_and_reloaded(services: Services, browser: Any) -> None:
    async with live_server(create_app(services=services)) as url:
        page = await browser.new_page(viewport=PHONE)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        await page.goto(url)
        log = page.locator("#log")
        await log.get_by_text("请选择您要办的事").wait_for()
        await _tap(page, "支持起诉预审")
        typed_in: list[str] = []
        taps = ["支持起诉预审", *await _tap_through_the_interview(page, typed_in)]
        summary = page.locator("#log .msg.out").last
        assert await summary.locator(".buttons.secondary button").count() >= 5  # the edits
        assert await summary.locator(".buttons:not(.secondary) button").count() == 1  # one action
        await _tap(page, DONE)
        await log.locator(".card .verdict").wait_for()

        for moment in ("before", "after"):
            if moment == "after":
                await page.reload()
                await log.locator(".card .verdict").wait_for()
                await _settled(page)
            choices = [
                c.strip() for c in await log.locator(".msg.in.choice .body").all_inner_texts()
            ]
            assert choices == [*taps, DONE], (moment, choices)
            typed = await log.locator(".msg.in:not(.choice) .body").all_inner_texts()
            assert typed == typed_in, (moment, typed)
            answered = log.locator(".msg.out:not(:last-child) .buttons button:not([disabled])")
            assert await answered.count() == 0, moment
            card_buttons = await log.locator(".msg.out:last-child .buttons > *").count()
            folds = await log.locator(".msg.out:last-child summary").count()
            assert await _tab_stops(page) == card_buttons + folds, moment
            evidence = log.locator(".card details.evidence")
            assert await evidence.count() == 1
            assert await evidence.get_attribute("open") is None  # the checklist is folded
            await _verdict_on_top(page)
            if (shots := _shots()) is not None:
                await page.screenshot(path=str(shots / f"prescreen-phone-{moment}.png"))
        assert errors == []
