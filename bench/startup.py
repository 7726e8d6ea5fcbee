"""``frontdesk bench startup``: from launching ``frontdesk serve`` to the first answered question.

The clock starts when the process is launched and stops when a legal question, sent through
the web chat API (new session, then the question), comes back with its answer. That covers
interpreter start, imports, ``db upgrade`` (creating the schema on a fresh data directory;
finding nothing to do on the second start), loading and indexing the knowledge base, and the
first turn. Resident memory (RSS, from /proc) is read right after that first answer, i.e.
with the knowledge base loaded. Each start is a new process; the median of the runs is shown.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench.serving import (
    REPO,
    cpu_seconds,
    free_port,
    frontdesk_command,
    load_average,
    rss_mb,
    server_env,
    stop,
)

QUESTION = "老板拖欠工资不给怎么办"


async def first_answer(url: str, process: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until ``/healthz`` answered; then wait for the first answered question."""
    deadline, healthy = time.perf_counter() + timeout, 0.0
    async with httpx.AsyncClient(timeout=10.0) as client:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                raise RuntimeError("server exited during start-up")
            with contextlib.suppress(httpx.HTTPError):
                if not healthy and (await client.get(f"{url}/healthz")).status_code == 200:
                    healthy = time.perf_counter()
                if healthy:
                    await _ask(client, url)
                    return healthy
            await asyncio.sleep(0.01)
    raise TimeoutError(f"no answer within {timeout:.0f} s")


async def _ask(client: httpx.AsyncClient, url: str) -> None:
    session = (await client.post(f"{url}/api/webchat/sessions", json={})).json()
    response = await client.post(
        f"{url}/api/webchat/sessions/{session['session_id']}/messages",
        json={"text": QUESTION},
        headers={"Authorization": f"Bearer {session['token']}"},
    )
    response.raise_for_status()
    if not response.json()["replies"]:
        raise RuntimeError("the question got no reply")


Start = tuple[float, float, float, float]


async def one_start(data_dir: Path, profile: Path | None) -> Start:
    """(seconds to /healthz, to the first answer, CPU seconds used, RSS MB) for one launch."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        frontdesk_command(port, 1, profile),
        env=server_env(data_dir),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        healthy = await first_answer(f"http://127.0.0.1:{port}", process, 60.0)
        answered = time.perf_counter()
        return healthy - started, answered - started, cpu_seconds(process.pid), rss_mb(process.pid)
    finally:
        stop(process)


async def measure(runs: int, profile: Path | None) -> dict[str, list[Start]]:
    """Cold starts (fresh data directory each time) and warm ones (schema already there)."""
    results: dict[str, list[Start]] = {"fresh data dir": [], "restart": []}
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-startup-") as workdir:
        for n in range(runs):
            fresh = Path(workdir) / f"fresh-{n}"
            fresh.mkdir()
            results["fresh data dir"].append(await one_start(fresh, None))
            results["restart"].append(await one_start(fresh, profile if n == 0 else None))
    return results


def main(argv: list[str] | None = None) -> int:
    """Print the table (medians over the runs)."""
    parser = argparse.ArgumentParser(prog="frontdesk bench startup")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one run of each")
    parser.add_argument("--full", action="store_true", help="five runs of each (the default)")
    parser.add_argument("--profile", help="write a pyinstrument report of one restart here")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    results = asyncio.run(measure(runs, Path(args.profile) if args.profile else None))
    print("| start | runs | to /healthz s | to first answer s | CPU s used | RSS MB after |")
    print("|---|---|---|---|---|---|")
    for name, rows in results.items():
        health, answer, cpu, rss = (statistics.median(c) for c in zip(*rows, strict=True))
        print(f"| {name} | {len(rows)} | {health:.2f} | {answer:.2f} | {cpu:.2f} | {rss:.0f} |")
    print(f"load average now {load_average()} (other processes share the cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
