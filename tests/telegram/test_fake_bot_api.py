"""The fake Bot API, proven with the real python-telegram-bot and aiogram clients over loopback."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
from collections.abc import AsyncIterator
from typing import Any

import aiogram
import aiogram.filters
import aiohttp
import pytest
import pytest_asyncio
import telegram
import telegram.ext
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiohttp import web

from tests.fakes.bot_api import FakeBotApi

TOKEN = "123456:TEST"
CHAT = 1001


class ManualClock:
    """A clock the test moves by hand, so flood-limit tests never sleep."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class PtbClient:
    """The calls under test, made through python-telegram-bot."""

    retry_after = telegram.error.RetryAfter
    conflict = telegram.error.Conflict
    bad_request = telegram.error.BadRequest
    unavailable: tuple[type[Exception], ...] = (telegram.error.NetworkError,)

    def __init__(self, api: FakeBotApi) -> None:
        self.bot = telegram.Bot(
            token=api.token,
            base_url=f"{api.base_url}/bot",
            base_file_url=f"{api.base_url}/file/bot",
        )

    async def open(self, stack: contextlib.AsyncExitStack) -> None:
        await stack.enter_async_context(self.bot)

    async def username(self) -> str:
        return (await self.bot.get_me()).username or ""

    async def send_with_button(self, chat_id: int, text: str, data: str) -> tuple[int, str]:
        button = telegram.InlineKeyboardButton("好", callback_data=data)
        markup = telegram.InlineKeyboardMarkup([[button]])
        message = await self.bot.send_message(chat_id, text, reply_markup=markup)
        assert message.reply_markup is not None
        return message.message_id, str(message.reply_markup.inline_keyboard[0][0].callback_data)

    async def update_ids(self, offset: int | None, timeout: int) -> list[int]:
        updates = await self.bot.get_updates(offset=offset, timeout=timeout)
        return [update.update_id for update in updates]

    async def download(self, file_id: str) -> bytes:
        return bytes(await (await self.bot.get_file(file_id)).download_as_bytearray())

    async def send_document(self, chat_id: int, filename: str, content: bytes) -> str:
        message = await self.bot.send_document(chat_id, document=content, filename=filename)
        assert message.document is not None and message.document.file_name == filename
        return message.document.file_id

    async def answer(self, query_id: str, text: str) -> bool:
        return await self.bot.answer_callback_query(query_id, text=text)

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.bot.set_webhook(url, secret_token=secret)

    async def delete_webhook(self) -> None:
        await self.bot.delete_webhook()

    @staticmethod
    def seconds(error: Exception) -> float:
        assert isinstance(error, telegram.error.RetryAfter)
        delay = error.retry_after  # a timedelta: PTB_TIMEDELTA is set by the fixture
        return delay.total_seconds() if isinstance(delay, dtm.timedelta) else float(delay)


class AiogramClient:
    """The same calls, made through aiogram."""

    retry_after = TelegramRetryAfter
    conflict = TelegramConflictError
    bad_request = TelegramBadRequest
    unavailable: tuple[type[Exception], ...] = (TelegramNetworkError, TelegramServerError)

    def __init__(self, api: FakeBotApi) -> None:
        server = TelegramAPIServer.from_base(api.base_url)
        self.bot = aiogram.Bot(api.token, session=AiohttpSession(api=server))

    async def open(self, stack: contextlib.AsyncExitStack) -> None:
        stack.push_async_callback(self.bot.session.close)

    async def username(self) -> str:
        return (await self.bot.get_me()).username or ""

    async def send_with_button(self, chat_id: int, text: str, data: str) -> tuple[int, str]:
        button = aiogram.types.InlineKeyboardButton(text="好", callback_data=data)
        markup = aiogram.types.InlineKeyboardMarkup(inline_keyboard=[[button]])
        message = await self.bot.send_message(chat_id, text, reply_markup=markup)
        assert message.reply_markup is not None
        return message.message_id, str(message.reply_markup.inline_keyboard[0][0].callback_data)

    async def update_ids(self, offset: int | None, timeout: int) -> list[int]:
        updates = await self.bot.get_updates(offset=offset, timeout=timeout)
        return [update.update_id for update in updates]

    async def download(self, file_id: str) -> bytes:
        file = await self.bot.get_file(file_id)
        buffer = await self.bot.download(file)
        assert buffer is not None
        return buffer.read()

    async def send_document(self, chat_id: int, filename: str, content: bytes) -> str:
        upload = aiogram.types.BufferedInputFile(content, filename=filename)
        message = await self.bot.send_document(chat_id, upload)
        assert message.document is not None and message.document.file_name == filename
        return message.document.file_id

    async def answer(self, query_id: str, text: str) -> bool:
        return await self.bot.answer_callback_query(query_id, text=text)

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.bot.set_webhook(url, secret_token=secret)

    async def delete_webhook(self) -> None:
        await self.bot.delete_webhook()

    @staticmethod
    def seconds(error: Exception) -> float:
        assert isinstance(error, TelegramRetryAfter)
        return float(error.retry_after)


Client = PtbClient | AiogramClient


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as fake:
        yield fake


@pytest_asyncio.fixture(params=["ptb", "aiogram"])
async def client(
    request: pytest.FixtureRequest, api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Client]:
    # PTB 22 warns on int time periods unless opted in to timedelta, and warnings are errors.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    lib: Client = PtbClient(api) if request.param == "ptb" else AiogramClient(api)
    async with contextlib.AsyncExitStack() as stack:
        await lib.open(stack)
        yield lib


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    http: aiohttp.ClientSession, api: FakeBotApi, method: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    """A raw Bot API call as JSON; returns (HTTP status, body)."""
    async with http.post(f"{api.base_url}/bot{api.token}/{method}", json=params) as response:
        return response.status, await response.json()


# -- both libraries ----------------------------------------------------------------------------


async def test_get_me_and_a_message_with_an_inline_keyboard(
    client: Client, api: FakeBotApi
) -> None:
    assert await client.username() == "frontdesk_test_bot"
    message_id, data = await client.send_with_button(CHAT, "您好", "m:1")
    assert data == "m:1"
    [sent] = api.sent_messages(CHAT)
    assert sent["message_id"] == message_id and sent["text"] == "您好"
    assert sent["reply_markup"] == {"inline_keyboard": [[{"text": "好", "callback_data": "m:1"}]]}


async def test_get_updates_confirms_by_offset_and_long_polls(
    client: Client, api: FakeBotApi
) -> None:
    first = api.inject_message(CHAT, "/start")
    assert await client.update_ids(None, 0) == [first["update_id"]]
    waiting = asyncio.create_task(client.update_ids(first["update_id"] + 1, 20))
    await api.wait_for_poll()
    second = api.inject_message(CHAT, "投诉")
    assert await waiting == [second["update_id"]]
    assert await client.update_ids(second["update_id"] + 1, 0) == []
    assert api.state.pending == []


async def test_injected_photo_and_document_download(client: Client, api: FakeBotApi) -> None:
    photo = api.inject_photo(CHAT, [(90, 60, b"small"), (1280, 853, b"large-jpeg")])
    largest = photo["message"]["photo"][-1]["file_id"]
    assert await client.download(largest) == b"large-jpeg"
    document = api.inject_document(CHAT, "判决书.pdf", b"%PDF-1.7", "application/pdf")
    assert await client.download(document["message"]["document"]["file_id"]) == b"%PDF-1.7"


async def test_send_document_is_stored_and_served(client: Client, api: FakeBotApi) -> None:
    file_id = await client.send_document(CHAT, "receipt.txt", "回执 2026".encode())
    assert await client.download(file_id) == "回执 2026".encode()
    assert api.calls("sendDocument")[0].uploads


async def test_answer_callback_query_once(client: Client, api: FakeBotApi) -> None:
    message_id, _ = await client.send_with_button(CHAT, "选择", "flow:complaint")
    update = api.inject_callback(CHAT, "flow:complaint", message_id)
    query = update["callback_query"]
    assert query["message"]["message_id"] == message_id
    assert await client.answer(query["id"], "已收到") is True
    assert api.callback_answers[0]["text"] == "已收到"
    with pytest.raises(client.bad_request):
        await client.answer(query["id"], "again")


async def test_429_raises_retry_after_with_the_given_delay(client: Client, api: FakeBotApi) -> None:
    api.rate_limit(retry_after=7)
    with pytest.raises(client.retry_after) as raised:
        await client.send_with_button(CHAT, "hi", "x")
    assert client.seconds(raised.value) == 7
    await client.send_with_button(CHAT, "hi", "x")
    assert [r.status for r in api.calls("sendMessage")] == [429, 200]


async def test_outage_refuses_connections_until_it_comes_back(
    client: Client, api: FakeBotApi
) -> None:
    await client.username()  # leaves a pooled keep-alive connection behind
    await api.go_down()
    with pytest.raises(client.unavailable):
        await client.username()
    await api.come_up()
    assert await client.username() == "frontdesk_test_bot"


async def test_fail_next_answers_5xx_once(client: Client, api: FakeBotApi) -> None:
    api.fail_next("sendmessage", status=502)
    with pytest.raises(client.unavailable):
        await client.send_with_button(CHAT, "hi", "x")
    await client.send_with_button(CHAT, "hi", "x")
    assert len(api.sent_messages(CHAT)) == 1


async def test_get_updates_conflicts_while_a_webhook_is_set(
    client: Client, api: FakeBotApi
) -> None:
    await client.set_webhook("http://127.0.0.1:9/telegram/hook", "s3cret")
    assert api.state.webhook is not None and api.state.webhook.secret_token == "s3cret"
    with pytest.raises(client.conflict):
        await client.update_ids(None, 0)
    await client.delete_webhook()
    assert await client.update_ids(None, 0) == []


async def test_ptb_application_polls_and_replies(
    api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    app = (
        telegram.ext.ApplicationBuilder()
        .token(api.token)
        .base_url(f"{api.base_url}/bot")
        .base_file_url(f"{api.base_url}/file/bot")
        .build()
    )

    async def start(update: telegram.Update, context: Any) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"start {context.args}")

    app.add_handler(telegram.ext.CommandHandler("start", start))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=10))
        api.inject_message(CHAT, "/start case42")
        await api.wait_for_messages(1, CHAT)
        await app.updater.stop()
        await app.stop()
    assert api.sent_texts(CHAT) == ["start ['case42']"]
    assert api.state.pending == []  # PTB's last getUpdates on stop confirmed the update


async def test_aiogram_dispatcher_polls_and_replies(api: FakeBotApi) -> None:
    dispatcher = aiogram.Dispatcher()

    @dispatcher.message(aiogram.filters.CommandStart(deep_link=True))
    async def start(message: aiogram.types.Message, command: aiogram.filters.CommandObject) -> None:
        await message.answer(f"start {command.args}")

    server = TelegramAPIServer.from_base(api.base_url)
    bot = aiogram.Bot(api.token, session=AiohttpSession(api=server))
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=10)
    )
    api.inject_message(CHAT, "/start case42")
    await api.wait_for_messages(1, CHAT)
    await dispatcher.stop_polling()
    await polling  # closes the bot session too (close_bot_session defaults to True)
    assert api.sent_texts(CHAT) == ["start case42"]


# -- the wire format ---------------------------------------------------------------------------


async def test_wrong_token_and_unknown_method(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    async with http.post(f"{api.base_url}/bot999:WRONG/getMe") as response:
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    status, body = await call(http, api, "getMeNow")
    assert (status, body["description"]) == (404, "Not Found")


async def test_methods_are_case_insensitive_and_any_encoding_works(
    api: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    url = f"{api.base_url}/bot{api.token}/SENDMESSAGE"
    form = {"chat_id": "-100", "text": "[1]", "reply_markup": '{"inline_keyboard": []}'}
    async with http.post(url, data=form) as response:
        assert (await response.json())["result"]["chat"]["type"] == "supergroup"
    async with http.get(f"{api.base_url}/bot{api.token}/getme") as response:
        assert (await response.json())["result"]["is_bot"] is True
    form_data = aiohttp.FormData({"chat_id": str(CHAT), "caption": "现场照片"})
    form_data.add_field("photo", b"\xff\xd8jpeg", filename="p.jpg", content_type="image/jpeg")
    async with http.post(f"{api.base_url}/bot{api.token}/sendPhoto", data=form_data) as response:
        photo = (await response.json())["result"]["photo"][-1]
    async with http.get(f"{api.base_url}/file/bot{api.token}/{_path(api, photo)}") as response:
        assert await response.read() == b"\xff\xd8jpeg"
    [request, *_] = api.requests
    assert request.method == "sendMessage"
    assert request.params == {
        "chat_id": "-100",
        "text": "[1]",
        "reply_markup": {"inline_keyboard": []},
    }


def _path(api: FakeBotApi, file: dict[str, Any]) -> str:
    return api.state.files[file["file_id"]].file_path


async def test_edits_follow_telegram_rules(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    _, sent = await call(http, api, "sendMessage", chat_id=CHAT, text="a")
    message_id = sent["result"]["message_id"]
    status, edited = await call(
        http, api, "editMessageText", chat_id=CHAT, message_id=message_id, text="b"
    )
    assert status == 200 and edited["result"]["text"] == "b"
    status, body = await call(
        http, api, "editMessageText", chat_id=CHAT, message_id=message_id, text="b"
    )
    assert status == 400 and "message is not modified" in body["description"]
    keyboard = {"inline_keyboard": [[{"text": "x", "callback_data": "y" * 65}]]}
    status, body = await call(
        http,
        api,
        "editMessageReplyMarkup",
        chat_id=CHAT,
        message_id=message_id,
        reply_markup=keyboard,
    )
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")
    assert (await call(http, api, "deleteMessage", chat_id=CHAT, message_id=message_id))[0] == 200
    assert (await call(http, api, "deleteMessage", chat_id=CHAT, message_id=message_id))[0] == 400


async def test_commands_blocked_chats_and_502_outage(
    api: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    commands = [{"command": "menu", "description": "菜单"}]
    assert (await call(http, api, "setMyCommands", commands=commands))[0] == 200
    assert api.commands == commands
    assert (await call(http, api, "sendChatAction", chat_id=CHAT, action="typing"))[0] == 200
    api.block_chat(CHAT)
    status, body = await call(http, api, "sendMessage", chat_id=CHAT, text="hi")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    await api.go_down(status=502)
    assert (await call(http, api, "getMe"))[0] == 502
    await api.come_up()
    assert (await call(http, api, "getMe"))[0] == 200


async def test_every_injected_update_parses_in_both_libraries(api: FakeBotApi) -> None:
    updates = [
        api.inject_message(-5, "/start abc", user_id=77, chat_type="group"),
        api.inject_callback(CHAT, "c", 99),
        api.inject_photo(CHAT, [(10, 10, b"p")], caption="证据"),
        api.inject_document(CHAT, "a.pdf", b"%PDF", "application/pdf"),
        api.inject_voice(CHAT, b"OggS", 3),
        api.inject_sticker(CHAT),
        api.inject_location(CHAT, 39.9, 116.4),
        api.inject_contact(CHAT, "+8613800000000", "张"),
        api.inject_edited_message(CHAT, 1, "改过"),
        api.inject_raw({"my_chat_member": _member_update()}),
    ]
    assert [u["update_id"] for u in updates] == list(range(1, 11))
    for update in updates:
        assert telegram.Update.de_json(update, None).update_id == update["update_id"]
        assert aiogram.types.Update.model_validate(update).update_id == update["update_id"]
    start = telegram.Update.de_json(updates[0], None).effective_message
    assert start is not None and start.parse_entities() == {start.entities[0]: "/start"}


def _member_update() -> dict[str, Any]:
    user = {"id": CHAT, "is_bot": False, "first_name": "Citizen"}
    bot = {"id": 123456, "is_bot": True, "first_name": "Frontdesk Test"}
    return {
        "chat": {"id": CHAT, "type": "private", "first_name": "Citizen"},
        "from": user,
        "date": 1,
        "old_chat_member": {"status": "member", "user": bot},
        "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
    }


# -- long polling ------------------------------------------------------------------------------


async def test_a_newer_get_updates_terminates_the_older_one(
    api: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    older = asyncio.create_task(call(http, api, "getUpdates", timeout=20))
    await api.wait_for_poll()
    newer = asyncio.create_task(call(http, api, "getUpdates", timeout=20))
    status, body = await older
    assert status == 409 and "terminated by other getUpdates" in body["description"]
    await api.wait_for_poll()
    api.inject_message(CHAT, "hi")
    assert [u["message"]["text"] for u in (await newer)[1]["result"]] == ["hi"]


async def test_allowed_updates_filters_and_persists(
    api: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    api.inject_callback(CHAT, "c", 1)
    api.inject_message(CHAT, "hi")
    api.inject_message(CHAT, "again")
    _, body = await call(http, api, "getUpdates", allowed_updates=["message"], limit=1)
    assert [u["message"]["text"] for u in body["result"]] == ["hi"]
    _, body = await call(http, api, "getUpdates", offset=body["result"][-1]["update_id"] + 1)
    assert [u["message"]["text"] for u in body["result"]] == ["again"]
    api.inject_callback(CHAT, "c", 1)
    _, body = await call(http, api, "getUpdates", offset=body["result"][-1]["update_id"] + 1)
    assert body["result"] == []


# -- webhook -----------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    """A tiny webhook endpoint on loopback that checks the secret and records updates."""
    received: list[dict[str, Any]] = []

    async def hook(request: web.Request) -> web.Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != "s3cret":
            return web.Response(status=401)
        received.append(await request.json())
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/telegram/hook", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/telegram/hook", received
    finally:
        await runner.cleanup()


async def test_webhook_delivery_with_right_and_wrong_secret(
    api: FakeBotApi, http: aiohttp.ClientSession, receiver: tuple[str, list[dict[str, Any]]]
) -> None:
    url, received = receiver
    await call(http, api, "setWebhook", url=url, secret_token="s3cret")
    update = api.inject_message(CHAT, "/start")
    assert await api.deliver_webhook(update) == 200
    assert await api.deliver_webhook(update) == 200  # Telegram redelivers; the bot must dedupe
    assert await api.deliver_webhook(update, secret_token="wrong") == 401
    assert await api.deliver_webhook(update, omit_secret=True) == 401
    assert received == [update, update]
    _, info = await call(http, api, "getWebhookInfo")
    assert info["result"]["url"] == url and info["result"]["pending_update_count"] == 1
    assert await api.deliver_pending() == [200]
    assert api.state.pending == []


async def test_setwebhook_refuses_a_bad_secret(
    api: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    status, _ = await call(http, api, "setWebhook", url="http://127.0.0.1:9/", secret_token="a b")
    assert status == 400 and api.state.webhook is None


# -- flood limits ------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def clocked() -> AsyncIterator[tuple[FakeBotApi, ManualClock]]:
    clock = ManualClock()
    async with FakeBotApi(TOKEN, clock=clock) as fake:
        yield fake, clock


async def send_at(
    http: aiohttp.ClientSession, fake: FakeBotApi, clock: ManualClock, at: float, chat: int
) -> int:
    clock.now = 1000.0 + at
    status, body = await call(http, fake, "sendMessage", chat_id=chat, text="x")
    return int(body["parameters"]["retry_after"]) if status == 429 else status


async def test_enforcing_mode_rejects_a_burst_to_one_chat(
    clocked: tuple[FakeBotApi, ManualClock], http: aiohttp.ClientSession
) -> None:
    fake, clock = clocked
    limits = fake.enforce_limits()
    burst = [await send_at(http, fake, clock, at, CHAT) for at in (0.0, 0.3, 0.6)]
    assert burst == [200, 1, 1]  # 429s carrying retry_after=1
    spaced = [await send_at(http, fake, clock, at, CHAT + 1) for at in (0.0, 0.97, 2.0, 3.5)]
    assert spaced == [200, 200, 200, 200]  # 0.97 s apart passes within the 0.05 s tolerance
    assert limits.summary() == {"accepted": 5, "violations": 2, "per_chat": 2}


async def test_enforcing_mode_limits_groups_and_the_global_rate(
    clocked: tuple[FakeBotApi, ManualClock], http: aiohttp.ClientSession
) -> None:
    fake, clock = clocked
    limits = fake.enforce_limits(global_per_sec=30)
    group = [await send_at(http, fake, clock, 1.5 * i, -42) for i in range(21)]
    assert group[:20] == [200] * 20 and group[20] == 30  # the first leaves the window at 60 s
    crowd = [await send_at(http, fake, clock, 100.0, 5000 + i) for i in range(31)]
    assert crowd[:30] == [200] * 30 and crowd[30] == 1
    assert [v.rule for v in limits.violations] == ["per_group", "global"]
