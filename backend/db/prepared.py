"""Statements compiled once by SQLAlchemy and run straight on SQLite's driver (the turn path).

Through SQLAlchemy's execution path a statement costs 80–120 µs of Python on the development
machine (an execution context, parameter and result processing, result metadata), where
``sqlite3`` itself takes 10–20 µs: with four statements a turn, that was more than a third of
an in-process turn (cProfile, December). ``Prepared`` compiles a Core statement once with the
engine's own dialect — the same SQL text SQLAlchemy would send — and keeps the column types'
processors (field encryption, UTC timestamps, booleans), then calls ``sqlite3`` directly on
the turn's connection, inside the turn's transaction. Driver errors are raised as SQLAlchemy's
(``OperationalError`` and the rest), as on the usual path, with no parameters attached.

Only SQLite takes this path (``sqlite_driver`` is None elsewhere): on PostgreSQL the round
trip to the server dominates, and asyncpg already prepares and caches statements.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Dialect, bindparam, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement, ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.schema import Table

from backend.db.inline_sqlite import InlineConnection

__all__ = ["Prepared", "PreparedInsert", "Record", "sqlite_driver"]

Processor = Callable[[Any], Any] | None


def sqlite_driver(connection: AsyncConnection) -> sqlite3.Connection | None:
    """The ``sqlite3`` connection under ``connection`` (begun); None on other databases."""
    sync = connection.sync_connection
    if sync is None:
        return None
    driver = sync.connection.driver_connection
    return driver.sqlite if isinstance(driver, InlineConnection) else None


class Record:
    """A row read by a prepared statement: its columns as attributes, and ``_mapping``."""

    __slots__ = ("_mapping",)

    def __init__(self, mapping: dict[str, Any]) -> None:
        self._mapping = mapping

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # ``_mapping`` unset (copy, pickle) or a protocol probe
            raise AttributeError(name)
        try:
            return self._mapping[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"Record({sorted(self._mapping)})"


class _Compiled:
    """One statement's SQL for one dialect, its parameters in order and their processors."""

    def __init__(self, statement: ClauseElement, dialect: Dialect, keys: Sequence[str]):
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        assert isinstance(compiled, SQLCompiler)
        if compiled.positiontup is None:
            raise ValueError(f"{dialect.name} does not use positional parameters")
        self.sql = compiled.string
        self.binds: list[tuple[str, Processor]] = [
            (name, _bind_processor(compiled.binds[name].type, dialect))
            for name in compiled.positiontup
        ]
        # A SELECT's columns, or an INSERT's or UPDATE's RETURNING ones.
        columns: Sequence[ColumnElement[Any]] = list(getattr(statement, "exported_columns", ()))
        self.columns: list[tuple[str, Processor]] = [
            (column.key or column.name, _result_processor(column.type, dialect))
            for column in columns
        ]

    def parameters(self, params: Mapping[str, Any]) -> list[Any]:
        return [params[name] if p is None else p(params[name]) for name, p in self.binds]

    def record(self, row: Sequence[Any]) -> Record:
        return Record(
            {
                name: value if p is None else p(value)
                for (name, p), value in zip(self.columns, row, strict=True)
            }
        )


class Prepared:
    """A Core statement to run on ``sqlite3`` with the column types' processors.

    An INSERT or UPDATE sets the columns its parameters name (SQLAlchemy's ``column_keys``),
    so the statement is compiled once for each set of parameter names a caller uses.
    """

    def __init__(self, statement: ClauseElement) -> None:
        self._statement = statement
        self._compiled: dict[tuple[type[Dialect], tuple[str, ...]], _Compiled] = {}

    def execute(
        self, driver: sqlite3.Connection, dialect: Dialect, params: Mapping[str, Any]
    ) -> list[Record]:
        """Run the statement; the rows it returns (none for a plain write)."""
        keys = tuple(params)
        compiled = self._compiled.get((type(dialect), keys))
        if compiled is None:
            compiled = _Compiled(self._statement, dialect, keys)
            self._compiled[(type(dialect), keys)] = compiled
        rows = _run(driver, compiled.sql, compiled.parameters(params))
        return [compiled.record(row) for row in rows]


class PreparedInsert:
    """A multi-row ``INSERT`` into ``table``: one statement for any number of rows, setting
    the columns the first row names."""

    def __init__(self, table: Table, returning: str | None = None) -> None:
        self._table = table
        self._returning = returning
        self._by_shape: dict[tuple[tuple[str, ...], int], Prepared] = {}

    def _prepared(self, keys: tuple[str, ...], count: int) -> Prepared:
        found = self._by_shape.get((keys, count))
        if found is None:
            columns = self._table.c
            values = [
                {key: bindparam(f"{key}_{n}", type_=columns[key].type) for key in keys}
                for n in range(count)
            ]
            statement = insert(self._table).values(values)
            if self._returning is not None:
                statement = statement.returning(columns[self._returning])
            found = self._by_shape[(keys, count)] = Prepared(statement)
        return found

    def execute(
        self, driver: sqlite3.Connection, dialect: Dialect, rows: Sequence[Mapping[str, Any]]
    ) -> list[Any]:
        """Insert ``rows`` (all with the same keys); the ``returning`` column of each (in no
        promised order)."""
        keys = tuple(rows[0])
        params = {f"{key}_{n}": row[key] for n, row in enumerate(rows) for key in keys}
        records = self._prepared(keys, len(rows)).execute(driver, dialect, params)
        return [record._mapping[self._returning] for record in records] if self._returning else []


def _run(driver: sqlite3.Connection, sql: str, parameters: list[Any]) -> list[Any]:
    try:
        return driver.execute(sql, parameters).fetchall()
    except sqlite3.Error as error:
        # As SQLAlchemy would raise it (the API maps OperationalError to 503), without the
        # parameters: they are citizens' words, encrypted or not.
        raise DBAPIError.instance(sql, None, error, sqlite3.Error) from error


def _bind_processor(type_: Any, dialect: Dialect) -> Processor:
    processor: Processor = type_.dialect_impl(dialect).bind_processor(dialect)
    return processor


def _result_processor(type_: Any, dialect: Dialect) -> Processor:
    processor: Processor = type_.dialect_impl(dialect).result_processor(dialect, None)
    return processor
