"""Retake the staff console's screenshots in docs/console.md.

Seeds a realistic morning's queue through the public APIs (the web chat and the staff API,
over real HTTP, on a throwaway SQLite database, with the clock held at Monday 23 November
2026, 10:00 Beijing), then photographs the queue, a case page and the dashboard with Debian's
chromium at phone width (390 px) and at desk width.

    .venv/bin/python docs/screenshots.py            # writes docs/img/console-*.png
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from backend.clock import ManualClock  # noqa: E402
from backend.container import Services  # noqa: E402
from backend.db.migrate import upgrade  # noqa: E402
from backend.runtime import ChannelMessage  # noqa: E402
from backend.services.accounts import add_staff  # noqa: E402
from backend.settings import Settings  # noqa: E402
from backend.wiring import build_services  # noqa: E402
from bot.app import create_app  # noqa: E402
from dialogs.types import Inbound  # noqa: E402
from tests.casework.intake import Answer, file_complaint, tiny_png  # noqa: E402
from tests.eligibility_flow.test_eligibility_interview import CASES  # noqa: E402
from tests.fakes.live_server import live_server  # noqa: E402

OUT = ROOT / "docs" / "img"
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Beijing
PASSWORD = "console-screenshots"
CHROMIUM = "/usr/bin/chromium"
SIZES = {"mobile": (390, 844), "desktop": (1366, 900)}


class Chat:
    """One citizen in the web chat, over the public API."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http, self.id, self.token = http, "", ""

    async def start(self) -> list[dict[str, Any]]:
        opened = (await self.http.post("/api/webchat/sessions", json={})).json()
        self.id, self.token = opened["session_id"], opened["token"]
        return await self.send(("text", "你好"))

    async def send(self, answer: Answer) -> list[dict[str, Any]]:
        kind, value = answer
        response = await self.http.post(
            f"/api/webchat/sessions/{self.id}/messages",
            json={kind: value},
            headers={"Authorization": f"Bearer {self.token}"},
        )
        response.raise_for_status()
        return list(response.json()["replies"])

    async def photo(self, name: str) -> None:
        response = await self.http.post(
            f"/api/webchat/sessions/{self.id}/attachments",
            files={"file": (name, tiny_png(240, 160), "image/png")},
            headers={"Authorization": f"Bearer {self.token}"},
        )
        response.raise_for_status()


class Desk:
    """A caseworker's API session."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http, self.csrf = http, ""

    async def login(self, username: str) -> Desk:
        body = {"username": username, "password": PASSWORD}
        self.csrf = (await self.http.post("/api/staff/login", json=body)).json()["csrf_token"]
        return self

    async def item(self, tracking_no: str) -> int:
        rows = (await self.http.get("/api/staff/queue", params={"q": tracking_no})).json()
        return int(next(r["id"] for r in rows["items"] if r["tracking_no"] == tracking_no))

    async def post(self, item: int, action: str, body: dict[str, Any] | None = None) -> None:
        response = await self.http.post(
            f"/api/staff/items/{item}/{action}",
            json=body or {},
            headers={"X-CSRF-Token": self.csrf},
        )
        response.raise_for_status()


async def complaint(base: str, facts: str, answers: dict[str, Answer]) -> tuple[Chat, str]:
    http = httpx.AsyncClient(base_url=base, timeout=30)
    chat = Chat(http)
    return chat, await file_complaint(chat.send, await chat.start(), answers, facts)


def person(name: str, phone: str, **more: Answer) -> dict[str, Answer]:
    return {"name": ("text", name), "phone": ("text", phone), **more}


APPLICATION: dict[str, dict[str, str]] = {  # the application's questions, by what they ask
    "consent": {"button": "yes"},
    "name": {"text": "刘建军"},
    "phone": {"text": "13955556666"},
    "respondent_kind": {"button": "company"},
    "respondent": {"text": "宏达建筑劳务有限公司"},
    "more_respondents": {"button": "no"},
    "amount": {"text": "四万五"},
    "people": {"text": "12"},
}


async def application(services: Services) -> None:
    """A support application through the real interview, as a citizen on the terminal; each
    question is answered by what it asks (optional ones skipped), until a tracking number."""
    answers = CASES["support_apply"]

    async def say(**inbound: str) -> Any:
        message = ChannelMessage("terminal", "worker-1", Inbound(**inbound))  # type: ignore[arg-type]
        return (await services.runtime.receive(message)).replies

    await say(text="/start")
    replies = await say(button="go:eligibility")
    while replies[-1].ask != "summary":
        value = str(answers[str(replies[-1].ask)])
        offered = {b.payload for b in replies[-1].buttons}
        replies = await (say(button=value) if value in offered else say(text=value))
    await say(button="done")
    replies = await say(button="apply")
    for _ in range(40):
        if any(r.tracking_no for r in replies):
            return
        offered = {b.payload for b in replies[-1].buttons}
        fallback = next(({"button": b} for b in ("confirm", "skip", "none") if b in offered), None)
        step = APPLICATION.get(str(replies[-1].ask)) or fallback
        if step is None:
            raise RuntimeError(f"the application asked {replies[-1].ask!r}, not answered here")
        replies = await say(**step)
    raise RuntimeError("the application did not finish")


async def seed(base: str, services: Services, clock: ManualClock) -> str:
    """A morning's queue; returns the tracking number of the case page to photograph."""
    async with services.db.transaction() as session:
        for username, name, role in (
            ("wangmin", "王敏", "staff"),
            ("liqiang", "李强", "staff"),
            ("chen", "陈主任", "supervisor"),
        ):
            await add_staff(
                session,
                username=username,
                role=role,
                password=PASSWORD,
                display_name=name,
                now=clock.now(),
            )
    clock.current = NOW - timedelta(days=11, hours=-1)
    await complaint(
        base,
        "我在城东工地干了四个月，包工头跑了，十二个工友的工资一共十八万没发。",
        person("赵铁柱", "13700001111"),
    )
    clock.current = NOW - timedelta(days=6)
    await complaint(
        base,
        "孩子报的英语培训班突然关门，交的8600元学费不退，老板电话也打不通。",
        person("李红", "13812340000", **{"route.topic": ("button", "consumer")}),
    )
    clock.current = NOW - timedelta(days=3, hours=-2)
    worker, wages = await complaint(
        base,
        "老板拖欠我三个月工资，一共两万三千元，我去工地找他，他说没钱。",
        person("张三", "13812345678"),
    )
    clock.current = NOW - timedelta(days=8)
    _, closed_no = await complaint(
        base,
        "村里的小河被上游的厂子排污，鱼都死了，村民多次反映没人管。",
        person("孙大妈", "13600002222", **{"route.topic": ("button", "other")}),
    )
    clock.current = NOW - timedelta(days=1)
    await application(services)
    wang = await Desk(httpx.AsyncClient(base_url=base, timeout=30)).login("wangmin")
    item = await wang.item(wages)
    await wang.post(item, "claim")
    await wang.post(
        item,
        "reply",
        {"template": "procedural_more_material", "values": {"materials": "欠条或工资结算单的照片"}},
    )
    clock.current = NOW - timedelta(minutes=50)
    await worker.send(("text", "好的，欠条在我老乡那里，我拿到就拍照发过来"))
    clock.current = NOW - timedelta(minutes=35)
    await worker.photo("欠条.png")
    li = await Desk(httpx.AsyncClient(base_url=base, timeout=30)).login("liqiang")
    done = await li.item(closed_no)
    clock.current = NOW - timedelta(days=7, hours=1)
    await li.post(done, "claim")
    await li.post(done, "reply", {"template": "procedural_accepted"})
    await li.post(
        done,
        "reply",
        {"template": "result", "values": {"text": "已移送生态环境部门查处，排污已停止。"}},
    )
    await li.post(done, "status", {"status": "closed"})
    clock.current = NOW - timedelta(minutes=12)
    waiting = Chat(httpx.AsyncClient(base_url=base, timeout=30))
    await waiting.start()
    await waiting.send(("text", "转人工"))
    await waiting.send(("text", "我丈夫经常打我，我想问问能不能起诉离婚"))
    clock.current = NOW
    return wages


async def shoot(base: str, tracking_no: str) -> list[Path]:
    from playwright.async_api import async_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    taken: list[Path] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu"]
        )
        for size, (width, height) in SIZES.items():
            context = await browser.new_context(
                viewport={"width": width, "height": height},
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
            )
            page = await context.new_page()
            await page.goto(f"{base}/staff/login")
            await page.get_by_label("用户名").fill("wangmin")
            await page.get_by_label("密码").fill(PASSWORD)
            await page.get_by_role("button", name="登录").click()
            await page.locator("#queue-list li.q-item").first.wait_for()
            taken.append(await _snap(page, f"console-queue-{size}.png"))
            await page.locator("#queue-list li", has_text=tracking_no).get_by_role("button").click()
            await page.locator("#timeline").get_by_text("欠条在我老乡那里").wait_for()
            await page.locator("#reply-template").select_option("result")
            taken.append(await _snap(page, f"console-case-{size}.png"))
            await context.close()
        context = await browser.new_context(
            viewport=dict(zip(("width", "height"), SIZES["desktop"], strict=True)), locale="zh-CN"
        )
        page = await context.new_page()
        await page.goto(f"{base}/staff/login")
        await page.get_by_label("用户名").fill("chen")
        await page.get_by_label("密码").fill(PASSWORD)
        await page.get_by_role("button", name="登录").click()
        await page.locator("#queue-list li.q-item").first.wait_for()
        await page.get_by_role("button", name="统计").click()
        await page.locator("#dash-trend svg").wait_for()
        taken.append(await _snap(page, "console-dashboard-desktop.png"))
        await browser.close()
    return taken


async def _snap(page: Any, name: str) -> Path:
    path = OUT / name
    await page.wait_for_timeout(300)  # let images and the chart settle
    await page.screenshot(path=str(path), full_page=True)
    return path


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            env="development",
            data_dir=Path(tmp),
            workers_enabled=False,
            rate_citizen_burst=1000,
            rate_ip_burst=10_000,
            rate_login_burst=1000,
        )
        await asyncio.to_thread(upgrade, settings.effective_database_url)
        clock = ManualClock(NOW)
        services = build_services(settings, clock=clock)
        try:
            async with live_server(create_app(services=services)) as base:
                tracking_no = await seed(base, services, clock)
                for path in await shoot(base, tracking_no):
                    print(path.relative_to(ROOT))
        finally:
            await services.db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
