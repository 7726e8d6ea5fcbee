"""The draft 支持起诉申请书 downloads from the web chat page in a real browser."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from docx import Document

from backend.container import Services
from bot.app import create_app
from tests.eligibility_flow.interview_driver import NUMBERS
from tests.eligibility_flow.test_eligibility_application_runtime import APPLICATION, INTERVIEW
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser


async def _file_application(http: httpx.AsyncClient) -> dict[str, str]:
    """A citizen's session that has filed an application (over the same API the page uses)."""
    session = (await http.post("/api/webchat/sessions", json={"lang": "zh-Hans"})).json()
    auth = {"Authorization": f"Bearer {session['token']}"}
    path = f"/api/webchat/sessions/{session['session_id']}/messages"

    async def say(body: dict[str, str]) -> list[dict[str, Any]]:
        response = await http.post(path, headers=auth, json=body)
        assert response.status_code == 200, response.text
        replies: list[dict[str, Any]] = response.json()["replies"]
        return replies

    await say({"button": "/start"})
    replies = await say({"button": "go:eligibility"})
    while replies[-1]["ask"] != "summary":
        key = str(replies[-1]["ask"])
        replies = await say({"text" if key in NUMBERS else "button": str(INTERVIEW[key])})
    await say({"button": "done"})
    for step in [*APPLICATION, {"button": "none"}]:
        await say(step)
    filed = await say({"button": "confirm"})
    assert any(r.get("letter_url") for r in filed)
    return {"session_id": session["session_id"], "token": session["token"]}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_letter_button_downloads_the_draft(
    services: Services, browser: Any, tmp_path: Path
) -> None:
    settings = services.settings.model_copy(update={"rate_citizen_burst": 200})
    async with (
        live_server(create_app(settings, services=services)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as http,
    ):
        session = await _file_application(http)
        context = await browser.new_context(accept_downloads=True)
        await context.add_init_script(
            f"localStorage.setItem('frontdesk.webchat', {json.dumps(json.dumps(session))})"
        )
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        await page.goto(url)
        button = page.locator("#log").get_by_role("button", name="下载申请书").last
        async with page.expect_download() as info:
            await button.click()
        download = await info.value
        assert download.suggested_filename.endswith(".docx")
        saved = tmp_path / "letter.docx"
        await download.save_as(saved)
        text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
        assert "张三" in text and "23000" in text
        assert errors == []
        await context.close()
