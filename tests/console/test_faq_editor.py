"""The FAQ editor: permissions, preview, versioned and audited saves, reload without restart."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from backend.clock import ManualClock
from backend.container import Services
from backend.db.models import AuditEntry, FaqRevision
from backend.settings import Settings
from backend.wiring import build_services
from knowledge.answerer import FaqAnswerer
from knowledge.faq import default_data_dir, load_entries
from tests.conftest import add_staff_user, sign_in

# A question no entry answers until an admin adds it as a paraphrase of wage-001.
NEW_PHRASING = "老钱卷铺盖溜号"
ENTRY = "wage-001"
FILES = ("wage_arrears.yaml", "consumer.yaml", "labour_arbitration.yaml", "legal_aid.yaml")


@pytest.fixture
def faq_dir(tmp_path: Path) -> Path:
    """A writable copy of some shipped FAQ files (FRONTDESK_FAQ_DIR); a few keep indexing quick."""
    target = tmp_path / "faq"
    target.mkdir()
    for name in FILES:
        shutil.copy(default_data_dir() / name, target / name)
    return target


@pytest.fixture
async def services(
    settings: Settings, clock: ManualClock, faq_dir: Path
) -> AsyncIterator[Services]:
    """Services with the real answerer over the writable FAQ copy."""
    configured = settings.model_copy(update={"faq_dir": faq_dir})
    built = build_services(configured, clock=clock, faq=FaqAnswerer.from_directory(faq_dir))
    try:
        yield built
    finally:
        await built.db.dispose()


async def _admin(services: Services, http: httpx.AsyncClient) -> dict[str, str]:
    await add_staff_user(services, "admin1", "admin")
    return await sign_in(services, http, "admin1")


async def _entry(http: httpx.AsyncClient) -> dict[str, object]:
    response = await http.get(f"/api/staff/faq/entries/{ENTRY}")
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


@pytest.mark.parametrize("role", ["staff", "supervisor"])
async def test_only_admins_edit(services: Services, http: httpx.AsyncClient, role: str) -> None:
    assert (await http.get("/api/staff/faq/entries")).status_code == 401
    await add_staff_user(services, "someone", role)
    csrf = await sign_in(services, http, "someone")
    assert (await http.get("/api/staff/faq/entries")).status_code == 403
    save = await http.put(f"/api/staff/faq/entries/{ENTRY}", headers=csrf, json={"entry": {}})
    assert save.status_code == 403


async def test_search_read_and_csrf(services: Services, http: httpx.AsyncClient) -> None:
    csrf = await _admin(services, http)
    found = (await http.get("/api/staff/faq/entries", params={"q": "包工头"})).json()["entries"]
    assert ENTRY in [e["id"] for e in found]
    body = await _entry(http)
    assert body["version"] == 0 and body["revisions"] == []
    assert (await http.get("/api/staff/faq/entries/wage-999")).status_code == 404
    no_token = await http.put(f"/api/staff/faq/entries/{ENTRY}", json={"entry": body["entry"]})
    forged = await http.put(
        f"/api/staff/faq/entries/{ENTRY}",
        headers={"X-CSRF-Token": "forged"},
        json={"entry": body["entry"]},
    )
    assert no_token.status_code == forged.status_code == 403
    assert no_token.json()["error"]["code"] == "csrf"
    assert csrf  # the real token works: see the save test


async def test_preview_save_version_audit_and_reload(
    services: Services, http: httpx.AsyncClient, faq_dir: Path
) -> None:
    csrf = await _admin(services, http)
    answerer = services.faq
    assert isinstance(answerer, FaqAnswerer)
    assert answerer.ask(NEW_PHRASING).decision == "none"
    other_worker = FaqAnswerer.from_directory(faq_dir, check_every=0)
    count = len(load_entries(faq_dir))
    entry = (await _entry(http))["entry"]
    assert isinstance(entry, dict)
    edited = {**entry, "paraphrases": [*entry["paraphrases"], NEW_PHRASING]}

    preview = await http.post(
        "/api/staff/faq/preview", headers=csrf, json={"entry": edited, "question": NEW_PHRASING}
    )
    assert preview.status_code == 200
    hits = preview.json()["hits"]
    assert hits[0]["id"] == ENTRY and hits[0]["edited"] is True
    assert answerer.ask(NEW_PHRASING).decision == "none"  # a preview changes nothing

    saved = await http.put(
        f"/api/staff/faq/entries/{ENTRY}", headers=csrf, json={"entry": edited, "base_version": 0}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 1 and saved.json()["file"] == "wage_arrears.yaml"
    live = answerer.ask(NEW_PHRASING)
    assert live.hits and live.hits[0].entry.id == ENTRY  # no restart
    assert other_worker.maybe_reload() is True  # another process: its reload worker's check
    assert other_worker.ask(NEW_PHRASING).hits[0].entry.id == ENTRY

    text = (faq_dir / "wage_arrears.yaml").read_text(encoding="utf-8")
    assert text.startswith("# FAQ: wage arrears") and NEW_PHRASING in text  # comments kept
    assert len(load_entries(faq_dir)) == count
    async with services.db.reader() as session:
        revision = await session.scalar(select(FaqRevision).where(FaqRevision.entry_id == ENTRY))
        audit = await session.scalar(select(AuditEntry).where(AuditEntry.action == "faq_edit"))
    assert revision is not None and revision.version == 1 and NEW_PHRASING in revision.content
    assert revision.author_id is not None
    assert audit is not None and audit.target_id == ENTRY and audit.detail == {"version": 1}

    stale = await http.put(
        f"/api/staff/faq/entries/{ENTRY}", headers=csrf, json={"entry": edited, "base_version": 0}
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_edit"
    again = await http.put(
        f"/api/staff/faq/entries/{ENTRY}", headers=csrf, json={"entry": edited, "base_version": 1}
    )
    assert again.json()["version"] == 2
    listed = await _entry(http)
    assert listed["version"] == 2 and [r["version"] for r in listed["revisions"]] == [2, 1]


async def test_invalid_edits_are_refused_and_change_nothing(
    services: Services, http: httpx.AsyncClient, faq_dir: Path
) -> None:
    csrf = await _admin(services, http)
    before = (faq_dir / "wage_arrears.yaml").read_bytes()
    entry = (await _entry(http))["entry"]
    assert isinstance(entry, dict)
    cases = [
        ({**entry, "paraphrases": ["一", "二"]}, "paraphrases"),
        ({**entry, "citations": []}, "citation"),
        ({**entry, "topic": "astrology"}, "topic"),
        ({**entry, "next_steps": ["call:999"]}, "next_step"),
        ({**entry, "answer": "  "}, "answer"),
    ]
    for bad, word in cases:
        response = await http.put(
            f"/api/staff/faq/entries/{ENTRY}", headers=csrf, json={"entry": bad}
        )
        assert response.status_code == 422, word
        assert word in response.json()["error"]["message"], response.json()
        preview = await http.post(
            "/api/staff/faq/preview", headers=csrf, json={"entry": bad, "question": "欠薪"}
        )
        assert preview.status_code == 422
    moved = await http.put("/api/staff/faq/entries/wage-002", headers=csrf, json={"entry": entry})
    assert moved.status_code == 422
    assert (faq_dir / "wage_arrears.yaml").read_bytes() == before
    async with services.db.reader() as session:
        assert await session.scalar(select(FaqRevision)) is None


async def test_a_new_entry_goes_to_its_topic_file(
    services: Services, http: httpx.AsyncClient, faq_dir: Path
) -> None:
    csrf = await _admin(services, http)
    entry = {
        "id": "consumer-901",
        "topic": "consumer",
        "question": "网购的东西坏了商家不退怎么办？",
        "paraphrases": ["网上买的坏了不给退", "淘宝买的东西坏了", "商家不给退货", "快递到了是坏的"],
        "answer": "先和商家协商，协商不成可以打12315投诉。",
        "citations": [{"law": "消费者权益保护法", "article": "第二十四条"}],
        "next_steps": ["call:12315", "person"],
        "reviewed": "2026-11-22",
        "uncertain": False,
    }
    saved = await http.put(
        "/api/staff/faq/entries/consumer-901", headers=csrf, json={"entry": entry}
    )
    assert saved.status_code == 200 and saved.json()["version"] == 1
    assert any(e.id == "consumer-901" for e in load_entries(faq_dir))
    assert "consumer-901" in (faq_dir / "consumer.yaml").read_text(encoding="utf-8")
