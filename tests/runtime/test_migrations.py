"""The migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from backend.db.migrate import alembic_config
from backend.db.models import Base
from backend.wiring import Services


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
