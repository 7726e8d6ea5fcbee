"""``frontdesk bench http``: the web chat API over real HTTP, 64 concurrent conversations.

For each configuration a real ``frontdesk serve`` starts in a subprocess (own SQLite data
directory, or a throwaway PostgreSQL database created on the server and dropped afterwards),
is warmed up, and then ``bench.loadgen`` runs in a *separate process* for a fixed number of
turns (bounded in time too). The table shows the client-side figures and, so the core
contention on a small machine is visible, the CPU seconds the server and the generator each
used during the measured run: on two cores a generator that needs half a core leaves the
server ~1.5.

Rate limits are raised for the run (one generator on one address would otherwise be
throttled, and each simulated citizen types far faster than a person).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from bench.loadgen import LoadResult, result_from_json
from bench.serving import (
    REPO,
    backend_cpu_seconds,
    load_average,
    serve,
    server_env,
    throwaway_postgres,
)

CONFIGS = {"sqlite-1": ("sqlite", 1), "pg-1": ("postgresql", 1), "pg-2": ("postgresql", 2)}
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@dataclass
class Measured:
    """One configuration's run: the generator's figures and the server's CPU."""

    config: str
    load: LoadResult
    server_cpu_s: float
    server_rss_mb: float
    database_cpu_s: float


@contextlib.asynccontextmanager
async def database_for(kind: str, postgres: str, workdir: Path) -> AsyncIterator[str]:
    """An empty database URL: "" (SQLite in ``workdir``) or a throwaway PostgreSQL one."""
    if kind == "sqlite":
        yield ""
        return
    async with throwaway_postgres(postgres) as url:
        yield url


async def run_generator(url: str, conversations: int, turns: int, seconds: float) -> LoadResult:
    """Run ``bench.loadgen`` in its own process and parse its JSON line."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.loadgen",
        url,
        "--json",
        f"--conversations={conversations}",
        f"--turns={turns}",
        f"--seconds={seconds}",
        cwd=REPO,
        stdout=subprocess.PIPE,
    )
    out, _ = await process.communicate()
    return result_from_json(out.decode().strip().splitlines()[-1])


async def measure(config: str, args: argparse.Namespace, workdir: Path) -> Measured:
    """Serve ``config``, warm up, run the generator once, and read the server's CPU."""
    kind, workers = CONFIGS[config]
    data_dir = workdir / config
    data_dir.mkdir()
    profile = Path(args.profile) / f"{config}.txt" if args.profile else None
    async with (
        database_for(kind, args.postgres, data_dir) as database_url,
        serve(server_env(data_dir, database_url), workers, profile=profile) as server,
    ):
        await run_generator(server.url, args.conversations, args.warmup, args.seconds)
        database = database_url.rsplit("/", 1)[-1] if database_url else ""
        cpu_before = server.cpu_seconds()
        db_before = backend_cpu_seconds(database) if database else 0.0
        load = await run_generator(server.url, args.conversations, args.turns, args.seconds)
        server_cpu = server.cpu_seconds() - cpu_before
        db_cpu = backend_cpu_seconds(database) - db_before if database else 0.0
        return Measured(config, load, server_cpu, server.rss_mb(), db_cpu)


def print_table(rows: list[Measured]) -> None:
    """The README table: throughput, latency, errors, and who used the CPU."""
    print(
        "| configuration | conversations | turns | turns/s | p50 ms | p99 ms | max ms | errors "
        "| server CPU s | server CPU ms/turn | PostgreSQL CPU ms/turn | generator CPU s | wall s "
        "| server RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        load = row.load
        kinds = f" {load.error_kinds}" if load.errors else ""
        per_turn = f"{1000 * row.server_cpu_s / load.turns:.2f}" if load.turns else "–"
        db_turn = f"{1000 * row.database_cpu_s / load.turns:.2f}" if load.turns else "–"
        print(
            f"| {row.config} | {load.conversations} | {load.turns} | {load.turns_per_s:.0f} | "
            f"{load.p50_ms:.1f} | {load.p99_ms:.1f} | {load.max_ms:.1f} | {load.errors}{kinds} | "
            f"{row.server_cpu_s:.1f} | {per_turn} | {db_turn if row.database_cpu_s else '–'} | "
            f"{load.cpu_s:.1f} | {load.elapsed_s:.1f} | "
            f"{row.server_rss_mb:.0f} |"
        )
    print(
        f"\nmachine: {os.cpu_count()} cores, shared by server and generator; load average "
        f"now {load_average()} (other processes on the machine take cores too)."
    )


async def run_all(args: argparse.Namespace) -> list[Measured]:
    """Measure each requested configuration in turn (PostgreSQL ones skip if unreachable)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-http-") as workdir:
        for config in args.configs.split(","):
            print(f"{config}: load average before the run {load_average()}", flush=True)
            try:
                rows.append(await measure(config, args, Path(workdir)))
            except OSError as exc:  # asyncpg raises OSError subclasses when nothing listens
                print(f"{config}: skipped ({type(exc).__name__}: {exc})")
    return rows


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Options; ``--quick`` is a short run, the default a longer one."""
    parser = argparse.ArgumentParser(prog="frontdesk bench http")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="sqlite-1,pg-1,pg-2")
    parser.add_argument("--conversations", type=int, default=64)
    parser.add_argument("--turns", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=1_000, help="turns before measuring")
    parser.add_argument("--seconds", type=float, default=90.0, help="upper bound per run")
    parser.add_argument("--quick", action="store_true", help="3,000 turns, 30 s at most")
    parser.add_argument("--full", action="store_true", help="50,000 turns, 180 s at most")
    parser.add_argument("--profile", help="directory for pyinstrument reports of the server")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("FRONTDESK_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a PostgreSQL server URL; a throwaway database is created on it",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.turns, args.seconds = min(args.turns, 3_000), min(args.seconds, 30.0)
        args.warmup = min(args.warmup, 300)
    if args.full:
        args.turns, args.seconds = 50_000, 180.0
    return args


def main(argv: list[str] | None = None) -> int:
    """Print the table; non-zero if any run had errors."""
    args = parse(argv)
    rows = asyncio.run(run_all(args))
    print_table(rows)
    return 0 if all(row.load.errors == 0 for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
