"""Key rotation: re-seal every encrypted column with the first key in ``FRONTDESK_DATA_KEY``.

After a new key is put first, old rows stay readable (every key decrypts). This walks every
table with ``EncryptedText``, ``EncryptedJSON`` or ``EncryptedBytes`` columns, in primary-key
order and in batches (each its own transaction), and rewrites the values sealed with an older
key. Running it again finds nothing to do. Lookup hashes (phone numbers, FAQ-miss keys) use
the *last* key, so keep the oldest key last until those are rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, LargeBinary, Table, Text, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.crypto import FieldCipher
from backend.db.database import Database
from backend.db.models import Base
from backend.db.types import EncryptedBytes, EncryptedJSON, EncryptedText

ENCRYPTED = (EncryptedText, EncryptedJSON, EncryptedBytes)


@dataclass
class RotationReport:
    """Values re-sealed, per ``table.column``."""

    rewritten: dict[str, int] = field(default_factory=dict)
    checked: int = 0

    @property
    def total(self) -> int:
        """All values re-sealed."""
        return sum(self.rewritten.values())


def encrypted_columns() -> Iterator[tuple[Table, Column[object]]]:
    """Every (table, column) whose values are encrypted at rest."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, ENCRYPTED):
                yield table, column


async def rotate_keys(db: Database, *, batch: int = 500) -> RotationReport:
    """Re-encrypt every value sealed with an older key, ``batch`` rows per transaction."""
    report = RotationReport()
    for table, column in encrypted_columns():
        after: object = None
        while True:
            async with db.transaction() as session:
                rows, after, done = await _rotate_batch(
                    session, db.cipher, table, column, after, batch
                )
            report.checked += rows
            name = f"{table.name}.{column.name}"
            report.rewritten[name] = report.rewritten.get(name, 0) + done
            if rows < batch:
                break
    return report


async def _rotate_batch(
    session: AsyncSession,
    cipher: FieldCipher,
    table: Table,
    column: Column[object],
    after: object,
    batch: int,
) -> tuple[int, object, int]:
    (key,) = table.primary_key.columns
    is_bytes = isinstance(column.type, EncryptedBytes)
    raw = type_coerce(column, LargeBinary() if is_bytes else Text())
    query = select(key, raw).where(column.is_not(None)).order_by(key).limit(batch)
    if after is not None:
        query = query.where(key > after)
    rows = (await session.execute(query)).all()
    done = 0
    for pk, sealed in rows:
        if not _stale(cipher, sealed, is_bytes):
            continue
        # Only if unchanged since read: a turn that saved new state meanwhile has sealed it
        # with the first key already, and must not be overwritten with the older value.
        await session.execute(
            update(table)
            .where(key == pk, raw == sealed)
            .values({column.name: _open(cipher, column, sealed)})
        )
        done += 1
    return len(rows), (rows[-1][0] if rows else after), done


def _stale(cipher: FieldCipher, sealed: Any, is_bytes: bool) -> bool:
    if is_bytes:
        return cipher.bytes_need_rotation(bytes(sealed))
    return cipher.needs_rotation(str(sealed))


def _open(cipher: FieldCipher, column: Column[object], sealed: Any) -> object:
    # The plain value goes back through the column type, which seals it with the first key.
    if isinstance(column.type, EncryptedBytes):
        return cipher.decrypt_bytes(bytes(sealed))
    if isinstance(column.type, EncryptedJSON):
        return cipher.decrypt_json(str(sealed))
    return cipher.decrypt(str(sealed))
