"""The console's 下载申请书草稿 button in a real browser (Playwright on Debian's chromium)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlalchemy import select

from backend.container import Services
from backend.db.models import AuditEntry
from tests.conftest import PASSWORD
from tests.staff.conftest import make_matter
from tests.staff.test_letter import ID_NUMBER, NAME, TRACKING_NO, make_application

pytestmark = pytest.mark.browser


async def signed_in(browser: Any, url: str, username: str) -> tuple[Any, Any, list[str]]:
    """A context that accepts downloads, signed in through the login form; its page, errors."""
    context = await browser.new_context(accept_downloads=True)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(f"{url}/staff")
    await page.wait_for_url(f"{url}/staff/login")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(f"{url}/staff")
    await page.locator("#who").get_by_text(username, exact=False).wait_for()
    return context, page, errors


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_letter_button_downloads_the_draft(
    services: Services, accounts: dict[str, int], base_url: str, browser: Any, tmp_path: Path
) -> None:
    await make_matter(services, tracking_no="C26112300001")
    await make_application(services)
    context, page, errors = await signed_in(browser, base_url, "alice")
    button = page.get_by_role("button", name="下载申请书草稿")

    await page.locator("#queue-list li", has_text="C26112300001").get_by_role("button").click()
    await page.locator("#item-title").get_by_text("C26112300001").wait_for()
    assert await button.is_hidden()  # a complaint has no letter

    await page.get_by_role("button", name="返回队列").click()
    await page.locator("#queue-list li", has_text=TRACKING_NO).get_by_role("button").click()
    await page.locator("#item-title").get_by_text(TRACKING_NO).wait_for()
    async with page.expect_download() as info:
        await button.click()
    download = await info.value
    assert download.suggested_filename == f"支持起诉申请书-{TRACKING_NO}.docx"
    saved = tmp_path / "letter.docx"
    await download.save_as(saved)
    text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert NAME in text and ID_NUMBER in text
    async with services.db.reader() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert actions.count("download_letter") == 1
    assert await page.locator("#flash").is_hidden()  # no error shown
    assert errors == []
    await context.close()
