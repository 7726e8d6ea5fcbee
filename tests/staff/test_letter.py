"""The draft 支持起诉申请书 download for staff, over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

import pytest
from docx import Document
from sqlalchemy import select

from backend.container import Services
from backend.db.models import AuditEntry, Matter
from backend.services.letter import DOCX_MIME
from tests.eligibility_flow.test_eligibility_interview import CASES
from tests.staff.conftest import make_matter

NAME, PHONE, ID_NUMBER = "张三丰", "13812341234", "11010519491231002X"
TRACKING_NO = "A26112300001"


async def make_application(services: Services, **fields: Any) -> Matter:
    """An application as ``file_application`` leaves it: facts, answers, contact encrypted."""
    values: dict[str, Any] = {
        "kind": "application",
        "status": "received",
        "tracking_no": TRACKING_NO,
        "outcome": "support_apply",
        "category": "wages",
        "contact_name": NAME,
        "contact_phone": PHONE,
        "id_number": ID_NUMBER,
        "procedural_due": None,
        "result_due": None,
        "next_due": None,
        "details": {
            "facts": dict(CASES["support_apply"]),
            "reasons": [],
            "answers": {"respondent": "某某建筑劳务有限公司", "amount": "23000", "people": 10},
            "lang": "zh-Hans",
        },
    }
    values.update(fields)
    return await make_matter(services, **values)


async def audit_rows(services: Services) -> list[tuple[str, str | None, dict[str, Any]]]:
    async with services.db.reader() as session:
        rows = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    return [(r.action, r.target_id, r.detail) for r in rows if r.action == "download_letter"]


def letter_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


async def test_staff_download_the_draft_letter_and_it_is_audited(
    client_for: Any, services: Services
) -> None:
    matter = await make_application(services)
    client = await client_for("alice")
    response = await client.get(f"/api/staff/items/{matter.id}/letter")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX_MIME
    assert "no-store" in response.headers["cache-control"]
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(f'支持起诉申请书-{TRACKING_NO}.docx')}" in disposition
    text = letter_text(response.content)
    assert "支持起诉申请书" in text and TRACKING_NO in text
    assert NAME in text and PHONE in text and ID_NUMBER in text
    assert "某某建筑劳务有限公司" in text and "23000" in text
    assert await audit_rows(services) == [
        ("download_letter", str(matter.id), {"fields": ["name", "phone", "id_number"]})
    ]
    async with services.db.reader() as session:
        entry = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()))).first()
    assert entry is not None and entry.actor == "alice" and entry.target_kind == "matter"
    assert NAME not in str(entry.detail) and PHONE not in str(entry.detail)


@pytest.mark.parametrize("username", ["bob", "sam", "ada"])
async def test_every_staff_role_may_download(
    client_for: Any, services: Services, username: str
) -> None:
    matter = await make_application(services)
    client = await client_for(username)
    response = await client.get(f"/api/staff/items/{matter.id}/letter")
    assert response.status_code == 200 and NAME in letter_text(response.content)
    item = (await client.get(f"/api/staff/items/{matter.id}")).json()
    assert "letter" in item["allowed"]["actions"]


async def test_without_a_session_it_is_401_and_nothing_is_audited(
    client_for: Any, services: Services
) -> None:
    matter = await make_application(services)
    anonymous = await client_for(None)
    response = await anonymous.get(f"/api/staff/items/{matter.id}/letter")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert NAME.encode() not in response.content
    assert await audit_rows(services) == []


@pytest.mark.parametrize(
    "fields",
    [{"kind": "complaint"}, {"kind": "handoff", "status": "waiting", "next_due": None}],
)
async def test_an_item_that_is_not_an_application_has_no_letter(
    client_for: Any, services: Services, fields: dict[str, Any]
) -> None:
    matter = await make_matter(services, contact_name=NAME, **fields)
    client = await client_for("alice")
    response = await client.get(f"/api/staff/items/{matter.id}/letter")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["message"]
    item = (await client.get(f"/api/staff/items/{matter.id}")).json()
    assert "letter" not in item["allowed"]["actions"]
    assert await audit_rows(services) == []


async def test_an_unknown_item_is_404(client_for: Any, services: Services) -> None:
    client = await client_for("alice")
    response = await client.get("/api/staff/items/999999/letter")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert await audit_rows(services) == []


async def test_an_application_without_contact_details_still_has_a_letter(
    client_for: Any, services: Services
) -> None:
    matter = await make_application(
        services, tracking_no=None, contact_name=None, contact_phone=None, id_number=None
    )
    client = await client_for("alice")
    response = await client.get(f"/api/staff/items/{matter.id}/letter")
    assert response.status_code == 200
    assert quote(f"支持起诉申请书-{matter.id}.docx") in response.headers["content-disposition"]
    text = letter_text(response.content)
    assert "申请人：____________________，________，" in text  # blank lines to fill in by hand
    assert await audit_rows(services) == [("download_letter", str(matter.id), {"fields": []})]
