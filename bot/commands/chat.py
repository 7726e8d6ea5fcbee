"""``frontdesk chat``: talk to the bot in a terminal, against the same database."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``chat``."""
    parser = sub.add_parser("chat", help="talk to the bot in the terminal")
    parser.add_argument(
        "--json",
        action="store_true",
        help='read {"text": ...} / {"button": ...} lines; print replies as JSON',
    )
    parser.add_argument("--user", default=None, help="conversation key (default: your login)")
    parser.add_argument("--lang", choices=("zh-Hans", "zh-Hant", "en", "bo"), default="zh-Hans")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Migrate, then chat over stdin/stdout."""
    from backend.db.migrate import upgrade
    from backend.settings import get_settings

    upgrade(get_settings().effective_database_url)
    return asyncio.run(_chat(args))


async def _chat(args: argparse.Namespace) -> int:
    from backend.settings import get_settings
    from backend.wiring import build_services
    from bot.terminal import TerminalChat

    services = build_services(get_settings())
    chat = TerminalChat(services, args.user or f"cli-{getpass.getuser()}", args.lang)
    try:
        if args.json:
            return await chat.run_json(sys.stdin)
        return await chat.run_interactive(sys.stdin)
    finally:
        await services.db.dispose()
