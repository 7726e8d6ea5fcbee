"""Staff sign-in throttling that nobody else can turn on, and the password policy (issue 18).

Requests come from chosen client addresses (``httpx.ASGITransport(client=…)``), so one
test can be an attacker at one address and the account's owner at another.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from backend.container import Services
from bot.app import create_app
from tests.conftest import PASSWORD
from tests.fakes.ratelimit import Unlimited

From = Callable[[str], httpx.AsyncClient]


@pytest.fixture
async def from_address(services: Services, accounts: dict[str, int]) -> AsyncIterator[From]:
    services.rate_limiter = Unlimited()
    app = create_app(services=services)
    app.state.services = services
    opened: list[httpx.AsyncClient] = []

    def make(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        http = httpx.AsyncClient(transport=transport, base_url="http://test")
        opened.append(http)
        return http

    yield make
    for http in opened:
        await http.aclose()


async def login(http: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await http.post("/api/staff/login", json={"username": username, "password": password})


async def test_an_attacker_cannot_lock_the_owner_out(from_address: From) -> None:
    attacker, owner = from_address("203.0.113.9"), from_address("10.0.0.7")
    codes = [(await login(attacker, "alice", f"guess-{n}")).status_code for n in range(8)]
    assert codes == [401] * 5 + [429] * 3
    assert (await login(owner, "alice", PASSWORD)).status_code == 200


async def test_unknown_and_real_usernames_look_the_same(from_address: From) -> None:
    http = from_address("198.51.100.4")
    real = [await login(http, "alice", "wrong-password") for _ in range(6)]
    ghost = [await login(http, "nobody", "wrong-password") for _ in range(6)]
    shape = [(r.status_code, r.json()["error"]["code"]) for r in real]
    assert shape == [(r.status_code, r.json()["error"]["code"]) for r in ghost]
    assert shape[-1] == (429, "throttled")
    assert [r.json()["error"]["message"] for r in real] == [
        r.json()["error"]["message"] for r in ghost
    ]


async def test_a_flood_from_many_addresses_holds_back_only_new_addresses(
    from_address: From,
) -> None:
    desk = from_address("10.0.0.8")
    assert (await login(desk, "sam", PASSWORD)).status_code == 200  # sam's own desk
    for n in range(50):  # a botnet: ten addresses, five guesses each
        assert (await login(from_address(f"192.0.2.{n // 5}"), "sam", "x" * 12)).status_code == 401
    stranger = await login(from_address("192.0.2.200"), "sam", PASSWORD)
    assert stranger.status_code == 429
    assert (await login(desk, "sam", PASSWORD)).status_code == 200


async def test_password_change_is_throttled(client_for: Any) -> None:
    client = await client_for("alice")
    body = {"current": "not-it", "new": "Quiet-harbour-lantern-42"}
    codes = [(await client.post("/api/staff/password", body)).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    right = {"current": PASSWORD, "new": "Quiet-harbour-lantern-42"}
    assert (await client.post("/api/staff/password", right)).status_code == 429


@pytest.mark.parametrize(
    ("new", "code"),
    [
        ("1234567890", "weak_password"),
        ("qwertyuiop", "weak_password"),
        ("woaini1314520", "weak_password"),
        ("alice1234567", "weak_password"),  # the username with digits
        ("Alice2026!", "weak_password"),
        ("jianchayuan12309", "weak_password"),
        ("short", "weak_password"),
        (PASSWORD, "password_reused"),  # the current one
    ],
)
async def test_the_password_policy(client_for: Any, new: str, code: str) -> None:
    client = await client_for("alice")
    response = await client.post("/api/staff/password", {"current": PASSWORD, "new": new})
    assert response.status_code == 422 and response.json()["error"]["code"] == code


async def test_no_reuse_of_recent_passwords(client_for: Any) -> None:
    client = await client_for("alice")
    first, second = "Quiet-harbour-lantern-42", "Velvet-orchard-compass-77"
    change = {"current": PASSWORD, "new": first}
    assert (await client.post("/api/staff/password", change)).status_code == 200
    change = {"current": first, "new": second}
    assert (await client.post("/api/staff/password", change)).status_code == 200
    back = await client.post("/api/staff/password", {"current": second, "new": PASSWORD})
    assert back.status_code == 422 and back.json()["error"]["code"] == "password_reused"


async def test_an_admin_cannot_create_an_account_with_a_weak_password(client_for: Any) -> None:
    ada = await client_for("ada")
    weak = {"username": "newbie", "role": "staff", "password": "password123"}
    response = await ada.post("/api/staff/users", weak)
    assert response.status_code == 422 and response.json()["error"]["code"] == "weak_password"
    strong = {**weak, "password": "Velvet-orchard-compass-77"}
    assert (await ada.post("/api/staff/users", strong)).status_code == 201


def test_hashing_never_runs_on_the_event_loop() -> None:
    """The sign-in paths call argon2 only through the thread helpers (read the source)."""
    import inspect

    from backend.staff import auth, users

    for module in (auth, users):
        source = inspect.getsource(module)
        assert "hash_password(" not in source and "verify_password(" not in source
