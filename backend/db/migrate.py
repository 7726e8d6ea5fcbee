"""Schema migrations with Alembic, callable from the CLI and the tests."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"

# The newest migration. A database already there is not handed to Alembic at all, which keeps
# importing it (a third of a second) off every restart; tests/runtime/test_migrations.py
# fails when a migration is added and this is not moved on.
HEAD = "0018"


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` using the packaged migration scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the database at ``url`` up to ``revision`` (blocking; not inside an event loop)."""
    from backend.db.database import sqlite_file

    if (path := sqlite_file(url)) is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    if revision in ("heads", "head", HEAD) and asyncio.run(stored_revisions(url)) == {HEAD}:
        return
    from alembic import command

    command.upgrade(alembic_config(url), revision)


async def stored_revisions(url: str) -> set[str]:
    """The revisions recorded in the database's ``alembic_version`` (empty when it has none)."""
    from sqlalchemy import pool, text
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return {str(row[0]) for row in rows}
    except DBAPIError:  # no such table yet: a new database
        return set()
    finally:
        await engine.dispose()


async def upgrade_async(url: str, revision: str = "heads") -> None:
    """``upgrade`` from async code (Alembic's env runs its own event loop, so use a thread)."""
    await asyncio.to_thread(upgrade, url, revision)
