"""Uploads (issue 18): content decides, archives and active content are refused in the
citizen's language, budgets per source and overall, unattached files expire, and downloads
are named and typed by what the file is."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import Attachment
from backend.services.attachments import AttachmentRejected
from backend.services.expiry import sweep
from backend.services.file_checks import inspect
from bot.terminal import TerminalChat
from tests.reliability.test_api_bounds import png
from tests.security.conftest import signed_in

Client = Callable[..., httpx.AsyncClient]


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(*extra: str) -> bytes:
    files = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    return zipped({**files, **{name: b"x" for name in extra}})


def ole(*entries: str, text: str = "") -> bytes:
    """A compound file: header sector, then 128-byte directory entries, then body text."""
    body = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    for name in ("Root Entry", *entries):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        body += raw.ljust(64, b"\x00") + struct.pack("<H", len(raw)) + b"\x00" * 62
    return bytes(body) + text.encode("utf-16-le")


def pdf(*objects: bytes) -> bytes:
    return b"%PDF-1.7\n" + b"\n".join(objects) + b"\n%%EOF\n"


def flate_stream(data: bytes) -> bytes:
    return b"1 0 obj <</Filter /FlateDecode>> stream\n" + zlib.compress(data) + b"\nendstream"


CASES: list[tuple[str, bytes, str | None]] = [
    ("zip with an exe", zipped({"工资.exe": b"MZ...", "run.bat": b"@echo"}), "archive"),
    ("plain zip of photos", zipped({"a.jpg": b"\xff\xd8\xff"}), "archive"),
    ("rar", b"Rar!\x1a\x07\x00" + b"\x00" * 40, "archive"),
    ("7z", b"7z\xbc\xaf'\x1c" + b"\x00" * 40, "archive"),
    ("docx with macros", docx("word/vbaProject.bin"), "active_content"),
    ("docx with an embedded object", docx("word/embeddings/oleObject1.bin"), "active_content"),
    ("docx", docx(), None),
    ("msi (OLE without a Word stream)", ole("SummaryInformation", "䡀䅿䕸"), "active_content"),
    ("doc with a macro storage", ole("WordDocument", "Macros", "VBA"), "active_content"),
    ("doc that talks about VBA macros", ole("WordDocument", text="VBA Macros _VBA_PROJECT"), None),
    (
        "pdf with OpenAction JavaScript",
        pdf(b"<</OpenAction <</S /JavaScript /JS (x)>>>>"),
        "active_content",
    ),
    ("pdf with escaped names", pdf(b"<</AA <</O <</S /J#61vaScript>>>>>>"), "active_content"),
    (
        "pdf with JS in an object stream",
        pdf(flate_stream(b"<</S /JavaScript /JS (app.alert(1))>>")),
        "active_content",
    ),
    ("pdf, plain", pdf(b"<</Type /Catalog>>", flate_stream(b"BT (hello) Tj ET")), None),
    ("windows executable", b"MZ\x90\x00" + b"\x00" * 200, "active_content"),
    ("elf", b"\x7fELF" + b"\x00" * 60, "active_content"),
    (
        "svg with script",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "active_content",
    ),
    ("html", b"<html><body onload=x()>", "active_content"),
    ("png", png(), None),
]


@pytest.mark.parametrize(("what", "content", "code"), CASES, ids=[c[0] for c in CASES])
def test_files_are_judged_by_content(what: str, content: bytes, code: str | None) -> None:
    if code is None:
        assert inspect(content)
    else:
        with pytest.raises(AttachmentRejected) as refused:
            inspect(content)
        assert refused.value.code == code, what


async def _chat(http: httpx.AsyncClient, lang: str = "zh-Hans") -> tuple[str, dict[str, str]]:
    body = (await http.post("/api/webchat/sessions", json={"lang": lang})).json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}"}


async def _upload(
    http: httpx.AsyncClient, sid: str, auth: dict[str, str], name: str, data: bytes
) -> httpx.Response:
    return await http.post(
        f"/api/webchat/sessions/{sid}/attachments", headers=auth, files={"file": (name, data)}
    )


async def test_refusals_speak_the_citizens_language(app_client: Client) -> None:
    http = app_client()
    for lang, word in (("zh-Hans", "压缩包"), ("en", "Archives"), ("zh-Hant", "壓縮包")):
        sid, auth = await _chat(http, lang)
        refused = await _upload(http, sid, auth, "evidence.zip", CASES[0][1])
        assert refused.status_code == 415 and refused.json()["error"]["code"] == "archive"
        assert word in refused.json()["error"]["message"]


async def test_budgets_per_address_and_overall(app_client: Client, services: Services) -> None:
    services.settings.upload_budget_source_bytes = 3 * len(png(b"x" * 3000))
    services.settings.upload_budget_global_bytes = 5 * len(png(b"x" * 3000))
    one, other = app_client("203.0.113.5"), app_client("198.51.100.7")
    codes = []
    for n in range(3):  # three anonymous sessions from one address
        sid, auth = await _chat(one)
        codes.append((await _upload(one, sid, auth, f"{n}.png", png(b"x" * 3000))).status_code)
    sid, auth = await _chat(one)
    over = await _upload(one, sid, auth, "3.png", png(b"x" * 3000))
    assert codes == [200, 200, 200] and over.status_code == 429
    assert over.json()["error"]["code"] == "budget" and "明天" in over.json()["error"]["message"]
    sid, auth = await _chat(other)
    assert (await _upload(other, sid, auth, "a.png", png(b"x" * 3000))).status_code == 200
    assert (await _upload(other, sid, auth, "b.png", png(b"x" * 3000))).status_code == 200
    busy = await _upload(other, sid, auth, "c.png", png(b"x" * 3000))
    assert busy.status_code == 429 and busy.json()["error"]["code"] == "busy"
    services.clock.advance(days=1, seconds=1)  # type: ignore[attr-defined]
    assert (await _upload(one, sid, auth, "d.png", png(b"x" * 3000))).status_code == 200


async def test_unattached_files_expire_and_attached_ones_stay(
    app_client: Client, services: Services
) -> None:
    http = app_client()
    sid, auth = await _chat(http)
    assert (await _upload(http, sid, auth, "loose.png", png(b"loose"))).status_code == 200
    async with services.db.transaction() as session:
        assert await sweep(session, services.settings, services.clock.now()) == 0
    services.clock.advance(days=services.settings.retention_unattached_days + 1)  # type: ignore[attr-defined]
    async with services.db.transaction() as session:
        assert await sweep(session, services.settings, services.clock.now()) == 1
    async with services.db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(Attachment)) == 0


async def test_downloads_are_named_and_typed_by_what_the_file_is(
    app_client: Client, services: Services
) -> None:
    http = app_client()
    sid, auth = await _chat(http)
    assert (await _upload(http, sid, auth, "工资条.html", png(b"really a png"))).status_code == 200
    async with services.db.reader() as session:
        attachment_id = (await session.scalars(select(Attachment.id))).one()
    await signed_in(http, "alice")
    download = await http.get(f"/api/staff/attachments/{attachment_id}")
    assert download.status_code == 200 and download.headers["content-type"] == "image/png"
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith(
        "%E5%B7%A5%E8%B5%84%E6%9D%A1.png"
    )
    assert download.headers["x-content-type-options"] == "nosniff"


async def test_the_terminal_takes_the_same_upload_path(services: Services, tmp_path: Any) -> None:
    archive = tmp_path / "材料.zip"
    archive.write_bytes(CASES[0][1])
    photo = tmp_path / "photo.png"
    photo.write_bytes(png())
    out = io.StringIO()
    chat = TerminalChat(services, "t-1", "zh-Hans", out=out)
    lines = [json.dumps({"file": str(archive)}), json.dumps({"file": str(photo)})]
    await chat.run_json(lines)
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert "压缩包" in replies[0]["text"]
    assert any("收到" in r["text"] for r in replies[1:])
    async with services.db.reader() as session:
        assert await session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_the_budget_window_is_a_day() -> None:
    from backend.services.uploads import BUDGET_SPAN

    assert timedelta(days=1) == BUDGET_SPAN
