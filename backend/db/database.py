"""The database: one async engine per process, SQLite in WAL mode or PostgreSQL.

``Database.transaction()`` is the unit of work. On SQLite, write transactions in one process
are serialised by an asyncio lock and ``BEGIN IMMEDIATE`` (SQLite allows one writer anyway,
and this turns "database is locked" errors into orderly waiting). On PostgreSQL, rows are
locked with ``SELECT … FOR UPDATE`` by the services that need it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from backend.db import inline_sqlite
from backend.db.crypto import FieldCipher, install_cipher

__all__ = ["Database", "sqlite_file"]

log = logging.getLogger(__name__)

_WRITE_OPTION = "frontdesk_write"


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # pysqlite's own transaction handling would defeat BEGIN IMMEDIATE; we issue BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    cursor.close()


# SQLite copies its write-ahead log back into the database file (a checkpoint, with an fsync)
# when the log passes a size, inside whichever commit crosses it: one turn in a hundred took
# 12 ms more, which was the whole in-process p99. Checkpoints now run on a thread of their own
# every CHECKPOINT_EVERY write transactions (SQLite's advice for latency-sensitive writers);
# the automatic one stays as a bound, at a size the background checkpoints keep it from.
CHECKPOINT_EVERY = 64
WAL_AUTOCHECKPOINT_PAGES = 10_000


def _checkpoint(path: str) -> bool:
    """Copy what the log holds into the database file without waiting for anyone (PASSIVE)."""
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=1.0)) as connection:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            return not busy
    except sqlite3.Error as exc:  # the next one will catch up; the bound keeps the log finite
        log.warning("SQLite checkpoint failed: %s", exc.__class__.__name__)
        return False


class Database:
    """Engine, sessions and transactions for one database URL."""

    def __init__(self, url: str, cipher: FieldCipher, *, echo: bool = False) -> None:
        self.is_sqlite = url.startswith("sqlite")
        if url.startswith("sqlite+aiosqlite:"):
            # Same database, no thread hop per statement (see backend/db/inline_sqlite.py).
            inline_sqlite.register()
            url = "sqlite+inline:" + url.removeprefix("sqlite+aiosqlite:")
        self.url = url
        install_cipher(cipher)
        self.cipher = cipher
        options: dict[str, Any] = {"echo": echo}
        if not self.is_sqlite:
            options.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "begin", self._begin_immediate)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = asyncio.Lock()
        self._file = sqlite_file(url)
        self._writes = 0
        self._writer: AsyncConnection | None = None
        self._checkpointing: asyncio.Task[bool] | None = None
        self.checkpoints = 0

    @staticmethod
    def _begin_immediate(connection: Any) -> None:
        # Writers reserve the database at BEGIN, so they queue instead of failing mid-way;
        # readers take a plain deferred BEGIN and never hold the write reservation.
        statement = (
            "BEGIN IMMEDIATE" if connection.get_execution_options().get(_WRITE_OPTION) else "BEGIN"
        )
        driver = connection.connection.driver_connection
        if isinstance(driver, inline_sqlite.InlineConnection):
            driver.begin(statement)  # straight to sqlite3: a turn starts here, keep it short
        else:
            connection.exec_driver_sql(statement)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error."""
        if self.is_sqlite:
            async with self._write_lock, self.sessions() as session, session.begin():
                await session.connection(execution_options={_WRITE_OPTION: True})
                yield session
            self._after_write()
        else:
            async with self.sessions() as session, session.begin():
                yield session

    @asynccontextmanager
    async def writer(self) -> AsyncIterator[AsyncConnection]:
        """A connection inside one write transaction, without an ORM session (the turn path).

        The same guarantees as ``transaction()``: committed on success, rolled back on error,
        serialised with the other writers of this process on SQLite.
        """
        if self.is_sqlite:
            async with self._write_lock:
                connection = await self._writer_connection()
                try:
                    async with connection.begin():
                        yield connection
                except BaseException:
                    if connection.invalidated or connection.closed:
                        await self._drop_writer()
                    raise
            self._after_write()
        else:
            async with self.engine.begin() as connection:
                yield connection

    async def _writer_connection(self) -> AsyncConnection:
        # SQLite has one writer at a time anyway (our lock), so the turn path keeps one
        # connection for it instead of a pool checkout, reset and check-in per turn (a tenth of
        # a millisecond, a tenth of a turn).
        if self._writer is None:
            self._writer = await self.engine.connect()
            await self._writer.execution_options(**{_WRITE_OPTION: True})
        return self._writer

    async def _drop_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            with contextlib.suppress(Exception):
                await writer.close()

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncSession]:
        """A session for reads (no lock on SQLite: WAL readers never wait for the writer)."""
        async with self.sessions() as session:
            try:
                yield session
            finally:
                # Close now rather than inside AsyncSession.__aexit__'s asyncio.shield, so a
                # reader's snapshot is released before anything else runs on the loop.
                await session.close()

    def _after_write(self) -> None:
        self._writes += 1
        if self._file is None or self._writes % CHECKPOINT_EVERY:
            return
        if self._checkpointing is None or self._checkpointing.done():
            self._checkpointing = asyncio.create_task(self._checkpoint_in_background(self._file))

    async def _checkpoint_in_background(self, path: str) -> bool:
        done = await asyncio.to_thread(_checkpoint, path)
        self.checkpoints += done
        return done

    async def checkpoint_idle(self) -> None:
        """Wait for a background checkpoint that is under way (tests, shutdown)."""
        if self._checkpointing is not None:
            await asyncio.shield(self._checkpointing)

    async def dispose(self) -> None:
        """Close every connection (after a checkpoint under way has finished)."""
        await self.checkpoint_idle()
        await self._drop_writer()
        await self.engine.dispose()


def sqlite_file(url: str) -> str | None:
    """The database file of a SQLite URL; None for other databases and in-memory ones."""
    if not url.startswith("sqlite"):
        return None
    path = url.split("///", 1)[1] if "///" in url else ""
    return path.split("?", 1)[0] if path and path != ":memory:" else None
