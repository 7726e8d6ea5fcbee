"""Telegram fixtures: each test once per library, the fake Bot API on loopback, a citizen."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from backend.container import Services
from backend.delivery import VirtualTimer
from tests.fakes.bot_api import FakeBotApi
from tests.telegram.harness import TOKEN, Citizen, configure, running_channel


@pytest.fixture(params=["ptb", "aiogram"])
def library(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs once per Telegram library."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    return str(request.param)


@pytest.fixture
def vtimer(services: Services) -> VirtualTimer:
    """The sender's timer, shared with the fake (starts at the services' manual clock)."""
    return VirtualTimer(services.clock.now())


@pytest_asyncio.fixture
async def bot_api(vtimer: VirtualTimer) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN, clock=vtimer.monotonic) as fake:
        yield fake


@pytest_asyncio.fixture
async def polling(
    services: Services, bot_api: FakeBotApi, library: str, vtimer: VirtualTimer
) -> AsyncIterator[Citizen]:
    """The channel in polling mode, and a citizen talking to it."""
    configure(services, bot_api, library)
    async with running_channel(services, vtimer):
        await bot_api.wait_for_poll()
        yield Citizen(services, bot_api)
