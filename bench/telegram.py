"""``frontdesk bench telegram``: outbox → Telegram throughput under Telegram's flood limits.

Many chats each owe a few messages (written to the outbox as staff replies are); the real
sender drains them through each library to the loopback fake Bot API, which enforces one
message a second per chat and 30 a second overall and answers 429 to anything faster. The
sender should hold its own limit (25/s) with zero 429s. Rates come from the fake's own
arrival times of the first and last message.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from backend.container import Services
from backend.db.migrate import upgrade
from backend.db.models import Conversation
from backend.runtime.outbox import store_replies
from backend.settings import Settings
from backend.wiring import build_services

TOKEN = "123456:BENCH"


def main(argv: list[str]) -> int:
    """Run the benchmark for both libraries and print a table."""
    parser = argparse.ArgumentParser(prog="frontdesk bench telegram")
    parser.add_argument("--quick", action="store_true", help="fewer chats (a few seconds)")
    parser.add_argument("--chats", type=int, default=None)
    parser.add_argument("--per-chat", type=int, default=3)
    parser.add_argument("--library", choices=("ptb", "aiogram", "both"), default="both")
    args = parser.parse_args(argv)
    chats = args.chats or (40 if args.quick else 200)
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.fakes lives beside us
    libraries = ("ptb", "aiogram") if args.library == "both" else (args.library,)
    print(f"{'library':<9}{'chats':>7}{'messages':>10}{'seconds':>9}{'msg/s':>8}{'429s':>6}")
    for library in libraries:
        row = asyncio.run(_run(library, chats, args.per_chat))
        print(f"{library:<9}{chats:>7}{row[0]:>10}{row[1]:>9.2f}{row[2]:>8.1f}{row[3]:>6}")
    return 0


async def _run(library: str, chats: int, per_chat: int) -> tuple[int, float, float, int]:
    from bot.telegram.channel import TelegramChannel
    from tests.fakes.bot_api import FakeBotApi

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        await asyncio.to_thread(upgrade, url)
        async with FakeBotApi(TOKEN) as api:
            api.enforce_limits()
            settings = Settings(
                env="test",
                database_url=url,
                data_dir=Path(tmp),
                workers_enabled=False,
                telegram_token=TOKEN,
                telegram_library=library,
                telegram_api_base=api.base_url,
            )
            services = build_services(settings, load_knowledge=False)
            total = await _fill_outbox(services, chats, per_chat)
            channel = TelegramChannel(services)
            task = asyncio.create_task(channel.run())
            try:
                await channel.worker.wait_until(lambda: channel.worker.stats.sent >= total, 600)
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                await services.db.dispose()
            sends = api.calls("sendMessage")
            ok = [s.at for s in sends if s.status == 200]
            elapsed = max(ok) - min(ok)
            limited = sum(1 for s in sends if s.status == 429)
            return len(ok), elapsed, (len(ok) - 1) / elapsed if elapsed else 0.0, limited


async def _fill_outbox(services: Services, chats: int, per_chat: int) -> int:
    """Conversations with ``per_chat`` pending messages each; returns the number of messages."""
    now = services.clock.now()
    async with services.db.transaction() as session:
        for n in range(chats):
            conversation = Conversation(
                channel="telegram", chat_key=str(10_000 + n), lang="zh-Hans", state={}
            )
            session.add(conversation)
            await session.flush()
            bodies = [{"text": f"回复 {i + 1}", "buttons": []} for i in range(per_chat)]
            await store_replies(
                await session.connection(), conversation, bodies, author="staff", now=now
            )
    return chats * per_chat


if __name__ == "__main__":
    started = time.perf_counter()
    status = main(sys.argv[1:])
    print(f"({time.perf_counter() - started:.1f} s)")
    raise SystemExit(status)
