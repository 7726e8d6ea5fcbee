"""The draft application letter reaches a Telegram citizen as a .docx, for both libraries.

A citizen goes through the eligibility interview and files an application over the fake Bot
API (text steps are messages, button steps are callback queries); the outbox sender then
uploads the letter with the library's real sendDocument, and the fake keeps the bytes.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest
from docx import Document
from sqlalchemy import select

from backend.container import Services
from backend.db.models import Conversation, Matter, Message
from backend.runtime.outbox import write_outbound
from dialogs.catalog import default_catalog
from tests.eligibility_flow.interview_driver import NUMBERS
from tests.eligibility_flow.test_eligibility_application_runtime import APPLICATION, INTERVIEW
from tests.fakes.bot_api import FakeBotApi
from tests.telegram.harness import CHAT, Citizen, settled

OTHER = 2002
OFFER = default_catalog().text("zh-Hans", "eligibility.apply.letter")


async def _conversation(services: Services, chat_id: int) -> Conversation:
    async with services.db.transaction() as session:  # see harness.settled
        query = select(Conversation).where(
            Conversation.channel == "telegram", Conversation.chat_key == str(chat_id)
        )
        return (await session.scalars(query)).one()


async def _last_ask(services: Services, chat_id: int) -> str | None:
    """What the bot's newest reply in this chat asks (the engine stores it in the body)."""
    conversation = await _conversation(services, chat_id)
    async with services.db.transaction() as session:
        query = (
            select(Message.body)
            .where(Message.conversation_id == conversation.id, Message.direction == "out")
            .order_by(Message.id.desc())
            .limit(1)
        )
        body: dict[str, Any] = (await session.scalars(query)).one()
    return body.get("ask")


async def _apply(citizen: Citizen) -> str:
    """The whole interview and application over Telegram; returns the tracking number."""
    await citizen.say("/start")
    await citizen.press("go:eligibility")
    while (ask := await _last_ask(citizen.services, citizen.chat_id)) != "summary":
        assert ask is not None, citizen.texts()[-1]
        value = str(INTERVIEW[ask])
        await (citizen.say(value) if ask in NUMBERS else citizen.press(value))
    await citizen.press("done")
    for step in [*APPLICATION, {"button": "none"}, {"button": "confirm"}]:
        await (citizen.press(step["button"]) if "button" in step else citizen.say(step["text"]))
    async with citizen.services.db.transaction() as session:
        matter = (await session.scalars(select(Matter))).one()
    assert matter.tracking_no and matter.contact_name == "张三"
    return matter.tracking_no


def _documents(api: FakeBotApi, chat_id: int) -> list[tuple[str, bytes]]:
    """(file name, uploaded bytes) of every document the bot sent to this chat."""
    return [
        (m["document"]["file_name"], api.state.files[m["document"]["file_id"]].content)
        for m in api.sent_messages(chat_id)
        if "document" in m
    ]


def _text_of(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


async def test_the_applicant_gets_the_letter_and_another_citizen_nothing(
    polling: Citizen, services: Services, bot_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    tracking_no = await _apply(polling)

    [upload] = bot_api.calls("sendDocument")
    assert str(upload.params["chat_id"]) == str(CHAT)
    assert upload.status == 200 and upload.uploads
    [(filename, content)] = _documents(bot_api, CHAT)
    assert filename == f"支持起诉申请书-{tracking_no}.docx"
    text = _text_of(content)
    assert "张三" in text and tracking_no in text
    assert "请求判令被申请人支付拖欠的劳动报酬人民币23000元" in text
    assert polling.texts()[-2] == OFFER and "document" in bot_api.sent_messages(CHAT)[-1]

    # The letter button sends it again, to its owner.
    await polling.press(f"letter:{tracking_no}")
    assert [name for name, _ in _documents(bot_api, CHAT)] == [filename, filename]

    # Another citizen — even tapping a copied button, or given a reply naming that
    # tracking number — gets none of it: letters are looked up in their own conversation only.
    other = Citizen(services, bot_api, chat_id=OTHER)
    other.updates = polling.updates
    await other.say("/start")
    await other.handled(bot_api.inject_callback(OTHER, f"letter:{tracking_no}", 1))
    conversation = await _conversation(services, OTHER)
    caplog.set_level(logging.INFO, logger="frontdesk.telegram")
    async with services.db.transaction() as session:
        body = {"text": "您的申请书", "buttons": [], "letter": tracking_no}
        write_outbound(session, conversation, body, author="bot", now=services.clock.now())
    services.notifier.notify("outbox")
    await settled(services, other.updates)
    [skipped] = [r for r in caplog.records if r.getMessage() == "letter not found, not sent"]
    assert getattr(skipped, "conversation_id", None) == conversation.id
    assert tracking_no not in repr(skipped.__dict__) and "张三" not in repr(skipped.__dict__)
    assert "您的申请书" in other.texts()
    assert _documents(bot_api, OTHER) == []
    assert [str(c.params["chat_id"]) for c in bot_api.calls("sendDocument")] == [str(CHAT)] * 2
    assert not any("张三" in t or tracking_no in t for t in other.texts())


async def test_a_failed_upload_resends_the_whole_reply(
    polling: Citizen, services: Services, bot_api: FakeBotApi
) -> None:
    bot_api.fail_next("sendDocument", 500)
    await _apply(polling)
    assert [c.status for c in bot_api.calls("sendDocument")] == [500, 200]
    [(_, content)] = _documents(bot_api, CHAT)
    assert "张三" in _text_of(content)
    # A retry starts again at the first part: the offer's text went out twice, the letter once.
    assert polling.texts().count(OFFER) == 2
    assert "document" in bot_api.sent_messages(CHAT)[-1]
