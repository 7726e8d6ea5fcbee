"""SQLite for the async engine without a thread hop per statement.

SQLAlchemy's ``aiosqlite`` dialect sends every statement to a worker thread and back; in WAL
mode a small SQLite statement takes microseconds, and the hop costs ten times that (measured:
8-statement transactions ran at ~410/s through aiosqlite). This adaptor runs the ``sqlite3``
calls inline in the event loop instead, behind the same async interface, so SQLAlchemy's
asyncio machinery works unchanged. It is used for ``sqlite+inline://`` URLs, which
``Database`` selects for SQLite. Trade-off: a statement that has to wait for another
*process's* write lock blocks the loop for up to ``busy_timeout``; within one process our own
write lock (``Database.transaction``) means it never waits.
"""

from __future__ import annotations

import collections
import sqlite3
from types import SimpleNamespace
from typing import Any

from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util.concurrency import await_


class _Cursor:
    """An awaitable face on a ``sqlite3.Cursor`` whose calls complete at once."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> _Cursor:
        return self

    async def execute(self, sql: str, parameters: Any = ()) -> _Cursor:
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, seq_of_parameters: Any) -> _Cursor:
        self._cursor.executemany(sql, seq_of_parameters)
        return self

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """An awaitable face on a ``sqlite3.Connection``."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection

    @property
    def sqlite(self) -> sqlite3.Connection:
        """The ``sqlite3`` connection itself (``backend.db.prepared`` runs statements on it)."""
        return self._conn

    def begin(self, statement: str) -> None:
        """``BEGIN`` or ``BEGIN IMMEDIATE``, sent without SQLAlchemy's statement machinery."""
        self._conn.execute(statement)

    def cursor(self) -> _Cursor:
        return _Cursor(self._conn.cursor())

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._conn.close()
            self._connection = None

    def stop(self) -> None:
        if self._connection is not None:
            self._conn.close()
            self._connection = None

    async def create_function(self, *args: Any, **kw: Any) -> None:
        self._conn.create_function(*args, **kw)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level


async def _connect(database: str, **kw: Any) -> InlineConnection:
    kw.setdefault("check_same_thread", False)
    return InlineConnection(sqlite3.connect(database, **kw))


_MODULE = SimpleNamespace(
    connect=_connect,
    Connection=InlineConnection,
    __version__="inline",
    **{
        name: getattr(sqlite3, name)
        for name in (
            "DatabaseError",
            "Error",
            "IntegrityError",
            "NotSupportedError",
            "OperationalError",
            "ProgrammingError",
            "sqlite_version",
            "sqlite_version_info",
        )
    },
)


class _InlineCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's adapted cursor, calling ``sqlite3`` directly.

    The adapted cursor awaits each driver call through a greenlet switch to the event loop
    and back; our calls complete at once, so the switches were all cost (cProfile: a third of
    a turn's CPU in ``greenlet.switch``). One await is left, opening the cursor: SQLAlchemy's
    async engine checks that a statement awaited something. The results are the same.
    """

    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        cursor: sqlite3.Cursor = self._cursor._cursor  # type: ignore[attr-defined]
        try:
            result = cursor.execute(operation, () if parameters is None else parameters)
            if cursor.description:
                self._rows = collections.deque(cursor.fetchall())
            return result
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        cursor: sqlite3.Cursor = self._cursor._cursor  # type: ignore[attr-defined]
        try:
            return cursor.executemany(operation, seq_of_parameters)
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def close(self) -> None:
        self._rows.clear()
        self._cursor._cursor.close()  # type: ignore[attr-defined]


class _AdaptedConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = _InlineCursor

    def commit(self) -> None:
        if self._connection._connection:
            self._call(self._connection._conn.commit)

    def rollback(self) -> None:
        if self._connection._connection:
            self._call(self._connection._conn.rollback)

    def _call(self, method: Any) -> None:
        try:
            method()
        except Exception as error:
            self._handle_exception(error)

    @property
    def isolation_level(self) -> str | None:
        return self._connection.isolation_level  # type: ignore[no-any-return]

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._connection._conn.isolation_level = value


class _InlineDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> _AdaptedConnection:
        return _AdaptedConnection(self, await_(_connect(*arg, **kw)))  # type: ignore[arg-type]


class InlineSQLiteDialect(SQLiteDialect_aiosqlite):
    """``sqlite+inline://``: the aiosqlite dialect over the inline adaptor."""

    driver = "inline"
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls) -> _InlineDBAPI:
        return _InlineDBAPI(_MODULE, sqlite3)  # type: ignore[arg-type]


def register() -> None:
    """Make ``sqlite+inline://`` URLs resolve to this dialect (idempotent)."""
    registry.register("sqlite.inline", "backend.db.inline_sqlite", "InlineSQLiteDialect")
