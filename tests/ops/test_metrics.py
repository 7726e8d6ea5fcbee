"""``GET /metrics`` over real HTTP: turns and latency, FAQ decisions, the queue by kind and due
status, the outbox lag per channel and reminders, in the Prometheus text format."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from backend.clock import ManualClock
from backend.container import Services
from backend.runtime import ChannelMessage
from bot.app import create_app
from dialogs.types import Inbound
from tests.fakes.live_server import live_server
from tests.fakes.ratelimit import Unlimited


@pytest.fixture
async def http(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    services.rate_limiter = Unlimited()
    async with (
        live_server(create_app(services=services)) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        yield client


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample by (name, sorted labels)."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_turns_decisions_queue_and_outbox(
    services: Services, http: httpx.AsyncClient, clock: ManualClock
) -> None:
    opened = (await http.post("/api/webchat/sessions", json={})).json()
    path = f"/api/webchat/sessions/{opened['session_id']}/messages"
    auth = {"Authorization": f"Bearer {opened['token']}"}
    for body in ({"text": "老板拖欠工资不给怎么办"}, {"text": "火星上的法律"}, {"text": "转人工"}):
        assert (await http.post(path, headers=auth, json=body)).status_code == 200
    telegram = ChannelMessage("telegram", "777", Inbound(text="/start"), message_key="u1")
    owed = len((await services.runtime.receive(telegram)).replies)
    clock.advance(seconds=90)  # nobody sends: the outbox is 90 s behind

    response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    got = samples(response.text)
    assert got[("frontdesk_turns_total", (("channel", "web"),))] == 3
    assert got[("frontdesk_turn_seconds_count", (("channel", "web"),))] == 3
    assert got[("frontdesk_turns_total", (("channel", "telegram"),))] == 1
    assert got[("frontdesk_faq_decisions_total", (("decision", "answer"),))] >= 1
    assert got[("frontdesk_faq_decisions_total", (("decision", "none"),))] >= 1
    assert got[("frontdesk_queue_open", (("due", "none"), ("kind", "handoff")))] == 1
    assert got[("frontdesk_outbox_pending", (("channel", "telegram"),))] == owed
    assert got[("frontdesk_outbox_lag_seconds", (("channel", "telegram"),))] == 90
    assert ("frontdesk_outbox_pending", (("channel", "web"),)) not in got  # read, not sent
    assert got[("frontdesk_reminders_due", ())] == 0
    assert "老板" not in response.text and opened["session_id"] not in response.text


async def test_metrics_can_ask_for_a_token(services: Services, http: httpx.AsyncClient) -> None:
    services.settings.metrics_token = "scrape-me"
    assert (await http.get("/metrics")).status_code == 401
    wrong = await http.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = await http.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert right.status_code == 200 and "frontdesk_turns_total" in right.text


async def test_reminders_due_and_fired(services: Services, clock: ManualClock) -> None:
    from backend.services.reminder_worker import run_reminders_once
    from tests.staff.conftest import make_matter

    await make_matter(services)  # a complaint: its due-soon reminder is planned by the sweep
    clock.advance(days=30)
    first = await run_reminders_once(services)
    assert first.claimed
    got = samples(services.metrics.exposition().decode())
    fired = got[("frontdesk_reminders_fired_total", (("outcome", "fired"),))]
    skipped = got[("frontdesk_reminders_fired_total", (("outcome", "skipped"),))]
    assert fired + skipped == len(first.claimed) and fired == len(first.fired)
    await services.metrics.refresh(
        services.db, clock.now() + timedelta(days=400), clock.now().date(), clock.now().date()
    )
    assert samples(services.metrics.exposition().decode())[("frontdesk_reminders_due", ())] >= 1
