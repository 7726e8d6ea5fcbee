"""Retention purge and key rotation on real SQLite and PostgreSQL, and their CLI commands."""

from __future__ import annotations

import base64
import json
import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from backend.container import Services
from backend.db.crypto import FieldCipher
from backend.db.database import Database
from backend.db.models import AuditEntry, Conversation, FaqMiss, Matter, Message
from backend.runtime import ChannelMessage
from backend.services.keyrotation import rotate_keys
from backend.services.retention import purge
from backend.settings import Settings
from bot.cli import main
from dialogs.types import Inbound
from tests.conftest import in_thread

PHONE = "13812341234"


async def chat(services: Services, chat_key: str, days_ago: int) -> str:
    """A conversation with a question in it, last active ``days_ago`` days before now."""
    received = await services.runtime.receive(
        ChannelMessage("terminal", chat_key, Inbound(text=f"电话{PHONE}，问个事"))
    )
    async with services.db.transaction() as session:
        conversation = await session.get(Conversation, received.conversation_id)
        assert conversation is not None
        conversation.updated_at = services.clock.now() - timedelta(days=days_ago)
        for miss in await session.scalars(select(FaqMiss)):
            miss.created_at = min(miss.created_at, conversation.updated_at)
    return received.conversation_id


async def matter(
    services: Services, conversation_id: str, kind: str, closed_days_ago: int | None
) -> int:
    now = services.clock.now()
    async with services.db.transaction() as session:
        row = Matter(
            kind=kind,
            status="open" if closed_days_ago is None else "closed",
            open=closed_days_ago is None,
            conversation_id=conversation_id,
            channel="terminal",
            contact_phone=PHONE,
            received_at=now - timedelta(days=2000),
            closed_at=None if closed_days_ago is None else now - timedelta(days=closed_days_ago),
        )
        session.add(row)
        await session.flush()
        return row.id


async def test_purge_applies_each_kinds_retention_and_is_audited(services: Services) -> None:
    old_faq = await chat(services, "old-faq", days_ago=91)
    new_faq = await chat(services, "new-faq", days_ago=10)
    old_closed = await chat(services, "old-closed", days_ago=1200)
    old_id = await matter(services, old_closed, "complaint", closed_days_ago=1100)
    recent_closed = await chat(services, "recent-closed", days_ago=400)
    recent_id = await matter(services, recent_closed, "complaint", closed_days_ago=300)
    still_open = await chat(services, "open", days_ago=500)
    open_id = await matter(services, still_open, "application", closed_days_ago=None)
    settings, now = services.settings, services.clock.now()

    dry = await purge(services.db, settings, now, dry_run=True)
    # The old complaint is stripped, which frees its idle conversation in the same run.
    assert (dry.conversations, dry.matters_anonymised) == (2, 1) and dry.dry_run
    assert await _count(services, Conversation) == 5

    report = await purge(services.db, settings, now)
    assert (report.conversations, report.matters_anonymised) == (2, 1)
    assert report.messages >= 2
    async with services.db.reader() as session:
        ids = set(await session.scalars(select(Conversation.id)))
        matters = {m.id: m for m in await session.scalars(select(Matter))}
        audit = list(await session.scalars(select(AuditEntry)))
    assert ids == {new_faq, recent_closed, still_open} and old_faq not in ids
    assert matters[old_id].contact_phone is None and matters[old_id].conversation_id is None
    assert matters[recent_id].contact_phone == PHONE and matters[open_id].contact_phone == PHONE
    (entry,) = audit
    assert (entry.actor, entry.action) == ("system", "retention.purge")
    assert entry.detail["conversations"] == 2 and PHONE not in json.dumps(entry.detail)
    again = await purge(services.db, settings, now)
    assert (again.conversations, again.matters_anonymised, again.messages) == (0, 0, 0)


async def _count(services: Services, model: type) -> int:
    async with services.db.reader() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def _key(byte: int) -> str:
    return base64.urlsafe_b64encode(bytes([byte]) * 32).decode()


async def test_rotation_reseals_every_encrypted_column_in_batches(
    services: Services, database_url: str
) -> None:
    await services.runtime.receive(ChannelMessage("terminal", "k", Inbound(text=f"电话{PHONE}")))
    await matter(services, (await _first_conversation(services)), "complaint", None)
    old, new = services.settings.data_key, _key(2)
    await services.db.dispose()
    sealed_before = await _raw_bodies(database_url, old)
    both = Database(database_url, FieldCipher(Settings(data_key=f"{new},{old}").data_keys))
    try:
        report = await rotate_keys(both, batch=2)
        assert report.total >= 5 and report.rewritten["messages.body"] >= 2
        assert (await rotate_keys(both, batch=2)).total == 0
    finally:
        await both.dispose()
    only_new = Database(database_url, FieldCipher(Settings(data_key=new).data_keys))
    try:
        async with only_new.reader() as session:
            bodies = [m.body for m in await session.scalars(select(Message))]
            phones = list(await session.scalars(select(Matter.contact_phone)))
        assert any(PHONE in (b.get("text") or "") for b in bodies) and phones == [PHONE]
    finally:
        await only_new.dispose()
    assert sealed_before.isdisjoint(await _raw_bodies(database_url, new))


async def _first_conversation(services: Services) -> str:
    async with services.db.reader() as session:
        value = await session.scalar(select(Conversation.id))
    assert value is not None
    return value


async def _raw_bodies(url: str, key: str) -> set[str]:
    db = Database(url, FieldCipher(Settings(data_key=key).data_keys))
    try:
        async with db.reader() as session:
            return set((await session.scalars(text("SELECT body FROM messages"))).all())
    finally:
        await db.dispose()


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from backend.settings import get_settings

    monkeypatch.setitem(os.environ, "FRONTDESK_DATABASE_URL", settings.effective_database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("cli_env")
async def test_cli_purge_and_keys_rotate(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    await chat(services, "old", days_ago=400)
    assert in_thread(main, ["purge", "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["conversations"] == 1
    assert await _count(services, Conversation) == 1
    assert in_thread(main, ["purge"]) == 0
    assert await _count(services, Conversation) == 0
    assert in_thread(main, ["keys", "rotate", "--batch", "10"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["rewritten"] == 0
