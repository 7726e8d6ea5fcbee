"""删除我的信息 on SQLite and PostgreSQL: erased except open matters, audited, counts kept."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from backend.container import Services
from backend.db.models import (
    Attachment,
    AuditEntry,
    Conversation,
    FaqFeedback,
    FaqMiss,
    Matter,
    MatterEvent,
    Message,
    OutboxItem,
)
from backend.runtime import ChannelMessage
from dialogs.types import Inbound

PHONE, ID_NUMBER, NAME = "13812341234", "110101199003071234", "王小明"


def say(text: str = "", button: str | None = None, key: str | None = None) -> ChannelMessage:
    return ChannelMessage(
        "terminal", "citizen-1", Inbound(text=text, button=button), message_key=key
    )


async def seed(services: Services) -> tuple[str, int]:
    """A conversation with personal text, a miss, a vote, a handoff, an open and a closed matter."""
    runtime, now = services.runtime, services.clock.now()
    await runtime.receive(say(button="/start"))
    story = await runtime.receive(say(f"我叫{NAME}，电话{PHONE}，身份证{ID_NUMBER}"))
    await runtime.receive(say("老板拖欠工资怎么办"))
    await runtime.receive(say(button="fb:wage-001:down"))
    async with services.db.transaction() as session:
        conversation = await session.scalar(select(Conversation))
        assert conversation is not None
        common = dict(conversation_id=conversation.id, channel="terminal", received_at=now)
        personal = dict(contact_name=NAME, contact_phone=PHONE, id_number=ID_NUMBER)
        open_matter = Matter(
            kind="complaint",
            status="received",
            tracking_no="QZ-OPEN-1",
            details={"story": f"{NAME} {PHONE}", "message_ids": [story.message_id]},
            **common,
            **personal,
        )
        closed = Matter(
            kind="complaint",
            status="closed",
            open=False,
            tracking_no="QZ-CLOSED-1",
            closed_at=now - timedelta(days=10),
            details={"story": NAME},
            **common,
            **personal,
        )
        session.add_all([open_matter, closed])
        await session.flush()
        session.add(MatterEvent(matter_id=closed.id, kind="reply", data={"text": PHONE}, at=now))
        for matter_id in (open_matter.id, closed.id, None):
            session.add(
                Attachment(
                    conversation_id=conversation.id,
                    matter_id=matter_id,
                    kind="photo",
                    mime="image/png",
                    size=3,
                    sha256="0" * 64,
                    name=f"{NAME}.png",
                    content=b"png",
                    created_at=now,
                )
            )
        return conversation.id, open_matter.id


async def test_delete_erases_everything_but_the_open_matter_and_audits_it(
    services: Services,
) -> None:
    conversation_id, open_id = await seed(services)
    asked = await services.runtime.receive(say(button="/delete"))
    assert asked.replies[0].ask == "delete_confirm"
    done = await services.runtime.receive(say(button="/delete confirm", key="del-1"))
    text = done.replies[0].text
    assert "QZ-OPEN-1" in text and "保留到办结" in text and "1095" in text
    assert "QZ-CLOSED-1" not in text

    async with services.db.reader() as session:
        messages = list(await session.scalars(select(Message).order_by(Message.id)))
        matters = {m.tracking_no: m for m in await session.scalars(select(Matter))}
        files = list(await session.scalars(select(Attachment)))
        misses = list(await session.scalars(select(FaqMiss)))
        votes = list(await session.scalars(select(FaqFeedback)))
        events = list(await session.scalars(select(MatterEvent)))
        conversation = await session.get(Conversation, conversation_id)
        audit = list(await session.scalars(select(AuditEntry)))
        outbox = list(await session.scalars(select(OutboxItem)))

    # Kept: the story the open complaint references, the deletion request and its replies
    # (what was deleted, then the menu: never a dead end).
    bodies = [json.dumps(m.body, ensure_ascii=False) for m in messages]
    assert len(messages) == 4 and PHONE in bodies[0]
    assert messages[1].body["button"] == "/delete confirm" and messages[2].direction == "out"
    assert messages[3].body["ask"] == "menu"
    assert {o.message_id for o in outbox} <= {m.id for m in messages}
    assert matters["QZ-OPEN-1"].contact_phone == PHONE and matters["QZ-OPEN-1"].open
    closed = matters["QZ-CLOSED-1"]
    assert (closed.contact_name, closed.contact_phone, closed.id_number) == (None, None, None)
    assert closed.details == {} and closed.conversation_id is None and events[0].data == {}
    assert [f.matter_id for f in files] == [open_id]
    assert misses == [] and [(v.question, v.conversation_id, v.helpful) for v in votes] == [
        (None, None, False)
    ]
    assert conversation is not None and "last_question" not in conversation.state
    assert NAME not in json.dumps(conversation.state, ensure_ascii=False)

    (entry,) = audit
    assert (entry.actor, entry.action, entry.target_id) == (
        "citizen",
        "privacy.delete",
        conversation_id,
    )
    assert entry.detail["kept_matters"] == [open_id] and entry.detail["messages"] >= 8
    assert entry.detail["attachments"] == 2 and entry.detail["faq_misses"] == 1
    assert all(s not in json.dumps(entry.detail) for s in (PHONE, ID_NUMBER, "王"))


async def test_a_retried_confirmation_does_not_run_twice(services: Services) -> None:
    await services.runtime.receive(say(button="/start"))
    await services.runtime.receive(say(button="/delete"))
    first = await services.runtime.receive(say(button="/delete confirm", key="del-2"))
    again = await services.runtime.receive(say(button="/delete confirm", key="del-2"))
    assert again.duplicate and [r.text for r in again.replies] == [r.text for r in first.replies]
    assert first.replies[0].text.startswith("您的个人信息和聊天记录已删除")
    async with services.db.reader() as session:
        assert len(list(await session.scalars(select(AuditEntry)))) == 1


async def test_the_conversation_goes_on_after_deletion(services: Services) -> None:
    await services.runtime.receive(say(f"电话{PHONE}"))
    await services.runtime.receive(say(button="/delete"))
    await services.runtime.receive(say(button="/delete confirm"))
    after = await services.runtime.receive(say("老板拖欠工资怎么办"))
    assert "劳动监察" in after.replies[0].text
