"""The migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from backend.container import Services
from backend.db.migrate import HEAD, alembic_config, stored_revisions, upgrade
from backend.db.models import Base


def _differences(connection: Connection) -> tuple[tuple[str, ...], list[Any]]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return tuple(context.get_current_heads()), compare_metadata(context, Base.metadata)


async def test_the_migrated_schema_matches_the_models(services: Services) -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"
    async with services.db.engine.connect() as connection:
        current, differences = await connection.run_sync(_differences)
    assert current == tuple(heads)
    assert differences == []


def test_head_constant_is_the_newest_migration() -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert heads == [HEAD], "a migration was added: move backend.db.migrate.HEAD on"


def test_upgrade_skips_a_database_at_head_and_still_upgrades_an_older_one(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'frontdesk.db'}"
    assert asyncio.run(stored_revisions(url)) == set()  # a new file: nothing recorded
    upgrade(url)
    assert asyncio.run(stored_revisions(url)) == {HEAD}
    upgrade(url)  # at head: nothing to do, and nothing breaks

    command.downgrade(alembic_config(url), "0008")
    assert asyncio.run(stored_revisions(url)) == {"0008"}
    upgrade(url)  # behind: the fast path must not hide the missing migration
    assert asyncio.run(stored_revisions(url)) == {HEAD}
    with sqlite3.connect(tmp_path / "frontdesk.db") as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "ix_matters_open_counts" in names
