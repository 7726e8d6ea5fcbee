"""``frontdesk``: one command for serving, chatting, the database, staff and the tools.

Each tool lives in ``bot/commands/<name>.py`` with a ``register(subparsers)`` function; this
module only wires them up and dispatches.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from backend.settings import Settings
from bot.commands import chat, db, keys, purge, serve, staff


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    from backend.settings import get_settings

    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="frontdesk", description="Frontdesk 检察服务前台 — citizen front desk"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve.register(sub)
    chat.register(sub)
    db.register(sub)
    staff.register(sub)
    keys.register(sub)
    purge.register(sub)
    _register_tools(sub, settings)
    return parser


def _register_tools(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], settings: Settings
) -> None:
    from bot.commands import bench, clock, eligibility, faq, intents, relief

    faq.register(sub)
    eligibility.register(sub)
    relief.register(sub)
    intents.register(sub)
    clock.register(
        sub,
        timezone=settings.timezone,
        ack_days=settings.ack_days,
        ack_mode=settings.ack_mode,
        answer_months=settings.answer_months,
        holidays_file=str(settings.holidays_file) if settings.holidays_file else None,
    )
    bench.register(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
