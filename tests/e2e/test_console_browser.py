"""The staff console in a real browser, beside the citizen's web chat page (issue 6 "Must show").

Each test serves the real app over loopback and drives two browser contexts: a staff member
at ``/staff`` and a citizen at ``/``. Matters are opened with the complaint service itself
(the effect the chat's complaint flow emits), so the tests do not depend on every intake step.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect
from sqlalchemy import select

from backend.container import Services
from backend.db.models import Conversation, Matter, Message
from backend.effects import EffectContext
from bot.app import create_app
from tests.conftest import PASSWORD, add_staff_user
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.browser
SCRIPT = "<script>alert(1)</script>"


async def staff_page(browser: Any, url: str, username: str, **viewport: int) -> Any:
    """Sign in through the login form; returns the console page (errors kept on it)."""
    context = await browser.new_context(viewport=viewport or None, timezone_id="Asia/Shanghai")
    page = await context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    await page.goto(f"{url}/staff")
    await page.wait_for_url(f"{url}/staff/login")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(f"{url}/staff")
    await page.locator("#who").get_by_text(username).wait_for()
    return page


async def citizen_page(browser: Any, url: str) -> tuple[Any, str]:
    """Open the web chat; returns the page and its conversation id (errors kept on it)."""
    context = await browser.new_context()
    page = await context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    await page.goto(url)
    await page.locator("#log").get_by_text("请选择您要办的事").wait_for()
    session_id = await page.evaluate(
        "JSON.parse(localStorage.getItem('frontdesk.webchat')).session_id"
    )
    return page, str(session_id)


async def say(page: Any, text: str) -> None:
    """The citizen types a message and sends it."""
    await page.get_by_label("输入消息").fill(text)
    await page.get_by_role("button", name="发送").click()


async def open_complaint(services: Services, conversation_id: str, facts: str) -> str:
    """A complaint from this conversation, opened by the complaint service; its tracking no."""
    async with services.db.transaction() as session:
        conversation = await session.get(Conversation, conversation_id)
        assert conversation is not None
        data = {
            "kind": "complaint",
            "category": "accusation",
            "route": "procuratorate_control",
            "facts": facts,
            "request": "请依法处理",
            "contact_name": "张三",
            "phone": "13812345678",
        }
        context = EffectContext(session, conversation, data, services.clock.now(), services)
        event = await services.effects.get("open_complaint")(context)
    assert event is not None
    services.notifier.notify("staff")
    return str(event.data["tracking_no"])


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_login_claim_and_a_procedural_reply_reach_the_web_chat(
    services: Services, browser: Any
) -> None:
    await add_staff_user(services, "clerk", "staff", "clerk 同志")
    async with live_server(create_app(services=services)) as url:
        citizen, conversation_id = await citizen_page(browser, url)
        tracking_no = await open_complaint(services, conversation_id, "老板拖欠工资三个月")
        console = await staff_page(browser, url, "clerk")

        row = console.locator("#queue-list li", has_text=tracking_no)
        await row.locator(".due").wait_for()
        assert "还剩 7 天" in await row.locator(".due").first.inner_text()
        await row.get_by_role("button").click()
        await console.locator("#item-title").get_by_text(tracking_no).wait_for()
        await console.get_by_role("button", name="认领", exact=True).click()
        await console.locator("#summary").get_by_text("clerk 同志").wait_for()
        assert await console.get_by_role("button", name="认领", exact=True).is_hidden()

        await console.locator("#reply-template").select_option("procedural_accepted")
        reply = console.locator("#reply-text")
        text = await reply.input_value()
        assert tracking_no in text and "依法受理" in text
        await console.locator("#a-reply").click()
        await console.locator("#timeline").get_by_text("回复群众", exact=False).first.wait_for()

        staff_message = citizen.locator(".msg.staff", has_text=tracking_no)
        await staff_message.wait_for()
        await console.screenshot(path=str(services.settings.data_dir / "console-item.png"))
        assert "依法受理" in await staff_message.inner_text()
        async with services.db.reader() as session:
            matter = await session.scalar(select(Matter).where(Matter.tracking_no == tracking_no))
        assert matter is not None and matter.procedural_replied_at is not None
        assert console.errors == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_live_handoff_both_ways(services: Services, browser: Any) -> None:
    await add_staff_user(services, "clerk", "staff", "clerk 同志")
    async with live_server(create_app(services=services)) as url:
        console = await staff_page(browser, url, "clerk")
        await console.locator("#counts").get_by_text("共", exact=False).wait_for()
        citizen, conversation_id = await citizen_page(browser, url)

        await say(citizen, "转人工")
        await citizen.locator("#log").get_by_text("已为您转接工作人员").wait_for()
        notice = console.locator("#notice")
        await notice.get_by_text("有群众请求转人工").wait_for()  # no reload
        assert await notice.get_attribute("aria-live") == "assertive"
        row = console.locator("#queue-list li.q-item", has_text="转人工")
        await row.wait_for()
        await console.screenshot(path=str(services.settings.data_dir / "console-queue.png"))
        await row.get_by_role("button").click()
        await console.get_by_role("button", name="接入对话").click()
        await citizen.locator("#log").get_by_text("clerk 同志已接入").wait_for()

        await console.locator("#live-text").fill("您好，我是工作人员，请讲。")
        await console.locator("#a-message").click()
        await citizen.locator(".msg.staff", has_text="我是工作人员").wait_for()

        await say(citizen, "我的工资被拖欠了三个月")
        await console.locator("#timeline").get_by_text("我的工资被拖欠了三个月").wait_for()

        await console.get_by_role("button", name="结束接待，交还机器人").click()
        await citizen.locator("#log").get_by_text("接下来由机器人继续为您服务").wait_for()
        menus = await citizen.locator("#log").get_by_text("请选择您要办的事").count()
        await say(citizen, "菜单")
        await citizen.locator("#log").get_by_text("请选择您要办的事").nth(menus).wait_for()

        async with services.db.reader() as session:
            authors = [
                (m.direction, m.author, (m.body or {}).get("text") or "")
                for m in await session.scalars(
                    select(Message)
                    .where(Message.conversation_id == conversation_id)
                    .order_by(Message.id)
                )
            ]
        asked = next(i for i, m in enumerate(authors) if m[2] == "我的工资被拖欠了三个月")
        released = next(i for i, m in enumerate(authors) if "机器人继续" in m[2])
        assert all(author != "bot" for _, author, _ in authors[asked + 1 : released])
        assert console.errors == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_handoff_nobody_joined_ends_with_a_reason_the_citizen_reads(
    services: Services, browser: Any
) -> None:
    await add_staff_user(services, "chief", "supervisor", "chief 主任")
    async with live_server(create_app(services=services)) as url:
        console = await staff_page(browser, url, "chief")
        citizen, _ = await citizen_page(browser, url)
        await say(citizen, "转人工")
        await citizen.locator("#log").get_by_text("已为您转接工作人员").wait_for()
        row = console.locator("#queue-list li.q-item", has_text="转人工")
        await row.get_by_role("button").click()
        await console.get_by_role("button", name="接入对话").wait_for()
        # Nobody joined: no "leave", no 接待中 to pick; ending asks for a reason first.
        assert await console.locator("#a-leave").is_hidden()
        options = await console.locator("#status-to option").all_inner_texts()
        assert "接待中" not in options and "已办结" in options
        assert await console.locator("#status-why-box").is_hidden()
        await console.locator("#status-to").select_option("closed")
        await expect(console.locator("#status-why-box")).to_be_visible()
        await console.locator("#status-why").select_option("called_back")
        await console.get_by_role("button", name="变更").click()
        await citizen.locator("#log").get_by_text("已经打电话和您联系过").wait_for()
        await console.locator("#timeline").get_by_text("原因：已电话联系群众").wait_for()
        await expect(console.locator("#item-status")).to_have_text("已办结")
        assert console.errors == [] and citizen.errors == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_script_in_a_complaint_shows_as_text_and_runs_nothing(
    services: Services, browser: Any
) -> None:
    await add_staff_user(services, "clerk", "staff", "clerk 同志")
    async with live_server(create_app(services=services)) as url:
        citizen, conversation_id = await citizen_page(browser, url)
        await say(citizen, SCRIPT)
        await citizen.locator("#log").get_by_text(SCRIPT).first.wait_for()
        tracking_no = await open_complaint(services, conversation_id, SCRIPT)

        console = await staff_page(browser, url, "clerk")
        dialogs: list[str] = []
        console.on("dialog", lambda dialog: dialogs.append(dialog.message))
        await console.locator("#queue-list li", has_text=tracking_no).get_by_role("button").click()
        await console.locator("#facts").get_by_text(SCRIPT).first.wait_for()
        await console.locator("#show-bot").check()  # the citizen's words before the complaint
        await console.locator("#timeline").get_by_text(SCRIPT).first.wait_for()
        assert await console.locator("#view-item script").count() == 0
        assert await console.locator("#summary").get_by_text("张*").count() == 1
        await console.locator("#summary").get_by_role("button", name="显示").first.click()
        await console.locator("#summary").get_by_text("张三").wait_for()
        assert dialogs == [] and console.errors == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_an_admin_sees_the_dashboard_and_the_faq_editor(
    services: Services, browser: Any
) -> None:
    await add_staff_user(services, "chief", "admin")
    async with live_server(create_app(services=services)) as url:
        console = await staff_page(browser, url, "chief")
        await console.get_by_role("button", name="统计").click()
        await console.locator("#dash-cards").get_by_text("7日内程序性回复").wait_for()
        await expect(console.locator("#period-from")).not_to_have_value("")
        await console.get_by_role("button", name="知识库").click()
        await console.locator("#faq-list").get_by_text("wage-001").click()
        await expect(console.locator("#fe-id")).to_have_value("wage-001")
        await expect(console.locator("#fe-question")).to_have_value(re.compile("包工头"))
        assert console.errors == []
