"""SQLite's log is copied into the database file by a background thread, not inside a turn."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import text

from backend.db.crypto import FieldCipher
from backend.db.database import (
    CHECKPOINT_EVERY,
    WAL_AUTOCHECKPOINT_PAGES,
    Database,
    _checkpoint,
)
from backend.settings import Settings

ROW = "x" * 3000  # about a page a row, so the log grows quickly


async def _write(db: Database, transactions: int) -> None:
    for n in range(transactions):
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO scratch VALUES (:b)"), {"b": f"{n}{ROW}"})


def _rows_in_file(path: Path) -> int:
    # Read the main file alone (a copy without its -wal): only checkpointed pages are there.
    alone = path.with_name("alone.db")
    shutil.copy(path, alone)
    with contextlib.closing(sqlite3.connect(alone)) as connection:
        return int(connection.execute("SELECT count(*) FROM scratch").fetchone()[0])


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "frontdesk.db"
    # Closed before the test: the last connection to close checkpoints the table into the file.
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE scratch (body TEXT)")
    return path


async def test_background_checkpoints_move_the_log_into_the_file(tmp_path: Path) -> None:
    path = _database(tmp_path)
    db = Database(f"sqlite+aiosqlite:///{path}", FieldCipher(Settings().data_keys))
    try:
        async with db.engine.connect() as connection:
            bound = (await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")).scalar()
        assert bound == WAL_AUTOCHECKPOINT_PAGES  # far beyond what these writes reach

        await _write(db, CHECKPOINT_EVERY - 1)
        await db.checkpoint_idle()
        assert db.checkpoints == 0
        assert _rows_in_file(path) == 0  # everything is still in the log

        await _write(db, 1)
        await db.checkpoint_idle()
        assert db.checkpoints == 1
        assert _rows_in_file(path) == CHECKPOINT_EVERY
    finally:
        await db.dispose()


def test_a_checkpoint_that_cannot_run_is_logged_not_raised(tmp_path: Path) -> None:
    assert _checkpoint(str(tmp_path / "no-such-dir" / "frontdesk.db")) is False
    assert _checkpoint(str(_database(tmp_path))) is True
