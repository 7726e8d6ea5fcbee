"""Hostile values in every number, date and id the API takes, signed in as an admin.

Hypothesis picks an endpoint and a value meant to break it: numbers past 64 bits, negative,
float, Unicode digits (``١٢``, ``²``), NaN, dates of year 0 or 275760, naive times,
separators, very long strings. 400 requests per database, zero 5xx (issue 18).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import signed_in

Client = Callable[..., httpx.AsyncClient]
EXAMPLES = 400

VALUE = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(
        [
            "١٢",
            "²",
            "NaN",
            "inf",
            "1e309",
            "-0",
            "0x10",
            "9" * 400,
            "",
            " ",
            "%00",
            "0000-00-00",
            "0001-01-01",
            "9999-12-31",
            "+275760-09-13",
            "2026-02-30",
            "2026-11-23T10:00:00",
            "2026-11-23T10:00:00+25:00",
            "2026-11-23T10:00:00Z",
            "2026-11-23 10:00:00+08:00",
            "1970-01-01T00:00:00-14:00",
            "me",
            "none",
        ]
    ),
    st.text(max_size=30),
)
ENDPOINTS = [
    "/api/staff/items/{v}",
    "/api/staff/items/{v}/letter",
    "/api/staff/attachments/{v}",
    "/api/staff/queue?page={v}",
    "/api/staff/queue?assignee={v}",
    "/api/staff/queue?urgent={v}&due={v}",
    "/api/staff/templates?item={v}",
    "/api/staff/audit?since={v}",
    "/api/staff/audit?until={v}&page={v}",
    "/api/staff/dashboard?from={v}&to={v}",
    "/api/staff/dashboard?from=2026-01-01&to={v}",
    "/api/staff/export.csv?from={v}&to=2026-02-01",
    "/api/webchat/sessions/{v}/messages?after={v}",
    "/api/webchat/sessions/{v}/events?ticket={v}",
    "/api/staff/faq/entries?q={v}",
]
POSTS = [
    ("/api/staff/items/{v}/claim", None),
    ("/api/staff/items/1/assign", "staff_id"),
    ("/api/staff/items/{v}/reveal", "field"),
    ("/api/staff/users", "username"),
]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    value=VALUE,
    endpoint=st.sampled_from(ENDPOINTS + [p for p, _ in POSTS]),
    as_number=st.booleans(),
)
async def test_hostile_numbers_dates_and_ids_never_5xx(
    app_client: Client, value: str, endpoint: str, as_number: bool
) -> None:
    http: httpx.AsyncClient | None = getattr(app_client, "admin", None)
    if http is None:  # one signed-in client for every example of this run
        http = app_client()
        http.headers.update(await signed_in(http, "ada"))
        app_client.admin = http  # type: ignore[attr-defined]
    path = endpoint.replace("{v}", quote(value, safe="") or "x")
    post = dict(POSTS).get(endpoint, "missing")
    if post != "missing":
        field = post or "x"
        body = {field: int(value) if as_number and re.fullmatch(r"-?[0-9]+", value) else value}
        response = await http.post(path, json=body)
    else:
        response = await http.get(path)
    assert response.status_code < 500, (path, response.text)
