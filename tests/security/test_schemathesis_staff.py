"""Schemathesis over every operation of the schema, signed in as each role, webhook included.

The staff API is exercised with a real session (cookie and CSRF header) of a 受理员, a
supervisor and an admin in turn, against the real app over real HTTP, with a matter, an
attachment and a running Telegram channel (webhook mode, the loopback Bot API fake) in place,
so the generated requests reach the handlers instead of stopping at 401. Only endless event
streams and sign-out (which would end the session being tested) are left out. Nothing may
answer 5xx.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings

from backend.container import Services
from bot.app import create_app
from bot.telegram.common import hook_id
from knowledge.faq import default_data_dir
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.live_server import live_server
from tests.fakes.ratelimit import Unlimited
from tests.staff.conftest import make_matter
from tests.telegram.conftest import bot_api, vtimer
from tests.telegram.harness import SECRET, configure, running_channel

__all__ = ["bot_api", "vtimer"]
ROLES = ("alice", "sam", "ada")  # staff, supervisor, admin (last: it may change accounts)
SKIP = ("/events", "/stream", "/logout")
EXAMPLES = 6


def _run(
    base_url: str, headers: dict[str, str], cookies: dict[str, str], hook: str
) -> tuple[int, int]:
    """(operations run, operations that answered 2xx at least once)."""
    import schemathesis

    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    ran, reached = 0, 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.endswith(SKIP):
            continue
        statuses: list[int] = []
        check = _checker(operation, base_url, headers, cookies, hook, statuses)
        check()
        ran += 1
        reached += any(200 <= code < 300 for code in statuses)
    return ran, reached


def _checker(
    operation: Any,
    base_url: str,
    headers: dict[str, str],
    cookies: dict[str, str],
    hook: str,
    statuses: list[int],
) -> Any:
    from schemathesis.checks import not_a_server_error

    extra = dict(headers)
    if operation.path.startswith("/telegram/"):
        extra["X-Telegram-Bot-Api-Secret-Token"] = SECRET

    @hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        if operation.path.startswith("/telegram/"):
            case.path_parameters = {"hook_id": hook}
        response = case.call_and_validate(
            base_url=base_url,
            headers=extra,
            cookies=cookies,
            checks=[not_a_server_error],
            timeout=20,
        )
        statuses.append(response.status_code)

    return check


async def test_every_operation_as_every_role_answers_without_5xx(
    services: Services, accounts: dict[str, int], bot_api: FakeBotApi, vtimer: Any, tmp_path: Path
) -> None:
    faq = tmp_path / "faq"
    shutil.copytree(default_data_dir(), faq)  # the FAQ editor writes here, never the repo
    services.settings = services.settings.model_copy(update={"faq_dir": faq})
    services.rate_limiter = Unlimited()
    matter = await make_matter(services)
    configure(services, bot_api, "ptb", mode="webhook", url="http://127.0.0.1:9")
    async with running_channel(services, vtimer), live_server(create_app(services=services)) as url:
        for username in ROLES:
            async with httpx.AsyncClient(base_url=url) as http:
                login = await http.post(
                    "/api/staff/login",
                    json={"username": username, "password": "correct-horse-battery"},
                )
                assert login.status_code == 200, login.text
                headers = {"X-CSRF-Token": login.json()["csrf_token"]}
                cookies = dict(http.cookies)
            ran, reached = await asyncio.to_thread(_run, url, headers, cookies, hook_id(SECRET))
            assert ran >= 38, ran
            assert reached >= ran // 3, (username, reached, ran)  # past the guards, really
    assert matter.id >= 1
