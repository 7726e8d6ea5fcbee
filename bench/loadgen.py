"""A load generator for the web chat API: N concurrent conversations over real HTTP.

Each simulated citizen opens a session (``POST /api/webchat/sessions``) and then talks the
way the web page does: ``/start``, a menu tap, a legal question (the real FAQ search), 菜单,
a typed menu number, another question, 转人工 and 取消, round and round. Each citizen waits
for the reply before sending the next message (as a person does), so concurrency is the
number of conversations. The run stops after a fixed number of turns or seconds, whichever
comes first. A turn is one ``POST .../messages``; session creation is counted separately.

Run as a separate process (``python -m bench.loadgen URL --json``) so its own CPU use can
be measured apart from the server's: on a two-core machine the two compete. The client is
aiohttp (already installed for aiogram): with 64 connections httpx's pool spent several
milliseconds of CPU per request, up to a whole core taken from the server being measured.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import resource
import statistics
import sys
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import aiohttp

SCRIPT: tuple[dict[str, str], ...] = (
    {"button": "/start"},
    {"button": "go:faq"},
    {"text": "老板拖欠工资不给怎么办"},
    {"text": "菜单"},
    {"text": "3"},
    {"text": "儿子不给赡养费"},
    {"text": "转人工"},
    {"text": "取消"},
)


@dataclass
class LoadResult:
    """What one run measured, from the client's side."""

    conversations: int
    turns: int = 0
    sessions: int = 0
    elapsed_s: float = 0.0
    turns_per_s: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    cpu_s: float = 0.0


@dataclass
class _Run:
    """Shared between the simulated citizens: the turn budget, the clock, the tallies."""

    base: str
    tickets: itertools.count[int]
    turns: int
    deadline: float
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    sessions: int = 0

    def take_turn(self) -> bool:
        """Whether another turn may start (budget and time left)."""
        return next(self.tickets) < self.turns and time.perf_counter() < self.deadline


async def citizen(client: aiohttp.ClientSession, run: _Run) -> None:
    """One conversation: open a session, then send the script round and round."""
    try:
        async with client.post(f"{run.base}/api/webchat/sessions", json={}) as opened:
            opened.raise_for_status()
            session = await opened.json()
    except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
        run.errors[f"session:{type(exc).__name__}"] += 1
        return
    run.sessions += 1
    url = f"{run.base}/api/webchat/sessions/{session['session_id']}/messages"
    headers = {"Authorization": f"Bearer {session['token']}"}
    for step in itertools.cycle(SCRIPT):
        if not run.take_turn():
            return
        await _send(client, run, url, headers, {**step, "client_id": uuid.uuid4().hex})


async def _send(
    client: aiohttp.ClientSession,
    run: _Run,
    url: str,
    headers: dict[str, str],
    body: dict[str, str],
) -> None:
    begin = time.perf_counter()
    try:
        async with client.post(url, json=body, headers=headers) as response:
            payload = await response.json() if response.status == 200 else {}
        elapsed = time.perf_counter() - begin
        if response.status != 200 or not payload.get("replies"):
            run.errors[f"http:{response.status}"] += 1
            return
    except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
        run.errors[f"turn:{type(exc).__name__}"] += 1
        return
    run.latencies.append(elapsed)


async def generate(base: str, conversations: int, turns: int, seconds: float) -> LoadResult:
    """Drive ``conversations`` concurrent citizens until ``turns`` turns or ``seconds`` pass."""
    run = _Run(base, itertools.count(), turns, time.perf_counter() + seconds)
    started = time.perf_counter()
    # One kept-alive connection per citizen, as browsers would have.
    connector = aiohttp.TCPConnector(limit=conversations, limit_per_host=conversations)
    timeout = aiohttp.ClientTimeout(total=30.0)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:
        await asyncio.gather(*(citizen(client, run) for _ in range(conversations)))
    return summarise(run, conversations, time.perf_counter() - started)


def summarise(run: _Run, conversations: int, elapsed: float) -> LoadResult:
    """Throughput and latency percentiles (nearest rank) from the recorded turns."""
    latencies = sorted(run.latencies)
    result = LoadResult(conversations, len(latencies), run.sessions, elapsed)
    result.errors = sum(run.errors.values())
    result.error_kinds = dict(run.errors)
    if latencies:
        result.turns_per_s = len(latencies) / elapsed
        result.p50_ms = statistics.median(latencies) * 1000
        result.p99_ms = latencies[max(0, -(-len(latencies) * 99 // 100) - 1)] * 1000
        result.max_ms = latencies[-1] * 1000
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.cpu_s = usage.ru_utime + usage.ru_stime
    return result


def result_from_json(line: str) -> LoadResult:
    """Parse the ``--json`` output of a generator process."""
    data: dict[str, Any] = json.loads(line)
    return LoadResult(**data)


def main(argv: list[str] | None = None) -> int:
    """Run the generator against a running server; print the result (JSON or a line)."""
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen")
    parser.add_argument("url", help="base URL of a running frontdesk server")
    parser.add_argument("--conversations", type=int, default=64)
    parser.add_argument("--turns", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = asyncio.run(generate(args.url, args.conversations, args.turns, args.seconds))
    if args.json:
        print(json.dumps(asdict(result)))
    else:
        print(
            f"{result.turns} turns in {result.elapsed_s:.1f} s: {result.turns_per_s:.0f}/s, "
            f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, "
            f"max {result.max_ms:.1f} ms, errors {result.errors} {result.error_kinds}"
        )
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
