"""The database goes away: requests fail cleanly (503 + Retry-After), and it all comes back.

Run against PostgreSQL: once on a port where nothing listens, once on a real database that
is renamed away under a running app and then renamed back.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.exc import DBAPIError

from backend.clock import ManualClock
from backend.db.migrate import upgrade
from backend.services.retention import purge
from backend.settings import Settings
from backend.wiring import build_services
from bot.app import create_app
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, _pg_admin, in_thread
from tests.fakes.faq import FakeFaq
from tests.fakes.live_server import live_server

pytestmark = pytest.mark.postgres


def _need_postgres() -> str:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("FRONTDESK_TEST_POSTGRES_URL is required in CI")
        pytest.skip("PostgreSQL not configured")
    return POSTGRES_URL


def _assert_clean_503(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "unavailable"
    assert "Content-Security-Policy" in response.headers


async def test_nothing_listening_gives_503_with_retry_after(tmp_path: Path) -> None:
    base = _need_postgres().rsplit("@", 1)[0]
    settings = Settings(
        env="test",
        database_url=f"{base}@127.0.0.1:1/nowhere",
        data_dir=tmp_path,
        workers_enabled=False,
    )
    services = build_services(settings, clock=ManualClock(), faq=FakeFaq())
    try:
        async with (
            live_server(create_app(services=services)) as url,
            httpx.AsyncClient(base_url=url, timeout=30) as http,
        ):
            _assert_clean_503(await http.post("/api/webchat/sessions", json={}))
            _assert_clean_503(await http.get("/healthz"))
            headers = {"Authorization": "Bearer x"}
            _assert_clean_503(
                await http.post(
                    "/api/webchat/sessions/a/messages", headers=headers, json={"text": "hi"}
                )
            )
    finally:
        await services.db.dispose()


@pytest.fixture
async def movable_database() -> AsyncIterator[tuple[str, str]]:
    admin = _need_postgres()
    name = f"frontdesk_down_{uuid.uuid4().hex[:8]}"
    await _pg_admin(admin, f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    in_thread(upgrade, url)
    try:
        yield url, name
    finally:
        for db in (name, f"{name}_away"):
            await _pg_admin(admin, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


async def _rename(old: str, new: str) -> None:
    admin = _need_postgres()
    await _pg_admin(
        admin,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{old}' AND pid <> pg_backend_pid()",
    )
    await _pg_admin(admin, f'ALTER DATABASE "{old}" RENAME TO "{new}"')


async def test_a_vanished_database_fails_cleanly_and_everything_resumes(
    movable_database: tuple[str, str], tmp_path: Path
) -> None:
    url, name = movable_database
    settings = Settings(env="test", database_url=url, data_dir=tmp_path, workers_enabled=False)
    services = build_services(settings, clock=ManualClock(), faq=FakeFaq())
    try:
        async with (
            live_server(create_app(services=services)) as base,
            httpx.AsyncClient(base_url=base, timeout=30) as http,
        ):
            created = (await http.post("/api/webchat/sessions", json={})).json()
            auth = {"Authorization": f"Bearer {created['token']}"}
            messages = f"/api/webchat/sessions/{created['session_id']}/messages"
            first = await http.post(messages, headers=auth, json={"text": "老板拖欠工资怎么办"})
            assert first.status_code == 200

            await _rename(name, f"{name}_away")
            down = await http.post(
                messages, headers=auth, json={"text": "子女不给赡养费怎么办", "client_id": "c2"}
            )
            _assert_clean_503(down)
            _assert_clean_503(await http.get(messages, headers=auth))
            with pytest.raises(DBAPIError):  # a worker's pass fails; its loop retries later
                await purge(services.db, settings, services.clock.now())

            await _rename(f"{name}_away", name)
            again = await http.post(
                messages, headers=auth, json={"text": "子女不给赡养费怎么办", "client_id": "c2"}
            )
            assert again.status_code == 200 and not again.json()["duplicate"]
            transcript = (await http.get(messages, headers=auth)).json()["messages"]
            inbound = [m["text"] for m in transcript if m["direction"] == "in"]
            assert inbound == ["老板拖欠工资怎么办", "子女不给赡养费怎么办"]
            report = await purge(services.db, settings, services.clock.now())
            assert not report.skipped
    finally:
        await services.db.dispose()
