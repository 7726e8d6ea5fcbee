"""Limits before authentication, status look-ups counted where they come from, stream
tickets instead of tokens in URLs, and the production-only edges (issue 18)."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from backend.container import Services
from backend.ratelimit import MemoryRateLimiter
from backend.settings import Settings
from bot.app import create_app

Client = Callable[..., httpx.AsyncClient]


async def test_wrong_tokens_do_not_spend_the_citizens_bucket(
    services: Services, accounts: dict[str, int]
) -> None:
    services.settings.rate_citizen_burst = 5
    services.rate_limiter = MemoryRateLimiter(clock=lambda: 0.0)  # no refill
    app = create_app(services=services)
    app.state.services = services
    transport = httpx.ASGITransport(app=app, client=("203.0.113.1", 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        body = (await http.post("/api/webchat/sessions", json={})).json()
        url = f"/api/webchat/sessions/{body['session_id']}/messages"
        for n in range(25):
            forged = await http.post(
                url, headers={"Authorization": f"Bearer x{n % 2}"}, json={"text": "hi"}
            )
            assert forged.status_code in (401, 429)
        mine = {"Authorization": f"Bearer {body['token']}"}
        assert (await http.post(url, headers=mine, json={"text": "你好"})).status_code == 200


async def _look_up(http: httpx.AsyncClient, number: str, last4: str) -> str:
    body = (await http.post("/api/webchat/sessions", json={})).json()
    url = f"/api/webchat/sessions/{body['session_id']}/messages"
    auth = {"Authorization": f"Bearer {body['token']}"}
    await http.post(url, headers=auth, json={"button": "go:status"})
    await http.post(url, headers=auth, json={"text": number})
    replies = (await http.post(url, headers=auth, json={"text": last4})).json()["replies"]
    return "\n".join(r["text"] for r in replies)


async def test_status_failures_count_per_address_across_sessions(app_client: Client) -> None:
    http = app_client("198.51.100.20")
    answers = [await _look_up(http, f"C2611230{n:04d}", "1234") for n in range(11)]
    assert all("没有找到" in a for a in answers[:10])
    assert "次数太多" in answers[10]  # a new session reset nothing
    assert "没有找到" in await _look_up(app_client("198.51.100.21"), "C26112300099", "1234")


async def test_status_failures_count_per_tracking_number_across_addresses(
    app_client: Client,
) -> None:
    number = "C26112312345"
    answers = [await _look_up(app_client(f"192.0.2.{n}"), number, f"{n:04d}") for n in range(11)]
    assert all("没有找到" in a for a in answers[:10]) and "次数太多" in answers[10]


async def test_a_stream_ticket_opens_the_stream_once(
    app_client: Client, services: Services
) -> None:
    http = app_client()
    body = (await http.post("/api/webchat/sessions", json={})).json()
    base = f"/api/webchat/sessions/{body['session_id']}"
    auth = {"Authorization": f"Bearer {body['token']}"}
    issued = await http.post(f"{base}/stream-tickets", headers=auth)
    assert issued.status_code == 201 and issued.headers["Cache-Control"] == "no-store"
    ticket = issued.json()["ticket"]
    assert body["token"] not in ticket
    from backend.services import stream_tickets

    now = services.clock.now()
    assert await stream_tickets.redeem(services.db, body["session_id"], ticket, now=now)
    assert not await stream_tickets.redeem(services.db, body["session_id"], ticket, now=now)
    spent = await http.get(f"{base}/events", params={"ticket": ticket})
    assert spent.status_code == 401
    token_in_url = await http.get(f"{base}/events", params={"token": body["token"]})
    assert token_in_url.status_code == 401  # ?token= is no longer accepted
    late = (await http.post(f"{base}/stream-tickets", headers=auth)).json()["ticket"]
    services.clock.advance(seconds=services.settings.stream_ticket_seconds + 1)  # type: ignore[attr-defined]
    assert not await stream_tickets.redeem(
        services.db, body["session_id"], late, now=services.clock.now()
    )
    other = (await http.post("/api/webchat/sessions", json={})).json()
    theirs = (await http.post(f"{base}/stream-tickets", headers=auth)).json()["ticket"]
    assert not await stream_tickets.redeem(
        services.db, other["session_id"], theirs, now=services.clock.now()
    )


async def test_login_and_personal_data_are_never_cached(app_client: Client) -> None:
    http = app_client()
    login = await http.post("/api/staff/login", json={"username": "alice", "password": "x"})
    assert login.headers["Cache-Control"] == "no-store"
    assert (await http.get("/staff/login")).headers["Cache-Control"] == "no-store"
    assert (await http.get("/api/staff/me")).headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in login.headers  # plain http outside production


async def test_production_has_no_docs_and_sends_hsts(services: Services) -> None:
    production = Settings(
        env="production",
        secret_key="s" * 40,
        data_key="MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        database_url=services.settings.database_url,
        workers_enabled=False,
    )
    services.settings = production
    app = create_app(services=services)
    app.state.services = services
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as http:
        for path in ("/docs", "/openapi.json", "/redoc"):
            assert (await http.get(path)).status_code == 404, path
        page = await http.get("/")
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    development = create_app(Settings(env="development"))
    assert development.openapi_url == "/openapi.json" and development.redoc_url is None
