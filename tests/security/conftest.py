"""Security tests: the app in process (ASGI), staff accounts of every role, chosen addresses."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from backend.container import Services
from bot.app import create_app
from tests.conftest import ACCOUNTS, PASSWORD, accounts
from tests.fakes.ratelimit import Unlimited
from tests.staff.conftest import settings

__all__ = ["ACCOUNTS", "PASSWORD", "accounts", "app_client", "settings", "signed_in"]


@pytest.fixture
async def app_client(
    services: Services, accounts: dict[str, int]
) -> AsyncIterator[Callable[..., httpx.AsyncClient]]:
    """``app_client(address="…")``: an in-process client of the real app from that address."""
    if services.rate_limiter is None:
        services.rate_limiter = Unlimited()
    app = create_app(services=services)
    app.state.services = services
    opened: list[httpx.AsyncClient] = []

    def make(address: str = "127.0.0.1") -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        http = httpx.AsyncClient(transport=transport, base_url="http://test", timeout=30)
        opened.append(http)
        return http

    yield make
    for http in opened:
        await http.aclose()


async def signed_in(http: httpx.AsyncClient, username: str) -> dict[str, str]:
    """Sign ``http`` in as ``username``; returns the CSRF header for changes."""
    response = await http.post(
        "/api/staff/login", json={"username": username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}
