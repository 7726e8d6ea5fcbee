"""``frontdesk keys rotate``: re-seal every encrypted column with the newest data key."""

from __future__ import annotations

import argparse
import asyncio
import json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``keys rotate``."""
    parser = sub.add_parser("keys", help="field-encryption keys")
    actions = parser.add_subparsers(dest="action", required=True)
    rotate = actions.add_parser(
        "rotate", help="re-encrypt every encrypted value with the first FRONTDESK_DATA_KEY"
    )
    rotate.add_argument("--batch", type=int, default=500, help="rows per transaction")
    rotate.set_defaults(handler=run_rotate)


def run_rotate(args: argparse.Namespace) -> int:
    """Rotate and print the counts per column as JSON."""
    return asyncio.run(_rotate(args.batch))


async def _rotate(batch: int) -> int:
    from backend.db.crypto import FieldCipher
    from backend.db.database import Database
    from backend.services.keyrotation import rotate_keys
    from backend.settings import get_settings

    settings = get_settings()
    db = Database(settings.effective_database_url, FieldCipher(settings.data_keys))
    try:
        report = await rotate_keys(db, batch=max(batch, 1))
    finally:
        await db.dispose()
    print(
        json.dumps(
            {"rewritten": report.total, "checked": report.checked, "columns": report.rewritten},
            ensure_ascii=False,
        )
    )
    return 0
