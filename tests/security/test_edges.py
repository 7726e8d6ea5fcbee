"""No 5xx at the edges (issue 18): numbers beyond 64 bits, naive and absurd dates, webhook
updates with missing fields, bodies nested 50,000 deep, and bodies too large to buffer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from backend.container import Services
from bot.app import create_app
from tests.fakes.live_server import live_server
from tests.fakes.ratelimit import Unlimited
from tests.security.conftest import signed_in

Client = Callable[..., httpx.AsyncClient]
HUGE = [2**63, 2**64 + 1, 10**30, -(2**70)]


async def test_ids_beyond_64_bits_are_a_client_error(app_client: Client) -> None:
    http = app_client()
    csrf = await signed_in(http, "ada")
    chat = (await http.post("/api/webchat/sessions", json={})).json()
    auth = {"Authorization": f"Bearer {chat['token']}"}
    sid = chat["session_id"]
    for number in HUGE:
        responses = [
            await http.get(
                f"/api/webchat/sessions/{sid}/messages", params={"after": number}, headers=auth
            ),
            await http.get(f"/api/staff/items/{number}"),
            await http.post(f"/api/staff/items/{number}/claim", headers=csrf),
            await http.post("/api/staff/items/1/assign", json={"staff_id": number}, headers=csrf),
            await http.patch(f"/api/staff/users/{number}", json={"active": True}, headers=csrf),
            await http.get("/api/staff/templates", params={"item": number}),
        ]
        for response in responses:
            assert 400 <= response.status_code < 500, (number, response.request.url, response.text)


@pytest.mark.parametrize(
    "query",
    [
        {"since": "2026-11-01T00:00:00"},  # naive: which zone?
        {"until": "2026-11-01 10:00"},
        {"since": "0001-01-01T00:00:00+00:00"},
        {"since": "9999-12-31T23:59:59+14:00"},
    ],
)
async def test_audit_times_must_be_aware_and_sane(
    app_client: Client, query: dict[str, str]
) -> None:
    http = app_client()
    await signed_in(http, "ada")
    response = await http.get("/api/staff/audit", params=query)
    assert response.status_code == 422, response.text
    fine = await http.get("/api/staff/audit", params={"since": "2026-11-01T00:00:00+08:00"})
    assert fine.status_code == 200


@pytest.mark.parametrize(
    ("first", "last"),
    [("0001-01-01", "9999-12-31"), ("1999-12-31", "2026-01-01"), ("2026-01-01", "2101-01-01")],
)
async def test_dashboard_dates_are_bounded(app_client: Client, first: str, last: str) -> None:
    http = app_client()
    await signed_in(http, "sam")
    for path in ("/api/staff/dashboard", "/api/staff/export.csv"):
        response = await http.get(path, params={"from": first, "to": last})
        assert response.status_code == 422, (path, response.text)


async def test_every_integer_in_the_schema_is_bounded_to_64_bits(app_client: Client) -> None:
    """Every integer a client can send (parameters and request bodies, $refs followed)."""
    schema = (await app_client().get("/openapi.json")).json()
    components = schema["components"]["schemas"]
    inputs = [
        (f"{path} {method} {part}", operation[part])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for part in ("parameters", "requestBody")
        if part in operation
    ]
    loose = [
        where
        for origin, node in inputs
        for where, found in _integers(node, origin, components, set())
        if not _bounded(found)
    ]
    assert loose == [], f"unbounded integers (use bot/bounds.py): {loose}"


def _integers(
    node: Any, where: str, components: dict[str, Any], seen: set[str]
) -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "integer":
            found.append((where, node))
        ref = node.get("$ref")
        if isinstance(ref, str) and ref not in seen:
            seen.add(ref)
            name = ref.rsplit("/", 1)[-1]
            found += _integers(components.get(name, {}), f"{where}->{name}", components, seen)
        for key, value in node.items():
            found += _integers(value, f"{where}/{key}", components, seen)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _integers(value, f"{where}/{index}", components, seen)
    return found


def _bounded(node: dict[str, Any]) -> bool:
    low = node.get("minimum", node.get("exclusiveMinimum"))
    high = node.get("maximum", node.get("exclusiveMaximum"))
    if low is None or high is None:
        return False
    # JSON numbers: 2**63 - 1 comes out as the float 9.223372036854776e18.
    return float(low) >= -float(2**63) and float(high) <= float(2**63 - 1)


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


async def test_a_body_nested_50000_deep_is_a_client_error_everywhere(app_client: Client) -> None:
    http = app_client()
    chat = (await http.post("/api/webchat/sessions", json={})).json()
    auth = {"Authorization": f"Bearer {chat['token']}", "Content-Type": "application/json"}
    deep = nested(50_000)
    for path, headers in (
        (f"/api/webchat/sessions/{chat['session_id']}/messages", auth),
        ("/telegram/webhook/x", {"Content-Type": "application/json"}),
        ("/api/staff/login", {"Content-Type": "application/json"}),
    ):
        response = await http.post(path, content=deep, headers=headers)
        assert 400 <= response.status_code < 500, (path, response.status_code)


@pytest.fixture
async def server(services: Services) -> AsyncIterator[str]:
    services.rate_limiter = Unlimited()
    async with live_server(create_app(services=services)) as url:
        yield url


async def _raw_post(
    url: str, path: str, head: dict[str, str], chunks: list[bytes]
) -> tuple[int | None, int]:
    """POST over a raw socket: (status, or None when the server reset the connection; bytes
    sent before the server answered or hung up)."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in head.items())]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    answer = asyncio.ensure_future(reader.readline())  # read while we send
    sent = 0
    try:
        for chunk in chunks:
            if answer.done():
                break  # the server has answered: stop sending
            writer.write(chunk)
            await writer.drain()
            sent += len(chunk)
    except (ConnectionError, OSError):
        pass  # the server answered and closed while we were still sending
    try:
        status_line = await asyncio.wait_for(answer, 30)
    except (ConnectionError, OSError):
        return None, sent  # it hung up on a client that would not stop sending
    finally:
        writer.close()
    return int(status_line.split()[1]), sent


async def test_a_huge_declared_body_is_refused_before_a_byte_is_read(server: str) -> None:
    head = {"Content-Type": "application/json", "Content-Length": str(300 * 1024 * 1024)}
    status, _ = await _raw_post(server, "/telegram/x", head, [])
    assert status == 413


def chunked(size: int, count: int) -> list[bytes]:
    piece = b"x" * size
    return [f"{size:x}\r\n".encode() + piece + b"\r\n" for _ in range(count)] + [b"0\r\n\r\n"]


CHUNKED = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}


async def test_a_chunked_body_over_the_limit_is_answered_413(server: str) -> None:
    status, _ = await _raw_post(server, "/telegram/x", CHUNKED, chunked(64 * 1024, 40))
    assert status == 413  # 2.5 MiB: over the 1 MiB limit, read away, answered


async def test_a_huge_chunked_body_is_cut_off(server: str) -> None:
    total = 400 * 64 * 1024
    status, sent = await _raw_post(server, "/telegram/x", CHUNKED, chunked(64 * 1024, 400))
    assert status in (413, None)  # answered, or hung up on: never buffered to the end
    assert sent < total * 0.8


async def test_the_body_limit_allows_normal_requests(server: str) -> None:
    async with httpx.AsyncClient(base_url=server) as http:
        chat = (await http.post("/api/webchat/sessions", json={})).json()
        auth = {"Authorization": f"Bearer {chat['token']}"}
        ok = await http.post(
            f"/api/webchat/sessions/{chat['session_id']}/messages",
            headers=auth,
            json={"text": "你好"},
        )
        assert ok.status_code == 200
        big = await http.post(
            f"/api/webchat/sessions/{chat['session_id']}/messages",
            headers=auth,
            content=json.dumps({"text": "字" * 400_000}),
        )
        assert big.status_code == 413 and big.json()["error"]["code"] == "body_too_large"
