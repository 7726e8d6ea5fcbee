"""A fake Telegram Bot API server for tests: real HTTP on 127.0.0.1, in the test's event loop.

    async with FakeBotApi() as api:
        bot = telegram.Bot("123456:TEST", base_url=f"{api.base_url}/bot",
                           base_file_url=f"{api.base_url}/file/bot")
        api.inject_message(1001, "/start")
        ...

Why aiohttp.web in the same loop (no thread): both clients (PTB on httpx, aiogram on aiohttp) are
asyncio clients running in the test's loop, so the server simply serves them concurrently, and
the injection API can stay synchronous and wake a pending long poll directly.

URL layout as Telegram's: `POST|GET {base}/bot{token}/{method}` (method names case-insensitive)
and `GET {base}/file/bot{token}/{file_path}`. Answers `{"ok":true,"result":...}` or Telegram's
error body with the same HTTP status. An outage (`go_down()`) closes the listening socket and every
open connection, so clients see "connection refused" as in a real network outage;
`go_down(status=502)` instead answers 502 like Telegram's front proxies do.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web

from tests.fakes.bot_api_inject import UpdateInjector
from tests.fakes.bot_api_limits import FaultPlan, FloodLimits, scripted_error, too_many_requests
from tests.fakes.bot_api_methods import CANONICAL_NAMES, MESSAGE_SENDING, METHODS
from tests.fakes.bot_api_params import Params, read_params
from tests.fakes.bot_api_state import ApiError, BotApiState, ChatId, Clock
from tests.fakes.bot_api_webhook import PollingMixin

MAX_UPLOAD = 60 * 1024 * 1024  # Telegram takes 50 MB documents; leave room for the envelope


@dataclass(frozen=True)
class RecordedRequest:
    """One call the fake received."""

    method: str  # canonical spelling (sendMessage) when known
    params: dict[str, Any]
    at: float  # the fake's clock when the request arrived
    status: int
    uploads: tuple[str, ...] = ()


class FakeBotApi(PollingMixin, UpdateInjector):
    """The fake Bot API: start it with `async with`, point a library at `base_url`.

    Drive it with `inject_*` (updates), `deliver_webhook` / `deliver_pending` (webhook mode),
    `fail_next`, `rate_limit`, `block_chat`, `go_down` / `come_up`, `enforce_limits`; read it
    with `requests`, `calls`, `sent_messages`, `callback_answers`, `commands`, `state`; wait
    with `wait_for_poll`, `wait_for_messages`, `wait_until` (no sleeps in tests).
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        *,
        username: str = "frontdesk_test_bot",
        clock: Clock = time.monotonic,
    ) -> None:
        self.state = BotApiState(token=token, username=username, clock=clock)
        self.requests: list[RecordedRequest] = []
        self.faults = FaultPlan()
        self.limits: FloodLimits | None = None
        self.down_status: int | None = None
        self._port = 0
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._init_polling()

    # -- lifecycle ------------------------------------------------------------------------------

    async def __aenter__(self) -> FakeBotApi:
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # A short shutdown timeout: pending long polls are woken first, so nothing should wait.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await self._listen()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.closing = True
        self.state.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>`; the libraries append `/bot<token>/...` themselves."""
        return f"http://127.0.0.1:{self._port}"

    @property
    def token(self) -> str:
        """The only token this fake accepts."""
        return self.state.token

    async def _listen(self) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, "127.0.0.1", self._port)
        await self._site.start()
        self._port = self._runner.addresses[0][1]

    # -- outages and faults ---------------------------------------------------------------------

    async def go_down(self, *, status: int | None = None) -> None:
        """Start an outage: refuse connections (default), or answer `status` (e.g. 502) to all."""
        if status is not None:
            self.down_status = status
            return
        self._down = True
        self.state.notify()  # pending long polls give up
        if self._site is not None:
            await self._site.stop()
            self._site = None
        server = self._runner.server if self._runner else None
        for connection in server.connections if server else []:
            connection.force_close()  # pooled keep-alive connections must fail too

    async def come_up(self) -> None:
        """End the outage; the server listens again on the same port."""
        self.down_status = None
        if self._down:
            self._down = False
            await self._listen()

    def fail_next(
        self, method: str, status: int = 500, times: int = 1, *, description: str | None = None
    ) -> None:
        """Answer the next `times` calls of `method` with `status` (403 = bot blocked)."""
        self.faults.add(method, scripted_error(status, description), times)

    def rate_limit(self, retry_after: int = 5, times: int = 1, method: str | None = None) -> None:
        """Answer 429 with `retry_after` to the next `times` sends (or calls of `method`)."""
        self.faults.add(method, too_many_requests(retry_after), times)

    def enforce_limits(
        self,
        per_chat_per_sec: float = 1.0,
        per_group_per_min: int = 20,
        global_per_sec: int = 30,
        *,
        per_chat_burst: int = 1,
        tolerance: float = 0.05,
    ) -> FloodLimits:
        """Enforce Telegram's flood limits on message sends; returns the violation counter."""
        self.limits = FloodLimits(
            per_chat_per_sec, per_group_per_min, global_per_sec, per_chat_burst, tolerance
        )
        return self.limits

    def block_chat(self, chat_id: ChatId) -> None:
        """The citizen blocked the bot: sends to this chat get 403."""
        self.state.blocked_chats.add(chat_id)

    # -- recording ------------------------------------------------------------------------------

    def calls(self, method: str) -> list[RecordedRequest]:
        """Every recorded call of `method` (any spelling)."""
        wanted = CANONICAL_NAMES.get(method.lower(), method)
        return [r for r in self.requests if r.method == wanted]

    def sent_messages(self, chat_id: ChatId | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent successfully (in order), optionally to one chat."""
        sent = self.state.sent
        return copy.deepcopy([m for m in sent if chat_id is None or m["chat"]["id"] == chat_id])

    def sent_texts(self, chat_id: ChatId | None = None) -> list[str]:
        """The texts (or captions) of `sent_messages`."""
        return [m.get("text") or m.get("caption") or "" for m in self.sent_messages(chat_id)]

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        """Parameters of every successful answerCallbackQuery."""
        return copy.deepcopy(self.state.callback_answers)

    @property
    def commands(self) -> list[dict[str, Any]]:
        """The default-scope command list set with setMyCommands."""
        return copy.deepcopy(self.state.commands.get("default:", []))

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `condition()` holds after some request or injection (a safety timeout)."""
        async with asyncio.timeout(timeout):
            while True:
                changed = self.state.changed()
                if condition():
                    return
                await changed.wait()

    async def wait_for_messages(self, count: int, chat_id: ChatId | None = None) -> None:
        """Wait until the bot has sent `count` messages (to `chat_id`)."""
        await self.wait_until(lambda: len(self.sent_messages(chat_id)) >= count)

    # -- HTTP -----------------------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.Response:
        if self.down_status is not None:
            return _answer(ApiError(self.down_status, _bad_gateway(self.down_status)).body())
        arrived = self.state.clock()
        name = request.match_info["method"]
        method = CANONICAL_NAMES.get(name.lower(), name)
        try:
            params = await read_params(request)
        except ApiError as error:
            return self._record(method, Params(), arrived, error.body())
        body = await self._dispatch(request.match_info["token"], method.lower(), params)
        return self._record(method, params, arrived, body)

    async def _dispatch(self, token: str, method: str, params: Params) -> dict[str, Any]:
        try:
            if token != self.state.token:
                raise ApiError(401, "Unauthorized")
            if method != "getupdates" and method not in METHODS:
                raise ApiError(404, "Not Found")
            self._check_faults(method, params)
            if method == "getupdates":
                result = await self.get_updates(params)
            else:
                result = METHODS[method](self.state, params)
        except ApiError as error:
            return error.body()
        return {"ok": True, "result": result}

    def _check_faults(self, method: str, params: Params) -> None:
        sends = method in MESSAGE_SENDING
        error = self.faults.take(method, sends)
        if error is not None:
            raise error
        if sends and self.limits is not None:
            chat_id = params.chat_id()
            flood = self.limits.check(chat_id, self.state.is_group(chat_id), self.state.clock())
            if flood is not None:
                raise flood

    def _record(
        self, method: str, params: Params, arrived: float, body: dict[str, Any]
    ) -> web.Response:
        status = 200 if body["ok"] else int(body["error_code"])
        uploads = tuple(params.uploads)
        self.requests.append(RecordedRequest(method, dict(params.values), arrived, status, uploads))
        self.state.notify()
        return _answer(body)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if self.down_status is not None:
            return web.Response(status=self.down_status)
        if request.match_info["token"] != self.state.token:
            return _answer(ApiError(401, "Unauthorized").body())
        stored = self.state.file_by_path(request.match_info["path"])
        if stored is None:
            return _answer(ApiError(404, "Not Found").body())
        return web.Response(body=stored.content, content_type="application/octet-stream")


def _answer(body: dict[str, Any]) -> web.Response:
    status = 200 if body["ok"] else int(body["error_code"])
    return web.json_response(body, status=status)


def _bad_gateway(status: int) -> str:
    return {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Internal Server Error")
