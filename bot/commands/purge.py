"""``frontdesk purge [--dry-run]``: apply the retention rules now (the worker does it too)."""

from __future__ import annotations

import argparse
import asyncio
import json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``purge``."""
    parser = sub.add_parser("purge", help="delete personal data past its retention period")
    parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Purge and print the counts as JSON."""
    return asyncio.run(_purge(args.dry_run))


async def _purge(dry_run: bool) -> int:
    from backend.clock import SystemClock
    from backend.db.crypto import FieldCipher
    from backend.db.database import Database
    from backend.services.retention import purge
    from backend.settings import get_settings

    settings = get_settings()
    db = Database(settings.effective_database_url, FieldCipher(settings.data_keys))
    try:
        report = await purge(db, settings, SystemClock().now(), dry_run=dry_run)
    finally:
        await db.dispose()
    print(json.dumps(report.as_dict(), ensure_ascii=False))
    return 0
