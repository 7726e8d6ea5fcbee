"""Shared fixtures: real SQLite and PostgreSQL databases, services wired for tests.

Every test that takes ``services`` runs once on SQLite and once on PostgreSQL. PostgreSQL
comes from ``FRONTDESK_TEST_POSTGRES_URL``; without it those runs are skipped, unless
``FRONTDESK_TEST_REQUIRE_POSTGRES=1`` (CI), where they fail instead.
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.clock import ManualClock
from backend.container import Services
from backend.db.migrate import upgrade
from backend.db.models import StaffUser
from backend.ratelimit import RateLimiter
from backend.services.accounts import hash_password
from backend.settings import Settings
from backend.staff import auth
from backend.wiring import build_services
from bot.app import create_app
from tests.fakes.faq import FakeFaq
from tests.fakes.live_server import live_server


def in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Run blocking set-up (Alembic, asyncio.run) off the test's running event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def run_async(coroutine_function: Callable[..., Any], *args: Any) -> Any:
    """``asyncio.run`` in a worker thread, safe to call from inside an event loop."""
    return in_thread(lambda: asyncio.run(coroutine_function(*args)))


POSTGRES_URL = os.environ.get("FRONTDESK_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("FRONTDESK_TEST_REQUIRE_POSTGRES") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests in tests/e2e are browser or network heavy: mark them for selection."""
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is much faster)."""
    path = tmp_path_factory.mktemp("template") / "frontdesk.db"
    in_thread(upgrade, f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throwaway PostgreSQL database, migrated once for the session."""
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("FRONTDESK_TEST_POSTGRES_URL is required in CI")
        pytest.skip("PostgreSQL not configured (FRONTDESK_TEST_POSTGRES_URL)")
    name = f"frontdesk_test_{uuid.uuid4().hex[:10]}"
    admin_url = POSTGRES_URL
    run_async(_pg_admin, admin_url, f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        in_thread(upgrade, url)
        yield url
    finally:
        run_async(_pg_admin, admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _pg_admin(url: str, statement: str) -> None:
    import asyncpg

    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _truncate_all(url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' "
            "AND tablename <> 'alembic_version'"
        )
        names = ", ".join(f'"{t["tablename"]}"' for t in tables)
        await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await connection.close()


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A clean, migrated database: a fresh SQLite file, or the emptied PostgreSQL test db."""
    if request.param == "sqlite":
        path = tmp_path / "frontdesk.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database")
    await _truncate_all(url)
    return url


@pytest.fixture
def clock() -> ManualClock:
    """Monday 2026-11-23 10:00 in Beijing (02:00 UTC), inside office hours."""
    return ManualClock()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Test settings on the parametrised database."""
    return Settings(env="test", database_url=database_url, data_dir=tmp_path, workers_enabled=False)


@pytest.fixture
async def services(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    """Services wired with a manual clock and a small fake FAQ."""
    built = build_services(settings, clock=clock, faq=FakeFaq())
    try:
        yield built
    finally:
        await built.db.dispose()


# The app over real HTTP: one server fixture and one client fixture for every test module.
# A module that needs the app configured overrides ``settings`` (limits, sizes), ``services``
# (another FAQ) or ``rate_limiter`` (tests that send many messages on purpose).


@pytest.fixture
def rate_limiter() -> RateLimiter | None:
    """The app's edge rate limiter; None builds the one the settings configure."""
    return None


@pytest.fixture
async def base_url(services: Services, rate_limiter: RateLimiter | None) -> AsyncIterator[str]:
    """The real app (``create_app(services=services)``) served by uvicorn on loopback."""
    if rate_limiter is not None:
        services.rate_limiter = rate_limiter
    async with live_server(create_app(services=services)) as url:
        yield url


@pytest.fixture
async def http(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the running app."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        yield client


# Staff: one set of accounts (one per role, and a second staff member) for every test module.
PASSWORD = "correct-horse-battery"
ACCOUNTS = {"alice": "staff", "bob": "staff", "sam": "supervisor", "ada": "admin"}


@functools.cache
def password_hash() -> str:
    """The argon2id hash of ``PASSWORD``, computed once per test run (slow by design)."""
    return hash_password(PASSWORD)


async def add_staff_user(
    services: Services, username: str, role: str, display_name: str | None = None
) -> int:
    """One staff account with ``PASSWORD`` (shown as ``display_name``); returns its id."""
    async with services.db.transaction() as session:
        user = StaffUser(
            username=username,
            role=role,
            password_hash=password_hash(),
            display_name=display_name or username.title(),
            created_at=services.clock.now(),
        )
        session.add(user)
        await session.flush()
        return user.id


async def sign_in(services: Services, client: httpx.AsyncClient, username: str) -> dict[str, str]:
    """Open a session for ``username`` on ``client`` (no login request, so no login limits);
    returns the CSRF header for changes."""
    result = await auth.login(
        services.db, username, PASSWORD, address="127.0.0.1", now=services.clock.now(), old=None
    )
    client.cookies.set("fd_staff", result.token)
    return {"X-CSRF-Token": result.csrf_token}


@pytest.fixture
async def accounts(services: Services) -> dict[str, int]:
    """The staff accounts of ``ACCOUNTS``: username → id."""
    return {name: await add_staff_user(services, name, role) for name, role in ACCOUNTS.items()}


@dataclass
class StaffClient:
    """An HTTP client with its own cookie jar that sends the CSRF token on every change."""

    http: httpx.AsyncClient
    csrf: str = ""
    user: dict[str, Any] = field(default_factory=dict)

    @property
    def csrf_header(self) -> dict[str, str]:
        """The header a change needs."""
        return {"X-CSRF-Token": self.csrf}

    async def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        """Sign in and keep the CSRF token."""
        response = await self.http.post(
            "/api/staff/login", json={"username": username, "password": password}
        )
        if response.status_code == 200:
            self.csrf, self.user = response.json()["csrf_token"], response.json()["user"]
        return response

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        """GET."""
        return await self.http.get(path, **kwargs)

    async def post(self, path: str, json: Any = None, csrf: str | None = None) -> httpx.Response:
        """POST with the session's CSRF token (or the one given)."""
        headers = {"X-CSRF-Token": self.csrf if csrf is None else csrf}
        return await self.http.post(path, json=json if json is not None else {}, headers=headers)

    async def patch(self, path: str, json: Any) -> httpx.Response:
        """PATCH with the CSRF token."""
        return await self.http.patch(path, json=json, headers=self.csrf_header)

    async def put(self, path: str, json: Any) -> httpx.Response:
        """PUT with the CSRF token."""
        return await self.http.put(path, json=json, headers=self.csrf_header)


@pytest.fixture
async def client_for(base_url: str, accounts: dict[str, int]) -> AsyncIterator[Any]:
    """``await client_for("alice")``: a client signed in over HTTP (``None``: not signed in)."""
    opened: list[httpx.AsyncClient] = []

    async def make(username: str | None) -> StaffClient:
        http = httpx.AsyncClient(base_url=base_url, timeout=30)
        opened.append(http)
        client = StaffClient(http)
        if username is not None:
            assert (await client.login(username)).status_code == 200
        return client

    yield make
    for http in opened:
        await http.aclose()


# Browser tests: Playwright driving Debian's chromium (never a downloaded browser).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("FRONTDESK_TEST_REQUIRE_BROWSER") == "1"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """A headless chromium, or a skip (a failure in CI) when it is not installed."""
    if not os.path.exists(CHROMIUM):
        if REQUIRE_BROWSER:
            pytest.fail("chromium is required in CI (apt-get install chromium)")
        pytest.skip("chromium not installed")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        instance = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield instance
        finally:
            await instance.close()
