"""Shared by the HTTP and start-up benchmarks: a real ``frontdesk serve`` in a subprocess.

The server gets its own data directory (SQLite) or a throwaway PostgreSQL database, a free
loopback port, and rate limits high enough that one load generator on one address is not
throttled (the limits protect production from floods; here they would measure themselves).
CPU time and resident memory come from ``/proc`` for the whole process tree (the uvicorn
supervisor and its worker processes).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

REPO = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
UNTHROTTLED = {
    "FRONTDESK_RATE_IP_BURST": "1000000",
    "FRONTDESK_RATE_IP_PER_MINUTE": "1000000",
    "FRONTDESK_RATE_CITIZEN_BURST": "1000000",
    "FRONTDESK_RATE_CITIZEN_PER_MINUTE": "1000000",
}


@dataclass
class Served:
    """A running server: its base URL and process."""

    url: str
    process: subprocess.Popen[bytes]
    started_at: float
    log: IO[bytes]

    def cpu_seconds(self) -> float:
        """User + system CPU of the server and all its descendants so far."""
        return sum(cpu_seconds(pid) for pid in process_tree(self.process.pid))

    def rss_mb(self) -> float:
        """Resident memory of the server and all its descendants, in MB."""
        return sum(rss_mb(pid) for pid in process_tree(self.process.pid))


def free_port() -> int:
    """A free TCP port on loopback (closed again: the server binds it next)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_tree(root: int) -> list[int]:
    """``root`` and every live descendant (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def rss_mb(pid: int) -> float:
    """Resident set size of one process in MB (0 if it is gone)."""
    try:
        resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return resident * PAGE_BYTES / 1e6


def backend_cpu_seconds(database: str) -> float:
    """CPU seconds of the PostgreSQL backends serving ``database`` (their titles name it)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if title.startswith("postgres:") and f" {database} " in title:
                    total += cpu_seconds(int(entry.name))
    return total


def load_average() -> str:
    """The 1/5/15-minute load averages, as /proc/loadavg gives them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def server_env(data_dir: Path, database_url: str = "", **extra: str) -> dict[str, str]:
    """The environment for a benchmark server: own data, no throttling, quiet logs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    env.update(UNTHROTTLED)
    env.update(
        FRONTDESK_DATA_DIR=str(data_dir),
        FRONTDESK_DATABASE_URL=database_url,
        FRONTDESK_LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def frontdesk_command(port: int, workers: int, profile: Path | None = None) -> list[str]:
    """``frontdesk serve`` with this interpreter, optionally under pyinstrument (text report)."""
    args = ["serve", "--port", str(port), "--workers", str(workers)]
    if profile is None:
        code = "import sys; from bot.cli import main; sys.exit(main())"
    else:
        code = PROFILED.format(out=str(profile))
    return [sys.executable, "-c", code, *args]


# uvicorn re-raises the SIGTERM it caught once it has shut down; turning that into SystemExit
# lets the profiler write its report.
PROFILED = """
import signal, sys
from pyinstrument import Profiler
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
profiler = Profiler(interval=0.005, async_mode="disabled")
profiler.start()
try:
    from bot.cli import main
    main()
finally:
    profiler.stop()
    with open({out!r}, "w") as report:
        report.write(profiler.output_text(show_all=False, color=False))
"""


@contextlib.asynccontextmanager
async def serve(
    env: dict[str, str], workers: int = 1, *, profile: Path | None = None, timeout: float = 60.0
) -> AsyncIterator[Served]:
    """Start ``frontdesk serve``, wait for ``/healthz``, and stop it (SIGTERM, then kill)."""
    port = free_port()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe stalls the server
        process = subprocess.Popen(
            frontdesk_command(port, workers, profile),
            env=env,
            cwd=REPO,  # this tree's packages come first on sys.path, not another checkout's
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # its own process group, so stopping it reaches the workers
        )
        served = Served(f"http://127.0.0.1:{port}", process, started, log)
        try:
            await wait_healthy(served, timeout)
            yield served
        finally:
            stop(process, grace=120.0 if profile else 15.0)  # the report takes a while


async def wait_healthy(served: Served, timeout: float) -> None:
    """Poll ``/healthz`` until it answers 200; raise with the server's stderr if it died."""
    deadline = time.perf_counter() + timeout
    async with httpx.AsyncClient(timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if served.process.poll() is not None:
                served.log.seek(0)
                stderr = served.log.read()
                raise RuntimeError(f"server exited: {stderr.decode(errors='replace')[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"{served.url}/healthz")).status_code == 200:
                    return
            await asyncio.sleep(0.02)
    raise TimeoutError(f"server not healthy after {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
    """Stop the server's process group: SIGTERM, then SIGKILL after ``grace`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.asynccontextmanager
async def throwaway_postgres(server_url: str) -> AsyncIterator[str]:
    """A fresh database on ``server_url``'s server, dropped afterwards; yields its URL."""
    import asyncpg

    base = server_url.replace("postgresql+asyncpg://", "postgresql://")
    name = f"frontdesk_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(base)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield server_url.rsplit("/", 1)[0] + f"/{name}"
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
