"""Token buckets in process and in Redis, and the polite 429 at the HTTP edge."""

from __future__ import annotations

import asyncio
import socket
import uuid
from pathlib import Path

import httpx
import pytest

from backend.ratelimit import Limit, MemoryRateLimiter, RateLimiter, RedisRateLimiter
from backend.settings import Settings


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Tight limits, reached within a test."""
    return Settings(
        env="test",
        database_url=database_url,
        data_dir=tmp_path,
        workers_enabled=False,
        rate_citizen_burst=5,
        rate_ip_burst=40,
        rate_login_burst=3,
    )


@pytest.fixture
def rate_limiter() -> RateLimiter:
    """Buckets in memory on a frozen time source: nothing refills during a test."""
    return MemoryRateLimiter(FrozenTime())


class FrozenTime:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_bucket_allows_its_burst_then_says_how_long_to_wait() -> None:
    time = FrozenTime()
    limiter = MemoryRateLimiter(time)
    limit = Limit(burst=3, per_minute=60)
    assert [(await limiter.hit("a", limit)).allowed for _ in range(4)] == [True] * 3 + [False]
    assert (await limiter.hit("a", limit)).retry_after == pytest.approx(1.0)
    assert (await limiter.hit("b", limit)).allowed  # buckets are per key
    time.now += 1.0
    assert (await limiter.hit("a", limit)).allowed


async def test_old_buckets_are_forgotten_so_memory_stays_bounded() -> None:
    limiter = MemoryRateLimiter(FrozenTime(), max_keys=10)
    for n in range(100):
        await limiter.hit(f"ip:{n}", Limit(1, 1))
    assert len(limiter._buckets) == 10


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
async def test_redis_buckets_are_shared_between_workers() -> None:
    prefix = f"frontdesk-test:{uuid.uuid4().hex}:"
    one, two = (RedisRateLimiter("redis://127.0.0.1:6379/0", prefix=prefix) for _ in range(2))
    limit = Limit(burst=4, per_minute=1)
    try:
        results = [(await (one if n % 2 else two).hit("conv:x", limit)).allowed for n in range(6)]
        assert results == [True] * 4 + [False] * 2
        denied = await one.hit("conv:x", limit)
        assert not denied.allowed and denied.retry_after > 1
    finally:
        await one.close()
        await two.close()


async def test_an_unreachable_redis_lets_requests_through() -> None:
    limiter = RedisRateLimiter("redis://127.0.0.1:1/0", timeout=0.5)
    try:
        assert (await limiter.hit("k", Limit(1, 1))).allowed
    finally:
        await limiter.close()


async def test_a_flood_slows_down_politely_and_loses_nothing_accepted(
    http: httpx.AsyncClient,
) -> None:
    created = (await http.post("/api/webchat/sessions", json={})).json()
    sid, auth = created["session_id"], {"Authorization": f"Bearer {created['token']}"}
    url = f"/api/webchat/sessions/{sid}/messages"
    responses = await asyncio.gather(
        *(http.post(url, headers=auth, json={"text": f"问题{n}"}) for n in range(15))
    )
    accepted = [r for r in responses if r.status_code == 200]
    refused = [r for r in responses if r.status_code == 429]
    assert len(accepted) == 5 and len(refused) == 10
    assert all(int(r.headers["Retry-After"]) >= 1 for r in refused)
    assert "太快" in refused[0].json()["error"]["message"]
    assert "Content-Security-Policy" in refused[0].headers
    english = await http.post(url, headers={**auth, "Accept-Language": "en-GB"}, json={"text": "x"})
    assert "too quickly" in english.json()["error"]["message"]
    transcript = (await http.get(url, headers=auth)).json()["messages"]
    inbound = [m["text"] for m in transcript if m["direction"] == "in"]
    assert len(inbound) == 5 and len(set(inbound)) == 5
    assert sum(m["direction"] == "out" for m in transcript) >= 5


async def test_each_citizen_has_their_own_bucket(http: httpx.AsyncClient) -> None:
    for _ in range(2):
        created = (await http.post("/api/webchat/sessions", json={})).json()
        auth = {"Authorization": f"Bearer {created['token']}"}
        url = f"/api/webchat/sessions/{created['session_id']}/messages"
        codes = [
            (await http.post(url, headers=auth, json={"text": "你好"})).status_code
            for _ in range(6)
        ]
        assert codes == [200] * 5 + [429]


async def test_per_ip_limits_cover_session_creation(http: httpx.AsyncClient) -> None:
    codes = [(await http.post("/api/webchat/sessions", json={})).status_code for _ in range(41)]
    assert codes[:40] == [201] * 40 and codes[40] == 429


async def test_login_is_limited_per_ip(http: httpx.AsyncClient) -> None:
    codes = [
        (await http.post("/staff/login", data={"username": "x", "password": "y"})).status_code
        for _ in range(4)
    ]
    assert 429 not in codes[:3] and codes[3] == 429


async def test_the_telegram_webhook_is_limited_per_chat(http: httpx.AsyncClient) -> None:
    def update(chat: int) -> dict[str, object]:
        return {"update_id": 1, "message": {"message_id": 1, "chat": {"id": chat}, "text": "hi"}}

    codes = [(await http.post("/telegram/webhook", json=update(42))).status_code for _ in range(6)]
    assert 429 not in codes[:5] and codes[5] == 429
    other = await http.post("/telegram/webhook", json=update(43))
    assert other.status_code != 429
