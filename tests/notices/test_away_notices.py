"""A staff reply to a citizen whose page is closed: one push, one SMS, delivery on the item.

Real HTTP throughout: the app on loopback (web chat and staff APIs), a fake push service and
a fake SMS gateway on loopback, pywebpush's real encryption (the test decrypts like a browser)
and the outbox workers that drain the ``webpush`` and ``sms`` rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from backend.clock import ManualClock
from backend.container import Services
from backend.db.models import OutboxItem, PushSubscription
from backend.delivery import OutboxWorker
from backend.notices.workers import push_worker_for, sms_worker_for
from backend.settings import Settings
from backend.wiring import build_services
from tests.casework.intake import PHONE, file_complaint
from tests.fakes.faq import FakeFaq
from tests.fakes.live_server import live_server
from tests.fakes.push_service import Browser, FakePushService, FakeSmsGateway
from tests.staff.test_loop_http import Citizen, row_of

PUSH, GATEWAY = FakePushService(), FakeSmsGateway()


@pytest.fixture
async def loopback() -> AsyncIterator[tuple[str, str]]:
    """The fake push service and SMS gateway, served on loopback."""
    PUSH.received.clear()
    GATEWAY.sent.clear()
    async with live_server(PUSH.app()) as push_url, live_server(GATEWAY.app()) as sms_url:
        yield push_url, sms_url


@pytest.fixture
def settings(database_url: str, tmp_path: Path, loopback: tuple[str, str]) -> Settings:
    """Test settings with the SMS gateway on loopback."""
    return Settings(
        env="test",
        database_url=database_url,
        data_dir=tmp_path,
        workers_enabled=False,
        sms_gateway_url=f"{loopback[1]}/sms",
        sms_gateway_token=GATEWAY.token,
    )


@pytest.fixture
async def services(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    """Services over those settings."""
    built = build_services(settings, clock=clock, faq=FakeFaq())
    try:
        yield built
    finally:
        await built.db.dispose()


async def drain(worker: OutboxWorker, sent: int) -> None:
    """Run a worker until it has sent ``sent`` rows (and a moment more for any extra)."""
    task = asyncio.create_task(worker.run())
    try:
        await worker.wait_until(lambda: worker.stats.sent + worker.stats.rejected >= sent)
        await asyncio.sleep(0.3)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def outbox(services: Services) -> list[tuple[str, str]]:
    async with services.db.reader() as session:
        rows = await session.execute(
            select(OutboxItem.channel, OutboxItem.status).order_by(OutboxItem.id)
        )
        return [(c, s) for c, s in rows]


async def test_a_reply_to_a_closed_page_is_one_push_and_one_sms(
    services: Services, http: httpx.AsyncClient, client_for: Any, loopback: tuple[str, str]
) -> None:
    citizen = Citizen(http)
    tracking_no = await file_complaint(citizen.send, await citizen.start())
    auth, base = citizen.auth, f"/api/webchat/sessions/{citizen.session_id}"

    # After filing, on a tap: the page subscribes this browser and asks for SMS too.
    options = (await http.get("/api/webchat/notices")).json()
    assert options["sms"] is True and len(options["push_key"]) > 80
    browser = Browser()
    subscription = browser.subscription(f"{loopback[0]}/push/phone-1")
    added = await http.post(f"{base}/push-subscriptions", json=subscription, headers=auth)
    assert added.status_code == 201, added.text
    consent = await http.post(f"{base}/sms-consent", headers=auth)
    assert consent.status_code == 201 and consent.json() == {"phone_last4": PHONE[-4:]}

    clerk = await client_for("alice")
    item_id = (await row_of(clerk, tracking_no))["id"]
    reply_url = f"/api/staff/items/{item_id}/reply"

    # While the page holds its event stream open the citizen reads the reply there: no notice.
    ticket = (await http.post(f"{base}/stream-tickets", headers=auth)).json()["ticket"]
    async with http.stream("GET", f"{base}/events", params={"ticket": ticket}) as stream:
        lines = stream.aiter_lines()
        await lines.__anext__()  # the stream is open (its first line came); kept open
        sent = await clerk.post(
            reply_url, {"template": "ask_question", "values": {"question": "欠了几个月？"}}
        )
        assert sent.status_code == 200, sent.text
    assert await outbox(services) == []

    # The page is closed now (the stream ended): the next reply also goes out as notices.
    await _until_disconnected(services, citizen.session_id)
    accepted = await clerk.post(reply_url, {"template": "procedural_accepted"})
    assert accepted.status_code == 200, accepted.text
    assert sorted(await outbox(services)) == [("sms", "pending"), ("webpush", "pending")]

    push_worker, sms_worker = push_worker_for(services), sms_worker_for(services)
    assert sms_worker is not None
    await drain(push_worker, 1)
    await drain(sms_worker, 1)
    assert sorted(await outbox(services)) == [("sms", "sent"), ("webpush", "sent")]

    # Exactly one push, readable only with the browser's keys, saying there is a reply.
    ((headers, body),) = PUSH.received["phone-1"]
    assert headers["content-encoding"] == "aes128gcm" and headers["authorization"].startswith(
        "vapid "
    )
    notice = browser.read(body)
    assert tracking_no in notice["body"] and "新回复" in notice["body"]
    assert "受理" not in notice["body"]  # the notice says there is news, not what it is
    # Exactly one SMS, to the phone left with the complaint, with the same sentence.
    (sms,) = GATEWAY.sent
    assert (
        sms["to"] == PHONE and sms["text"] == notice["body"] and sms["ref"].startswith("frontdesk-")
    )

    # Draining again sends nothing more: one notice per event.
    await drain(push_worker_for(services), 0)
    assert len(PUSH.received["phone-1"]) == 1 and len(GATEWAY.sent) == 1

    # The case page says how the notices went, in words.
    item = (await clerk.get(f"/api/staff/items/{item_id}")).json()
    assert [(n["channel_label"], n["status_label"]) for n in item["notices"]] == [
        ("浏览器通知", "已发出"),
        ("短信", "已发出"),
    ]


async def test_a_subscription_the_push_service_says_is_gone_is_deleted(
    services: Services, http: httpx.AsyncClient, client_for: Any, loopback: tuple[str, str]
) -> None:
    citizen = Citizen(http)
    tracking_no = await file_complaint(citizen.send, await citizen.start())
    base = f"/api/webchat/sessions/{citizen.session_id}"
    PUSH.gone.add("old-phone")
    subscription = Browser().subscription(f"{loopback[0]}/push/old-phone")
    await http.post(f"{base}/push-subscriptions", json=subscription, headers=citizen.auth)
    clerk = await client_for("alice")
    item_id = (await row_of(clerk, tracking_no))["id"]
    await clerk.post(f"/api/staff/items/{item_id}/reply", {"template": "procedural_accepted"})
    await drain(push_worker_for(services), 1)
    assert await outbox(services) == [("webpush", "failed")]
    async with services.db.reader() as session:
        assert list(await session.scalars(select(PushSubscription))) == []
    PUSH.gone.discard("old-phone")


async def _until_disconnected(services: Services, conversation_id: str) -> None:
    """The stream's close is written after the response ends: wait for it (bounded)."""
    from backend.db.models import Conversation

    for _ in range(100):
        async with services.db.reader() as session:
            until = await session.scalar(
                select(Conversation.stream_until).where(Conversation.id == conversation_id)
            )
        if until is None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the closed stream still counts as connected")
