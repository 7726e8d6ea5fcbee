"""The permission matrix over real HTTP: each role against each endpoint, and no session at all."""

from __future__ import annotations

import re
from typing import Any

from backend.container import Services
from backend.staff.permissions import MATRIX, allowed
from bot.app import create_app
from tests.staff.conftest import make_matter

# (method, path, body, action). Sign-out and password change are covered in test_auth.
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, str]] = [
    ("GET", "/api/staff/queue", None, "queue.read"),
    ("GET", "/api/staff/items/{item}", None, "item.read"),
    ("POST", "/api/staff/items/{item}/reveal", {"field": "phone"}, "item.reveal"),
    ("GET", "/api/staff/attachments/missing", None, "attachment.read"),
    ("POST", "/api/staff/items/{item}/claim", {}, "item.claim"),
    ("POST", "/api/staff/items/{item}/release", {}, "item.release"),
    ("POST", "/api/staff/items/{item}/assign", {"staff_id": "{bob}"}, "item.assign"),
    ("GET", "/api/staff/templates", None, "templates.read"),
    ("POST", "/api/staff/items/{item}/reply", {"text": "您好"}, "item.reply"),
    ("POST", "/api/staff/items/{item}/status", {"status": "accepted"}, "item.status"),
    ("POST", "/api/staff/items/{item}/notes", {"text": "备注"}, "item.note"),
    ("POST", "/api/staff/items/{item}/override", {"outcome": "x", "reason": "y"}, "item.override"),
    ("POST", "/api/staff/items/{item}/join", {}, "live.join"),
    ("POST", "/api/staff/items/{item}/message", {"text": "你好"}, "live.message"),
    ("POST", "/api/staff/items/{item}/leave", {}, "live.leave"),
    ("GET", "/api/staff/audit", None, "audit.read"),
    ("GET", "/api/staff/users", None, "users.manage"),
    ("POST", "/api/staff/users", {"username": "new", "password": "long-enough-1"}, "users.manage"),
    ("PATCH", "/api/staff/users/{bob}", {"display_name": "Bob"}, "users.manage"),
]
# Reachable before signing in: the login itself and the login page's labels.
PUBLIC = frozenset({"/api/staff/login", "/api/staff/console/ui/{lang}"})


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return int(ids["bob"]) if value == "{bob}" else value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


async def test_each_role_against_each_endpoint(
    client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    for role, username in (("staff", "alice"), ("supervisor", "sam"), ("admin", "ada")):
        matter = await make_matter(services)
        ids = {"item": matter.id, "bob": accounts["bob"]}
        client = await client_for(username)
        for method, path, body, action in ENDPOINTS:
            url = _fill(path, ids)
            headers = {"X-CSRF-Token": client.csrf}
            response = await client.http.request(
                method, url, json=_fill(body, ids), headers=headers
            )
            where = f"{role} {method} {path}: {response.status_code} {response.text[:120]}"
            if allowed(role, action):
                assert response.status_code not in (401, 403), where
            else:
                assert response.status_code == 403, where
                assert response.json()["error"]["code"] == "forbidden", where


async def test_staff_cannot_read_the_audit_log_or_manage_users(client_for: Any) -> None:
    alice = await client_for("alice")
    assert (await alice.get("/api/staff/audit")).status_code == 403
    assert (await alice.get("/api/staff/users")).status_code == 403
    created = await alice.post("/api/staff/users", {"username": "x", "password": "long-enough-1"})
    assert created.status_code == 403
    sam = await client_for("sam")
    assert (await sam.get("/api/staff/audit")).status_code == 200
    assert (await sam.get("/api/staff/users")).status_code == 403


async def test_no_staff_endpoint_answers_without_a_session(
    client_for: Any, services: Services
) -> None:
    anonymous = await client_for(None)
    paths = create_app(services=services).openapi()["paths"]
    routes = [
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/api/staff") and path not in PUBLIC
        for method in operations
    ]
    assert len(routes) >= len(ENDPOINTS) + 3  # every staff endpoint, the console's too
    for method, path in routes:
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = await anonymous.http.request(method, url, json={})
        assert response.status_code == 401, f"{method} {path}: {response.status_code}"


def test_the_matrix_grows_by_role() -> None:
    assert MATRIX["staff"] < MATRIX["supervisor"] < MATRIX["admin"]
    assert not allowed("staff", "audit.read") and not allowed("supervisor", "users.manage")
    assert not allowed("nobody", "queue.read")
