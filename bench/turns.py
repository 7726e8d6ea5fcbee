"""``frontdesk bench turns``: the engine plus runtime, in-process, on SQLite (one core).

1,000 conversations each go through a realistic mix: /start, a menu tap, a typed menu
number, a legal question (the real FAQ search), a did-you-mean tap, 转人工 and cancel.
Every turn is a full runtime turn: inbox, lock, state load, engine, effects, state save,
messages and outbox rows, commit. Turns run one after another, so latency is per turn.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from backend.db.migrate import upgrade
from backend.runtime import ChannelMessage
from backend.settings import Settings
from backend.wiring import build_services
from bench.serving import load_average
from dialogs.types import Inbound

SCRIPT = (
    Inbound(text="/start"),
    Inbound(button="go:faq"),
    Inbound(text="老板拖欠工资不给怎么办"),
    Inbound(text="菜单"),
    Inbound(text="3"),
    Inbound(text="儿子不给赡养费"),
    Inbound(text="转人工"),
    Inbound(text="取消"),
)


async def measure(conversations: int, workdir: Path) -> dict[str, float]:
    """Run the script for ``conversations`` conversations; return throughput and latency."""
    settings = Settings(data_dir=workdir, workers_enabled=False)
    await asyncio.to_thread(upgrade, settings.effective_database_url)
    services = build_services(settings)
    latencies: list[float] = []
    started, cpu_started = time.perf_counter(), time.process_time()
    for step, inbound in enumerate(SCRIPT):
        for n in range(conversations):
            begin = time.perf_counter()
            await services.runtime.receive(
                ChannelMessage("terminal", f"bench-{n}", inbound, message_key=f"{n}-{step}")
            )
            latencies.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    await services.db.dispose()
    latencies.sort()
    return {
        "turns": len(latencies),
        "turns_per_s": len(latencies) / elapsed,
        "cpu_ms_per_turn": 1000 * cpu / len(latencies),
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "max_ms": latencies[-1] * 1000,
    }


def main(argv: list[str] | None = None) -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(prog="frontdesk bench turns")
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="200 conversations")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args(argv)
    count = 200 if args.quick else args.conversations
    with tempfile.TemporaryDirectory() as workdir:
        result = asyncio.run(measure(count, Path(workdir)))
    print(
        "| measure | conversations | turns | turns/s | CPU ms/turn | turns/s on one free core "
        "| p50 ms | p99 ms | max ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| engine + runtime, SQLite, in-process | {count} | {result['turns']:.0f} | "
        f"{result['turns_per_s']:.0f} | {result['cpu_ms_per_turn']:.3f} | "
        f"{1000 / result['cpu_ms_per_turn']:.0f} | {result['p50_ms']:.2f} | "
        f"{result['p99_ms']:.2f} | {result['max_ms']:.1f} |"
    )
    print(
        f"\nload average now {load_average()} (CPU time is this process's: steadier than wall time)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
