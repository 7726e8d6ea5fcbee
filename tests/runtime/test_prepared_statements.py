"""The turn's statements run straight on SQLite's driver (``backend.db.prepared``) store and
read exactly what SQLAlchemy's own path does: encrypted at rest, UTC times, real booleans."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from backend.container import Services
from backend.db.models import Conversation, Message
from backend.db.prepared import Prepared, sqlite_driver
from backend.runtime import statements as sql
from backend.runtime.outbox import store_replies

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


async def test_only_sqlite_takes_the_driver_path(services: Services) -> None:
    async with services.db.writer() as connection:
        driver = sqlite_driver(connection)
    assert (driver is not None) == services.db.is_sqlite


async def test_a_turn_written_by_the_turn_statements_reads_back_through_the_orm(
    services: Services,
) -> None:
    async with services.db.writer() as connection:
        row = await sql.create_conversation(connection, "telegram", "42", "zh-Hans", NOW)
        inbound = await sql.record_inbound(connection, row.id, {"text": "工资"}, "k1", NOW)
        again = await sql.record_inbound(connection, row.id, {"text": "工资"}, "k1", NOW)
        await sql.save_turn(
            connection,
            row.id,
            {
                "state": {"flow": "faq", "lang": "en"},
                "mode": "queued",
                "lang": "en",
                "urgent": True,
                "has_matter": False,
                "updated_at": NOW,
            },
        )
        await store_replies(
            connection,
            row,
            [{"text": "一"}, {"text": "二"}],
            author="bot",
            now=NOW,
            reply_to=inbound,
        )
        found = await sql.find_conversation(connection, "telegram", "42", lock=False)
    assert inbound is not None and again is None  # the key taken: nothing inserted
    assert found is not None and found.state == {"flow": "faq", "lang": "en"}
    assert found.urgent is True and found.has_matter is False
    assert found.updated_at == NOW and found.updated_at.tzinfo is not None

    async with services.db.reader() as session:
        conversation = await session.scalar(select(Conversation))
        messages = (await session.scalars(select(Message).order_by(Message.id))).all()
        stored = (await session.execute(text("SELECT state FROM conversations"))).scalar_one()
        outbox = (await session.execute(text("SELECT count(*) FROM outbox"))).scalar_one()
    assert conversation is not None and conversation.mode == "queued" and conversation.urgent
    assert conversation.updated_at == NOW
    assert [m.body["text"] for m in messages] == ["工资", "一", "二"]
    assert [m.reply_to for m in messages] == [None, inbound, inbound]
    assert "faq" not in stored  # encrypted at rest, on either path
    assert outbox == 2  # telegram delivers: one outbox row a reply


async def test_a_driver_error_is_raised_as_sqlalchemy_would_without_the_values(
    services: Services,
) -> None:
    if not services.db.is_sqlite:
        pytest.skip("the driver path is SQLite's")
    broken = Prepared(select(Conversation.__table__).where(text("no_such_column = :secret")))
    with pytest.raises(OperationalError) as raised:
        async with services.db.writer() as connection:
            driver = sqlite_driver(connection)
            assert driver is not None
            broken.execute(driver, connection.dialect, {"secret": "张三 13800138000"})
    assert "13800138000" not in str(raised.value)
