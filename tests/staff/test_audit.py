"""The audit log: append-only (by trigger and by code), filtered reads for supervisors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.container import Services
from backend.staff import audit

ROOT = Path(__file__).resolve().parents[2]


async def test_audit_rows_cannot_be_updated_or_deleted(services: Services) -> None:
    async with services.db.transaction() as session:
        await audit.record(
            session, audit.Actor(1, "alice"), "view_item", "matter", 7, at=services.clock.now()
        )
    for statement in ("UPDATE audit_log SET action = 'nothing'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with services.db.transaction() as session:
                await session.execute(text(statement))
    async with services.db.reader() as session:
        rows = (await session.execute(text("SELECT action FROM audit_log"))).scalars().all()
    assert rows == ["view_item"]


def test_no_code_updates_or_deletes_audit_rows() -> None:
    pattern = re.compile(r"(update|delete)\(\s*AuditEntry|(UPDATE|DELETE FROM)\s+audit_log")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("backend", "bot", "dialogs")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


async def test_supervisors_filter_the_log(client_for: Any) -> None:
    alice = await client_for("alice")
    await alice.get("/api/staff/me")
    sam = await client_for("sam")
    everything = (await sam.get("/api/staff/audit")).json()
    assert {e["action"] for e in everything["entries"]} == {"login"}
    mine = (await sam.get("/api/staff/audit", params={"actor": "alice"})).json()
    assert [e["actor"] for e in mine["entries"]] == ["alice"]
    none = (await sam.get("/api/staff/audit", params={"action": "reveal"})).json()
    assert none["entries"] == [] and none["pages"] == 1
    later = await sam.get("/api/staff/audit", params={"since": "2027-01-01T00:00:00+00:00"})
    assert later.json()["entries"] == []


async def test_admins_create_accounts_and_duplicates_are_refused(client_for: Any) -> None:
    ada = await client_for("ada")
    made = await ada.post(
        "/api/staff/users", {"username": "carol", "role": "supervisor", "password": "long-enough-1"}
    )
    assert made.status_code == 201 and made.json()["role"] == "supervisor"
    again = await ada.post("/api/staff/users", {"username": "carol", "password": "long-enough-1"})
    assert again.status_code == 409
    short = await ada.post("/api/staff/users", {"username": "dave", "password": "short"})
    assert short.status_code == 422
    listed = (await ada.get("/api/staff/users")).json()["users"]
    assert "carol" in {u["username"] for u in listed}
    assert all("password_hash" not in u for u in listed)
    carol = await client_for(None)
    assert (await carol.login("carol", "long-enough-1")).status_code == 200
    assert carol.user["role"] == "supervisor"
