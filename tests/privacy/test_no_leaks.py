"""Log test: a citizen's name, phone and ID number appear in no log line and no stored column.

The main flows run over real HTTP with every logger at DEBUG. Two captures: the raw records
(our code must not log personal data at all) and the redacted JSON the handlers write.
Then every text and binary column of every table is read back raw, and on SQLite the
database files themselves are searched byte for byte.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from backend.container import Services
from backend.ratelimit import RateLimiter
from bot.logging_setup import json_handler
from tests.fakes.ratelimit import Unlimited

NAME, PHONE, ID_NUMBER = "欧阳秀兰", "13912345678", "110101199003071234"
SECRETS = (NAME, PHONE, "139 1234 5678", ID_NUMBER, "1234 5678")


class Records(logging.Handler):
    """Keeps every record as logged, before any filter or formatter."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.getMessage()} {vars(record)}")


@pytest.fixture
def rate_limiter() -> RateLimiter:
    """These tests send many messages on purpose."""
    return Unlimited()


@pytest.fixture
def captured() -> Iterator[tuple[Records, io.StringIO]]:
    raw, stream = Records(), io.StringIO()
    redacted = json_handler(stream)
    loggers = [logging.getLogger(n) for n in ("", "frontdesk", "uvicorn", "uvicorn.error")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(raw)
        lg.addHandler(redacted)
        lg.setLevel(logging.DEBUG)
    try:
        yield raw, stream
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(raw)
            lg.removeHandler(redacted)
            lg.setLevel(level)


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


COMPLAINT = [
    {"button": "/start"},
    {"button": "go:complaint"},
    {"button": "yes"},
    {"button": "judgment"},
    {"button": "civil"},
    {"button": "after_retrial"},
    {"text": f"我是{NAME}，身份证{ID_NUMBER}，电话{PHONE}。老板欠我工资两万元。"},
    {"button": "done"},
    {"text": f"请联系{NAME}，电话139 1234 5678"},
    {"button": "no"},
    {"button": "named"},
    {"text": NAME},
    {"text": PHONE},
    {"button": "confirm"},
]
OTHERS = [
    {"text": f"我叫{NAME}，电话{PHONE}，身份证{ID_NUMBER}，想问个问题"},
    {"text": "老板拖欠工资怎么办"},
    {"button": "fb:wage-001:down"},
    {"button": "go:status"},
    {"text": PHONE},
    {"text": "转人工"},
    {"text": f"{NAME}在等"},
]


async def run_flows(http: httpx.AsyncClient) -> str | None:
    tracking = None
    for script in (COMPLAINT, OTHERS):
        created = (await http.post("/api/webchat/sessions", json={})).json()
        sid, auth = created["session_id"], {"Authorization": f"Bearer {created['token']}"}
        for body in script:
            response = await http.post(
                f"/api/webchat/sessions/{sid}/messages", headers=auth, json=body
            )
            assert response.status_code == 200, response.text
            tracking = tracking or next(
                (r["tracking_no"] for r in response.json()["replies"] if r.get("tracking_no")), None
            )
        upload = await http.post(
            f"/api/webchat/sessions/{sid}/attachments",
            headers=auth,
            files={"file": (f"{NAME}身份证{ID_NUMBER}.png", png())},
        )
        assert upload.status_code == 200
        await http.get(f"/api/webchat/sessions/{sid}/messages", headers=auth)
        await http.get(f"/api/webchat/sessions/{sid}/messages?after=0&token={created['token']}")
    return tracking


async def all_stored_values(services: Services) -> list[object]:
    if services.db.is_sqlite:
        columns_sql = (
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
            "WHERE m.type = 'table'"
        )
    else:
        columns_sql = (
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'bytea', 'json', 'jsonb')"
        )
    values: list[object] = []
    async with services.db.reader() as session:
        for table, column in (await session.execute(text(columns_sql))).all():
            rows = await session.execute(text(f'SELECT "{column}" FROM "{table}"'))
            values += [row[0] for row in rows if row[0] is not None]
    return values


def leaks(blob: str | bytes) -> list[str]:
    data = blob if isinstance(blob, bytes) else blob.encode()
    return [s for s in SECRETS if s.encode() in data]


async def test_no_personal_data_in_logs_or_in_the_database(
    services: Services,
    http: httpx.AsyncClient,
    captured: tuple[Records, io.StringIO],
    settings: object,
) -> None:
    raw, redacted = captured
    logging.getLogger("frontdesk.test").info("a line %s", f"with {PHONE} and {ID_NUMBER}")
    tracking = await run_flows(http)
    assert tracking, "the complaint flow should have given a tracking number"

    ours = [line for line in raw.lines if "frontdesk.test" not in line]
    assert ours, "nothing was logged at all; the capture is not working"
    assert [line for line in ours if leaks(line)] == []
    assert leaks(redacted.getvalue()) == []  # even the deliberate line is redacted

    values = await all_stored_values(services)
    assert len(values) > 50
    found = {repr(v)[:80]: leaks(v if isinstance(v, bytes | str) else str(v)) for v in values}
    assert {k: v for k, v in found.items() if v} == {}
    if services.db.is_sqlite:
        folder = Path(services.settings.effective_database_url.split("///", 1)[1]).parent
        for path in folder.glob("frontdesk.db*"):
            assert leaks(path.read_bytes()) == [], path.name
