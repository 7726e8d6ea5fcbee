"""The Telegram channel end to end, the same tests for python-telegram-bot and aiogram.

The real library talks HTTP to the fake Bot API on loopback; the runtime and the outbox
sender run on a real SQLite and PostgreSQL database (the ``services`` fixture).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio
from sqlalchemy import select

from backend.container import Services
from backend.db.models import Attachment, Conversation, Matter, Message, OutboxItem
from backend.delivery import VirtualTimer
from backend.runtime.outbox import write_outbound
from bot.app import create_app
from bot.telegram.common import hook_id
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.live_server import live_server
from tests.telegram.harness import CHAT, SECRET, TOKEN, Citizen, configure, running_channel

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64


async def _rows(services: Services, model: Any) -> list[Any]:
    async with services.db.reader() as session:
        return list((await session.scalars(select(model))).all())


async def test_start_shows_the_menu_and_a_tap_is_answered(
    polling: Citizen, bot_api: FakeBotApi
) -> None:
    assert [c["command"] for c in bot_api.commands] == [
        "start",
        "menu",
        "help",
        "lang",
        "privacy",
        "delete",
    ]
    assert bot_api.commands[1]["description"] == "主菜单"
    await polling.say("/start")
    assert "检察服务前台" in polling.texts()[0]
    assert ("3. 法律咨询", "go:faq") in polling.keyboard()  # numbered: the menu invites numbers
    assert ("转人工", "/person") in polling.keyboard()
    await polling.tap("法律咨询")
    assert polling.texts()[-1].startswith("请直接打字说说您的问题")
    assert len(bot_api.callback_answers) == 1


async def test_a_faq_conversation_through_buttons_then_a_person(
    polling: Citizen, services: Services
) -> None:
    await polling.say("/start")
    await polling.tap("法律咨询")
    await polling.say("老板拖欠工资怎么办")
    assert any("劳动监察" in text for text in polling.texts())
    await polling.tap("转人工")
    assert "工作人员" in polling.texts()[-1]
    [conversation] = await _rows(services, Conversation)
    assert (conversation.channel, conversation.chat_key) == ("telegram", str(CHAT))
    assert conversation.mode == "waiting"


async def test_a_whole_complaint_through_buttons(polling: Citizen, services: Services) -> None:
    await polling.say("/start")
    for payload in ("go:complaint", "yes", "work", "wages", "submit_anyway"):
        await polling.press(payload)
    await polling.say("我在城南工地干了八个月，老板欠我两万三千元工资一直不给。")
    await polling.press("done")
    await polling.say("要回工资")
    for payload in ("no", "anonymous", "confirm"):
        await polling.press(payload)
    [matter] = await _rows(services, Matter)
    assert matter.tracking_no and any(matter.tracking_no in t for t in polling.texts()[-3:])


async def test_a_photo_is_stored_as_an_attachment(polling: Citizen, services: Services) -> None:
    await polling.say("/start")
    await polling.handled(
        polling.api.inject_photo(CHAT, [(90, 60, b"\xff\xd8small"), (1280, 853, JPEG)])
    )
    [attachment] = await _rows(services, Attachment)
    assert (attachment.kind, attachment.content) == ("photo", JPEG)
    inbound = [m for m in await _rows(services, Message) if m.direction == "in"]
    assert inbound[-1].body["attachments"][0]["id"] == attachment.id


async def test_stickers_edits_and_groups_get_an_explanation(
    polling: Citizen, services: Services, bot_api: FakeBotApi
) -> None:
    await polling.handled(bot_api.inject_sticker(CHAT))
    assert polling.texts()[-1].startswith("抱歉，我只能看懂文字")
    await polling.handled(bot_api.inject_edited_message(CHAT, 1, "改过"))
    assert "修改过的消息" in polling.texts()[-1]
    group = Citizen(services, bot_api, chat_id=-500)
    group.updates = polling.updates
    await group.handled(bot_api.inject_message(-500, "/start", chat_type="group"))
    assert "私聊" in group.texts()[-1]
    stored = [m.body for m in await _rows(services, Message) if m.direction == "in"]
    # The fact is kept (it carries the update's key, so a redelivery is not answered twice);
    # the group's words never are.
    assert [b.get("unsupported") for b in stored] == ["sticker", "edited", "group"]
    assert all(b["text"] == "" for b in stored)


async def test_a_long_button_payload_goes_through_a_pointer(
    polling: Citizen, services: Services
) -> None:
    await polling.say("/start")
    payload = "go:" + "x" * 80
    async with services.db.transaction() as session:
        [conversation] = (await session.scalars(select(Conversation))).all()
        body = {"text": "请选择", "buttons": [{"label": "长按钮", "payload": payload}]}
        write_outbound(session, conversation, body, author="staff", now=services.clock.now())
    services.notifier.notify("outbox")
    await polling.api.wait_until(lambda: polling.texts()[-1] == "请选择")
    [(_, data)] = polling.keyboard()
    assert data.startswith("~") and len(data.encode()) <= 64
    await polling.tap("长按钮")
    inbound = [m for m in await _rows(services, Message) if m.direction == "in"]
    assert inbound[-1].body["button"] == payload


async def test_a_429_is_honoured_exactly(polling: Citizen, bot_api: FakeBotApi) -> None:
    bot_api.rate_limit(retry_after=5)
    await polling.say("/start")
    sends = bot_api.calls("sendMessage")
    assert [s.status for s in sends] == [429, 200, 200]
    assert sends[1].at - sends[0].at >= 5  # the fake's clock is the sender's virtual clock
    assert sends[2].at - sends[1].at >= 1  # one message a second per chat


async def test_staff_replies_during_an_outage_arrive_in_order(
    polling: Citizen, services: Services, bot_api: FakeBotApi
) -> None:
    await polling.say("/start")
    await bot_api.go_down()
    async with services.db.transaction() as session:
        [conversation] = (await session.scalars(select(Conversation))).all()
        for n in range(1, 4):
            body = {"text": f"工作人员回复 {n}", "buttons": []}
            write_outbound(session, conversation, body, author="staff", now=services.clock.now())
    services.notifier.notify("outbox")
    channel = services.telegram
    assert channel is not None
    await channel.worker.wait_until(lambda: channel.worker.stats.unavailable >= 3)
    await bot_api.come_up()
    await channel.worker.wait_until(lambda: channel.worker.stats.sent >= 5)
    assert polling.texts()[-3:] == ["工作人员回复 1", "工作人员回复 2", "工作人员回复 3"]


async def test_a_blocked_bot_marks_the_conversation(
    polling: Citizen, services: Services, bot_api: FakeBotApi
) -> None:
    await polling.say("/start")
    bot_api.block_chat(CHAT)
    async with services.db.transaction() as session:
        [conversation] = (await session.scalars(select(Conversation))).all()
        for n in (1, 2):
            body = {"text": f"回复 {n}", "buttons": []}
            write_outbound(session, conversation, body, author="staff", now=services.clock.now())
    services.notifier.notify("outbox")
    channel = services.telegram
    assert channel is not None
    await channel.worker.wait_until(lambda: channel.worker.stats.blocked >= 1)
    [conversation] = await _rows(services, Conversation)
    assert conversation.delivery_blocked
    statuses = [o.status for o in await _rows(services, OutboxItem)]
    assert statuses[-2:] == ["blocked", "blocked"]
    assert len(bot_api.calls("sendMessage")) == 3  # greeting, menu, one refused attempt


# -- webhook -----------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def webhook(
    services: Services, bot_api: FakeBotApi, library: str, vtimer: VirtualTimer
) -> AsyncIterator[str]:
    """The app on real HTTP with the channel in webhook mode; yields the app's base URL."""
    async with live_server(create_app(services=services)) as url:
        configure(services, bot_api, library, mode="webhook", url=url)
        async with running_channel(services, vtimer):
            yield url


async def test_the_webhook_is_registered_with_a_path_free_of_the_token(
    webhook: str, bot_api: FakeBotApi
) -> None:
    registered = bot_api.state.webhook
    assert registered is not None and registered.secret_token == SECRET
    assert registered.url == f"{webhook}/telegram/webhook/{hook_id(SECRET)}"
    assert TOKEN not in registered.url and SECRET not in registered.url


async def test_a_redelivered_update_is_processed_once(
    webhook: str, services: Services, bot_api: FakeBotApi
) -> None:
    update = bot_api.inject_message(CHAT, "/start")
    assert await bot_api.deliver_webhook(update) == 200
    assert await bot_api.deliver_webhook(update) == 200
    citizen = Citizen(services, bot_api)
    await citizen.handled(update)
    inbound = [m for m in await _rows(services, Message) if m.direction == "in"]
    assert len(inbound) == 1
    assert len(citizen.texts()) == 2  # greeting and menu, once


async def test_a_wrong_secret_is_refused_and_nothing_is_stored(
    webhook: str, services: Services, bot_api: FakeBotApi
) -> None:
    update = bot_api.inject_message(CHAT, "/start")
    assert await bot_api.deliver_webhook(update, secret_token="wrong") == 401
    assert await bot_api.deliver_webhook(update, omit_secret=True) == 401
    wrong_path = f"{webhook}/telegram/webhook/{hook_id('other')}"
    assert await bot_api.deliver_webhook(update, url=wrong_path) == 404
    assert await _rows(services, Conversation) == []
    assert await _rows(services, Message) == []


async def test_a_button_through_the_webhook_is_answered(
    webhook: str, services: Services, bot_api: FakeBotApi
) -> None:
    citizen = Citizen(services, bot_api)
    assert await bot_api.deliver_webhook(bot_api.inject_message(CHAT, "/start")) == 200
    await citizen.handled({})
    [(_, message_id)] = [
        (m, m["message_id"]) for m in bot_api.sent_messages(CHAT) if m.get("reply_markup")
    ]
    press = bot_api.inject_callback(CHAT, "go:faq", message_id)
    assert await bot_api.deliver_webhook(press) == 200
    await citizen.handled(press)
    assert bot_api.callback_answers and citizen.texts()[-1].startswith("请直接打字")
