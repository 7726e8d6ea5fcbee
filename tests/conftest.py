"""Shared fixtures: real SQLite and PostgreSQL databases, services wired for tests.

Every test that takes ``services`` runs once on SQLite and once on PostgreSQL. PostgreSQL
comes from ``FRONTDESK_TEST_POSTGRES_URL``; without it those runs are skipped, unless
``FRONTDESK_TEST_REQUIRE_POSTGRES=1`` (CI), where they fail instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from backend.clock import ManualClock
from backend.container import Services
from backend.db.migrate import upgrade
from backend.settings import Settings
from backend.wiring import build_services
from tests.fakes.faq import FakeFaq


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
