"""``frontdesk staff list`` and ``frontdesk staff passwd`` against a real (SQLite) database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backend.db.crypto import FieldCipher
from backend.db.database import Database
from backend.db.migrate import upgrade
from backend.db.models import AuditEntry, StaffSession, StaffUser
from backend.services.accounts import verify_password
from backend.settings import get_settings
from bot.cli import main


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'frontdesk.db'}"
    monkeypatch.setenv("FRONTDESK_DATABASE_URL", url)
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    upgrade(url)
    yield url
    get_settings.cache_clear()


def query(url: str, statement: object) -> object:
    async def run() -> object:
        db = Database(url, FieldCipher(get_settings().data_keys))
        try:
            async with db.reader() as session:
                return await session.scalar(statement)  # type: ignore[call-overload]
        finally:
            await db.dispose()

    return asyncio.run(run())


def test_list_shows_accounts_without_secrets(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "list"]) == 0
    assert "no staff accounts yet" in capsys.readouterr().out
    assert main(["staff", "add", "wang", "--role", "admin", "--password", "a-long-password"]) == 0
    assert main(["staff", "list"]) == 0
    out = capsys.readouterr().out
    assert "wang" in out and "admin" in out and "a-long-password" not in out and "argon2" not in out


def test_passwd_sets_the_password_unlocks_and_ends_sessions(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "li", "--password", "first-password-1"]) == 0

    async def lock_and_sign_in() -> None:
        db = Database(database, FieldCipher(get_settings().data_keys))
        now = datetime.now(UTC)
        try:
            async with db.transaction() as session:
                user = await session.scalar(select(StaffUser).where(StaffUser.username == "li"))
                assert user is not None
                user.failed_logins, user.locked_until = 9, now + timedelta(hours=1)
                session.add(
                    StaffSession(
                        token_hash="x" * 64,
                        staff_id=user.id,
                        csrf_token="c",
                        expires_at=now + timedelta(hours=8),
                    )
                )
        finally:
            await db.dispose()

    asyncio.run(lock_and_sign_in())
    assert main(["staff", "passwd", "li", "--password", "short"]) == 2
    assert main(["staff", "passwd", "nobody", "--password", "second-password-2"]) == 2
    assert main(["staff", "passwd", "li", "--password", "second-password-2"]) == 0
    assert "sessions ended" in capsys.readouterr().out
    user = query(database, select(StaffUser).where(StaffUser.username == "li"))
    assert isinstance(user, StaffUser)
    assert verify_password(user.password_hash, "second-password-2")
    assert user.locked_until is None and user.failed_logins == 0
    assert query(database, select(func.count()).select_from(StaffSession)) == 0
    audit = query(database, select(AuditEntry).where(AuditEntry.action == "password_reset"))
    assert isinstance(audit, AuditEntry) and audit.target_id == str(user.id)


def test_add_records_the_languages_spoken_and_list_shows_them(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    password = ["--password", "a-long-password"]
    assert main(["staff", "add", "drolma", "--languages", "bo,zh", *password]) == 0
    assert main(["staff", "add", "li", *password]) == 0
    spoken = select(StaffUser.languages).where(StaffUser.username == "drolma")
    assert query(database, spoken) == "zh,bo"
    assert query(database, select(StaffUser.languages).where(StaffUser.username == "li")) == "zh"
    assert main(["staff", "list"]) == 0
    assert "zh,bo" in capsys.readouterr().out
    assert main(["staff", "add", "x", "--languages", "fr", *password]) == 2
    assert "languages must be some of zh, bo, en" in capsys.readouterr().err
