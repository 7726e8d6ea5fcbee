"""Crash test: ``frontdesk serve`` killed with SIGKILL mid-load, restarted, nothing lost or doubled.

Concurrent citizens file complaints over the web chat API. After a fixed number of
successful requests the server process is killed (-9) while other requests are in flight,
then started again on the same database. Every request that returned success must be
stored exactly once; every citizen resumes by re-sending their unanswered request with the
same ``client_id`` and finishes with exactly one complaint; every inbound has its replies;
every conversation still answers.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from backend.db.crypto import FieldCipher
from backend.db.database import Database
from backend.db.models import Matter, Message, OutboxItem
from backend.settings import Settings
from knowledge.text import tidy
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, _pg_admin, run_async

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CITIZENS = 10
KILL_AFTER = 50  # successful requests before the kill; about a third of the load


def script(n: int) -> list[dict[str, str]]:
    """One citizen's complaint, as web chat request bodies (text and button taps)."""
    tag = f"编号{n:03d}"
    return [
        {"button": "/start"},
        {"button": "go:complaint"},
        {"button": "yes"},
        {"button": "judgment"},
        {"button": "civil"},
        {"button": "after_retrial"},
        {"text": f"{tag}：去年在工地干活，老板一直没给工资，一共欠了两万元。"},
        {"button": "done"},
        {"text": f"希望帮我要回工钱（{tag}）"},
        {"button": "no"},
        {"button": "named"},
        {"text": "王小明"},
        {"text": f"1380013{n:04d}"},
        {"button": "confirm"},
    ]


@dataclass
class Citizen:
    n: int
    sid: str
    token: str
    done: list[bool] = field(default_factory=list)  # True per step that returned success
    tracking_no: str | None = None

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def body(self, step: int) -> dict[str, str]:
        return {**script(self.n)[step], "client_id": f"{self.sid}-{step}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``frontdesk serve`` as a real child process."""

    def __init__(self, url: str, data_dir: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "FRONTDESK_DATABASE_URL": url,
            "FRONTDESK_DATA_DIR": str(data_dir),
            "FRONTDESK_ENV": "test",
            "FRONTDESK_LOG_LEVEL": "WARNING",
            "FRONTDESK_TELEGRAM_TOKEN": "",
            "FRONTDESK_RATE_CITIZEN_BURST": "1000",
            "FRONTDESK_RATE_IP_BURST": "100000",
        }
        self.log = data_dir / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        command = [sys.executable, "-m", "bot.cli", "serve", "--port", str(self.port)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stderr=log, stdout=log)
        async with httpx.AsyncClient(base_url=self.base, timeout=5) as http:
            for _ in range(1200):  # waits for start-up (the FAQ index), not a timing assertion
                assert self.process.poll() is None, self.log.read_text()[-3000:]
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("server did not start")

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(params=["sqlite", "postgres"])
def crash_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database for the server to migrate at start."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
        return
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("FRONTDESK_TEST_POSTGRES_URL is required in CI")
        pytest.skip("PostgreSQL not configured")
    name = f"frontdesk_crash_{uuid.uuid4().hex[:8]}"
    run_async(_pg_admin, POSTGRES_URL, f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        run_async(_pg_admin, POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def server(crash_db: str, tmp_path: Path) -> AsyncIterator[Server]:
    running = Server(crash_db, tmp_path)
    await running.start()
    try:
        yield running
    finally:
        running.stop()


async def citizen_run(
    http: httpx.AsyncClient, citizen: Citizen, successes: list[int], kill: asyncio.Event
) -> None:
    """Send the script until the server dies; record which requests succeeded."""
    for step in range(len(script(citizen.n))):
        try:
            response = await post_retrying(http, citizen, step)
        except httpx.TransportError:
            return
        if response.status_code != 200:
            return
        citizen.done.append(True)
        successes.append(1)
        if len(successes) >= KILL_AFTER:
            kill.set()


async def post_retrying(http: httpx.AsyncClient, citizen: Citizen, step: int) -> httpx.Response:
    """Send one request; re-send it (same client id) on 503, as the web chat page does."""
    for _ in range(3):
        response = await http.post(
            f"/api/webchat/sessions/{citizen.sid}/messages",
            headers=citizen.auth,
            json=citizen.body(step),
        )
        if response.status_code != 503:
            break
    return response


async def finish(http: httpx.AsyncClient, citizen: Citizen) -> None:
    """Re-send from the first unanswered request (same client ids) to the end."""
    steps = script(citizen.n)
    for step in range(len(citizen.done), len(steps)):
        response = await post_retrying(http, citizen, step)
        assert response.status_code == 200, response.text
        numbers = [r["tracking_no"] for r in response.json()["replies"] if r.get("tracking_no")]
        if numbers:
            citizen.tracking_no = numbers[0]


async def inbound_counts(http: httpx.AsyncClient, citizen: Citizen) -> list[int]:
    """How often each of the citizen's requests is in the transcript."""
    response = await http.get(f"/api/webchat/sessions/{citizen.sid}/messages", headers=citizen.auth)
    assert response.status_code == 200
    inbound = [m for m in response.json()["messages"] if m["direction"] == "in"]
    keys = [(m.get("button"), m.get("text") if not m.get("button") else None) for m in inbound]
    wanted = [
        (s.get("button"), tidy(s["text"]) if "text" in s else None) for s in script(citizen.n)
    ]
    return [keys.count(w) for w in wanted]


async def test_kill_minus_nine_mid_load_loses_and_doubles_nothing(
    server: Server, crash_db: str
) -> None:
    async with httpx.AsyncClient(base_url=server.base, timeout=60) as http:
        citizens = []
        for n in range(CITIZENS):
            body = (await http.post("/api/webchat/sessions", json={})).json()
            citizens.append(Citizen(n, body["session_id"], body["token"]))
        successes: list[int] = []
        kill = asyncio.Event()
        load = asyncio.gather(*(citizen_run(http, c, successes, kill) for c in citizens))
        # Kill at the threshold; if the load ends first (every citizen stopped), kill anyway.
        killed = asyncio.ensure_future(kill.wait())
        await asyncio.wait([killed, load], return_when="FIRST_COMPLETED")
        killed.cancel()
        server.kill()
        await load
    accepted = sum(len(c.done) for c in citizens)
    assert KILL_AFTER <= accepted < CITIZENS * len(script(0))

    await server.start()
    async with httpx.AsyncClient(base_url=server.base, timeout=60) as http:
        for citizen in citizens:
            counts = await inbound_counts(http, citizen)
            assert all(c == 1 for c in counts[: len(citizen.done)]), (citizen.n, counts)
            assert all(c <= 1 for c in counts), (citizen.n, counts)
        await asyncio.gather(*(finish(http, c) for c in citizens))
        for citizen in citizens:
            assert citizen.tracking_no, citizen.n
            assert await inbound_counts(http, citizen) == [1] * len(script(citizen.n))
            again = await http.post(
                f"/api/webchat/sessions/{citizen.sid}/messages",
                headers=citizen.auth,
                json=citizen.body(len(script(citizen.n)) - 1),
            )
            assert again.json()["duplicate"] is True
            menu = await http.post(
                f"/api/webchat/sessions/{citizen.sid}/messages",
                headers=citizen.auth,
                json={"text": "菜单"},
            )
            assert menu.status_code == 200 and menu.json()["replies"]
    await check_database(crash_db, {c.tracking_no for c in citizens if c.tracking_no})


async def check_database(url: str, tracking_numbers: set[str]) -> None:
    """Exactly one complaint per citizen; every inbound answered; no web reply left pending."""
    db = Database(url, FieldCipher(Settings().data_keys))
    try:
        async with db.reader() as session:
            rows: list[Any] = list(await session.execute(select(Matter.tracking_no)))
            numbers = [r[0] for r in rows if r[0]]
            assert sorted(numbers) == sorted(tracking_numbers)
            inbound = list(
                await session.scalars(select(Message.id).where(Message.direction == "in"))
            )
            answered = set(
                await session.scalars(select(Message.reply_to).where(Message.reply_to.is_not(None)))
            )
            assert inbound and set(inbound) <= answered
            pending = await session.scalar(
                select(func.count()).select_from(OutboxItem).where(OutboxItem.status != "sent")
            )
            assert pending == 0
    finally:
        await db.dispose()
