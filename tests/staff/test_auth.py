"""Sign-in over real HTTP: cookies, CSRF, expiry, fixation, lock-out, password change."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from backend.container import Services
from backend.db.models import Matter, StaffSession
from bot.deps import COOKIE
from tests.conftest import PASSWORD
from tests.staff.conftest import make_matter


async def test_login_sets_a_strict_httponly_cookie_and_me_answers(client_for: Any) -> None:
    client = await client_for(None)
    response = await client.login("alice")
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {
        "id": body["user"]["id"],
        "username": "alice",
        "display_name": "Alice",
        "role": "staff",
        "team": None,  # a caseworker in no team sees every team's queue
        "languages": ["zh"],
    }
    assert len(body["csrf_token"]) >= 32
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain http in tests; production defaults to Secure
    me = await client.get("/api/staff/me")
    assert me.status_code == 200 and me.json() == body


async def test_only_the_token_hash_is_stored(client_for: Any, services: Services) -> None:
    client = await client_for("alice")
    token = client.http.cookies[COOKIE]
    async with services.db.reader() as session:
        stored = (await session.scalars(select(StaffSession.token_hash))).all()
    assert token not in stored and len(stored) == 1 and len(stored[0]) == 64


async def test_a_new_token_on_every_login_and_the_old_one_dies(client_for: Any) -> None:
    client = await client_for("alice")
    first = client.http.cookies[COOKIE]
    assert (await client.login("alice")).status_code == 200
    second = client.http.cookies[COOKIE]
    assert first != second
    stale = await client_for(None)
    stale.http.cookies.set(COOKIE, first)
    response = await stale.get("/api/staff/me")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


async def test_wrong_password_is_401_and_five_failures_hold_back_this_address(
    client_for: Any, services: Services
) -> None:
    client = await client_for(None)
    for _ in range(5):
        wrong = await client.login("alice", "not-the-password")
        assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "bad_credentials"
    right = await client.login("alice", PASSWORD)
    assert right.status_code == 429 and right.json()["error"]["code"] == "throttled"
    assert int(right.headers["Retry-After"]) > 0
    services.clock.advance(minutes=16)  # type: ignore[attr-defined]
    assert (await client.login("alice", PASSWORD)).status_code == 200
    # Nothing locks the account itself: tests/staff/test_signin_throttle.py (other addresses).


async def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client_for: Any) -> None:
    response = await (await client_for(None)).login("nobody", "whatever-it-is")
    assert response.status_code == 401 and response.json()["error"]["code"] == "bad_credentials"


async def test_an_address_with_many_failures_is_held_back(client_for: Any) -> None:
    client = await client_for(None)
    codes = [(await client.login(f"user{i}", "wrong-password")).status_code for i in range(21)]
    assert codes[:20] == [401] * 20 and codes[20] == 429


async def test_an_expired_session_is_401_and_activity_keeps_it_alive(
    client_for: Any, services: Services
) -> None:
    client = await client_for("alice")
    services.clock.advance(hours=11)  # type: ignore[attr-defined]
    assert (await client.get("/api/staff/me")).status_code == 200  # slides the expiry
    services.clock.advance(hours=11)  # type: ignore[attr-defined]
    assert (await client.get("/api/staff/me")).status_code == 200
    services.clock.advance(hours=12, seconds=1)  # type: ignore[attr-defined]
    expired = await client.get("/api/staff/queue")
    assert expired.status_code == 401 and expired.json()["error"]["code"] == "session_expired"


@pytest.mark.parametrize("token", [None, "", "forged-token-value"])
async def test_missing_or_forged_csrf_is_403_and_changes_nothing(
    client_for: Any, services: Services, token: str | None
) -> None:
    matter = await make_matter(services)
    client = await client_for("alice")
    headers = {} if token is None else {"X-CSRF-Token": token}
    response = await client.http.post(f"/api/staff/items/{matter.id}/claim", headers=headers)
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf"
    async with services.db.reader() as session:
        assert (await session.get(Matter, matter.id)).assignee_id is None  # type: ignore[union-attr]


async def test_another_sessions_csrf_token_does_not_work(
    client_for: Any, services: Services
) -> None:
    matter = await make_matter(services)
    alice, bob = await client_for("alice"), await client_for("bob")
    response = await alice.post(f"/api/staff/items/{matter.id}/claim", csrf=bob.csrf)
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf"


async def test_logout_ends_the_session(client_for: Any) -> None:
    client = await client_for("alice")
    token = client.http.cookies[COOKIE]
    assert (await client.post("/api/staff/logout")).status_code == 200
    client.http.cookies.set(COOKIE, token)
    assert (await client.get("/api/staff/me")).status_code == 401


async def test_password_change_ends_other_sessions(client_for: Any) -> None:
    desk, laptop = await client_for("alice"), await client_for("alice")
    short = await desk.post("/api/staff/password", {"current": PASSWORD, "new": "short"})
    assert short.status_code == 422 and short.json()["error"]["code"] == "weak_password"
    wrong = await desk.post("/api/staff/password", {"current": "nope", "new": "a-long-new-one"})
    assert wrong.status_code == 401
    changed = await desk.post("/api/staff/password", {"current": PASSWORD, "new": "a-long-new-one"})
    assert changed.status_code == 200
    assert (await desk.get("/api/staff/me")).status_code == 200
    assert (await laptop.get("/api/staff/me")).status_code == 401
    assert (await laptop.login("alice", PASSWORD)).status_code == 401
    assert (await laptop.login("alice", "a-long-new-one")).status_code == 200


async def test_a_deactivated_account_is_signed_out_at_once(
    client_for: Any, accounts: dict[str, int]
) -> None:
    alice, ada = await client_for("alice"), await client_for("ada")
    off = await ada.patch(f"/api/staff/users/{accounts['alice']}", {"active": False})
    assert off.status_code == 200 and off.json()["active"] is False
    assert (await alice.get("/api/staff/me")).status_code == 401
    assert (await alice.login("alice")).status_code == 401


def test_cookies_are_secure_in_production_unless_configured() -> None:
    from dataclasses import dataclass

    from backend.settings import Settings
    from bot.deps import cookie_secure

    @dataclass
    class Wired:
        settings: Settings

    long_secret = "x" * 40
    key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
    production = Settings(env="production", secret_key=long_secret, data_key=key)
    assert cookie_secure(Wired(production)) is True  # type: ignore[arg-type]
    assert cookie_secure(Wired(Settings(env="development"))) is False  # type: ignore[arg-type]
    assert cookie_secure(Wired(Settings(env="test", cookie_secure=True))) is True  # type: ignore[arg-type]
