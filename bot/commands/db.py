"""``frontdesk db upgrade``: apply the Alembic migrations."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``db upgrade``."""
    parser = sub.add_parser("db", help="database maintenance")
    actions = parser.add_subparsers(dest="action", required=True)
    upgrade = actions.add_parser("upgrade", help="migrate the database to the newest schema")
    upgrade.add_argument("--revision", default="heads")
    upgrade.set_defaults(handler=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    """Migrate the configured database."""
    from backend.db.migrate import upgrade
    from backend.settings import get_settings

    url = get_settings().effective_database_url
    upgrade(url, args.revision)
    print(f"database is at {args.revision}")
    return 0
