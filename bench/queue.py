"""``frontdesk bench queue``: the staff queue and the reminder clock at one million complaints.

A throwaway PostgreSQL database is migrated and filled with COPY (asyncpg): a million matters
received over three years, a quarter of them open (one in a hundred urgent), with deadlines
spread so that some are overdue and some due soon; encrypted columns hold one pre-encrypted
blob. Every open matter with a deadline has a reminder row; those due in the last two days
are still pending, so the claim finds a full batch.

Timed (p50/p99 over repeated runs, each in its own transaction): the queue's first page
(``backend.staff.queue.queue_page``, the console's own function, rows and total count), its
due-soon and overdue filters, the at-a-glance counts, and the reminder claim (``SELECT … FOR
UPDATE SKIP LOCKED LIMIT 100``, rolled back so each run sees the same rows). Every statement
those run is captured and shown with ``EXPLAIN (ANALYZE, BUFFERS)``; a sequential scan on
``matters`` or ``reminders`` is called out.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, select

from backend.db.crypto import FieldCipher
from backend.db.database import Database
from backend.db.migrate import upgrade
from backend.db.models import Matter, Reminder
from backend.settings import Settings
from backend.staff.queue import QueueFilter, due_window, queue_counts, queue_page
from bench.serving import throwaway_postgres

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZONE)
TODAY = NOW.date()
CHUNK = 100_000
MATTER_COLUMNS = (
    "id", "tracking_no", "kind", "status", "open", "channel", "urgent", "anonymous", "flags",
    "details", "received_at", "procedural_due", "result_due", "next_due", "due_provisional",
    "created_at", "updated_at",
)  # fmt: skip
REMINDER_COLUMNS = ("matter_id", "kind", "due_on", "fire_at", "status", "attempts")
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
Query = Callable[[Any], Awaitable[object]]


def matter_rows(first: int, count: int, blob: str, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    """``count`` matters from id ``first``: 25 % open, 1 % of those urgent."""
    for n in range(first, first + count):
        is_open = rng.random() < 0.25
        # Open matters are recent (their deadlines fall around today); closed ones span 3 years.
        age = timedelta(days=rng.uniform(0, 120 if is_open else 1095))
        received = NOW.astimezone(UTC) - age
        procedural = received.astimezone(ZONE).date() + timedelta(days=7)
        result = received.astimezone(ZONE).date() + timedelta(days=91)
        next_due = (procedural if rng.random() < 0.3 else result) if is_open else None
        yield (
            n, f"T{n:010d}", "complaint", "received" if is_open else "closed", is_open, "web",
            is_open and rng.random() < 0.01, False, "", blob, received, procedural, result,
            next_due, False, received, received,
        )  # fmt: skip


def reminder_rows(matters: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """One reminder per open matter with a deadline, two days before it at 09:00."""
    for row in matters:
        due: date | None = row[13]
        if due is None:
            continue
        fire_at = datetime.combine(due - timedelta(days=2), datetime.min.time(), ZONE)
        fire_at += timedelta(hours=9)
        pending = fire_at > NOW - timedelta(days=2)
        yield (row[0], "result_due", due, fire_at, "pending" if pending else "fired", 0)


async def fill(url: str, total: int, blob: str) -> tuple[float, int]:
    """COPY ``total`` matters and their reminders; return seconds taken and reminders made."""
    import asyncpg

    started, rng, reminders = time.perf_counter(), random.Random(20261122), 0
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        for first in range(1, total + 1, CHUNK):
            rows = list(matter_rows(first, min(CHUNK, total - first + 1), blob, rng))
            await connection.copy_records_to_table("matters", records=rows, columns=MATTER_COLUMNS)
            batch = list(reminder_rows(rows))
            reminders += len(batch)
            await connection.copy_records_to_table(
                "reminders", records=batch, columns=REMINDER_COLUMNS
            )
        await connection.execute(
            "SELECT setval(pg_get_serial_sequence('matters', 'id'), $1)", total
        )
        for table in ("matters", "reminders"):
            await connection.execute(f"VACUUM ANALYZE {table}")
    finally:
        await connection.close()
    return time.perf_counter() - started, reminders


def hot_queries() -> dict[str, Query]:
    """The measured operations, each given an open session."""
    window = due_window(TODAY, 2, None)

    def page(**kw: Any) -> Query:
        return lambda session: queue_page(session, QueueFilter(me=1, **kw), window)

    async def claim(session: Any) -> object:
        query = (
            select(Reminder)
            .where(Reminder.status == "pending", Reminder.fire_at <= NOW)
            .order_by(Reminder.fire_at, Reminder.id)
            .limit(100)
            .with_for_update(skip_locked=True)
        )
        return list(await session.scalars(query))

    async def open_total(session: Any) -> object:
        return await session.scalar(select(func.count()).where(Matter.open.is_(True)))

    return {
        "queue first page (25 rows + total up to 10,000)": page(),
        "an exact open total, for comparison (count)": open_total,
        "due soon, first page": page(due="due_soon"),
        "overdue, first page": page(due="overdue"),
        "at-a-glance counts (queue_counts)": lambda s: queue_counts(s, QueueFilter(me=1), window),
        "reminder claim (100, SKIP LOCKED)": claim,
    }


async def time_query(db: Database, query: Query, runs: int) -> tuple[float, float]:
    """p50 and p99 in ms over ``runs`` runs, each in its own rolled-back transaction."""
    timings = []
    for _ in range(runs):
        async with db.sessions() as session, session.begin():
            begin = time.perf_counter()
            await query(session)
            timings.append((time.perf_counter() - begin) * 1000)
            await session.rollback()
    timings.sort()
    return statistics.median(timings), timings[max(0, -(-len(timings) * 99 // 100) - 1)]


async def explain(db: Database, query: Query, *, seq_scans: bool = True) -> list[str]:
    """Run ``query`` once, capturing its statements, then EXPLAIN ANALYZE each of them.

    With ``seq_scans=False`` the planner may not scan a whole table if anything else can
    answer, so a sequential scan left in the plan means no index serves the query at all —
    whatever the table's size (on a small table PostgreSQL rightly prefers to scan).
    """
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        captured.append((statement, params))

    event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with db.sessions() as session, session.begin():
            await query(session)
            await session.rollback()
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", capture)
    plans = []
    async with db.sessions() as session, session.begin():
        connection = await session.connection()
        if not seq_scans:
            await connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        for statement, params in captured:
            result = await connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, params
            )
            plans.append("\n".join(row[0] for row in result))
        await session.rollback()
    return plans


async def measure(args: argparse.Namespace) -> int:
    """Create, fill, time and explain; return the number of hot queries no index serves."""
    async with throwaway_postgres(args.postgres) as url:
        await asyncio.to_thread(upgrade, url)
        db = Database(url, FieldCipher(Settings().data_keys))
        blob = db.cipher.encrypt_json({"summary": "x" * 80, "facts": {"matter": "wages"}})
        seconds, reminders = await fill(url, args.rows, blob)
        print(f"generated {args.rows:,} matters and {reminders:,} reminders in {seconds:.1f} s")
        try:
            return await report(db, args)
        finally:
            await db.dispose()


async def report(db: Database, args: argparse.Namespace) -> int:
    """Print the timing table, then the plans; count hot queries that no index serves."""
    queries = hot_queries()
    print(f"\n| query ({args.rows:,} matters) | runs | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for name, query in queries.items():
        await time_query(db, query, 3)  # warm the cache: the figures are for a running server
        p50, p99 = await time_query(db, query, args.runs)
        print(f"| {name} | {args.runs} | {p50:.2f} | {p99:.2f} |")
    chosen = unserved = 0
    for name, query in queries.items():
        print(f"\n### {name}")
        for plan in await explain(db, query):
            print(f"```\n{plan}\n```")
            chosen += _hot_scans(plan)
        unserved += sum(_hot_scans(plan) for plan in await explain(db, query, seq_scans=False))
    print(f"\nsequential scans on matters/reminders in the plans above: {chosen}")
    print(f"hot queries no index can serve (planned with enable_seqscan off): {unserved}")
    return unserved


def _hot_scans(plan: str) -> int:
    return sum(f"Seq Scan on {table}" in plan for table in ("matters", "reminders"))


def main(argv: list[str] | None = None) -> int:
    """Print the table and the plans; non-zero when no index can serve a hot query."""
    parser = argparse.ArgumentParser(prog="frontdesk bench queue")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="100,000 matters, 20 runs")
    parser.add_argument("--full", action="store_true", help="1,000,000 matters (the default)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("FRONTDESK_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a PostgreSQL server URL; a throwaway database is created on it",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.runs = min(args.rows, 100_000), min(args.runs, 20)
    try:
        found = asyncio.run(measure(args))
    except OSError as exc:  # nothing listening: say so rather than fail the whole `bench all`
        print(f"bench queue: skipped, PostgreSQL unreachable ({type(exc).__name__}: {exc})")
        return 0
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
