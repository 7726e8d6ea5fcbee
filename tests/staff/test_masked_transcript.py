"""The console never shows personal data in clear until an audited reveal (issue 18).

A complaint is filed through the runtime by the adaptive driver: the citizen types a name and
phone when asked and writes an ID-card and a bank-card number inside the story. The item's
transcript (and the facts, and the live stream) show them masked; the reveal shows them and
is audited with the field's name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.container import Services
from backend.db.models import AuditEntry, Matter
from backend.runtime import ChannelMessage
from dialogs.types import Inbound
from tests.security.complaint_driver import Complainant, file_complaint

NAME, PHONE = "欧阳小明", "13912345678"
ID_NUMBER, CARD = "110101199003071234", "6222021234567890123"
STORY = f"老板欠我工资，我的身份证号{ID_NUMBER}，工资卡{CARD}，他说打给我电话13588889999"
SECRETS = (NAME, PHONE, ID_NUMBER, CARD, "13588889999")


async def _file(services: Services) -> Matter:
    async def send(message: dict[str, Any]) -> list[dict[str, Any]]:
        inbound = Inbound(text=message.get("text", ""), button=message.get("button"))
        received = await services.runtime.receive(ChannelMessage("terminal", "masked", inbound))
        return [r.to_dict() for r in received.replies]

    await file_complaint(send, Complainant(STORY, PHONE, name=NAME))
    async with services.db.reader() as session:
        return (await session.scalars(select(Matter))).one()


async def test_the_transcript_is_masked_until_an_audited_reveal(
    client_for: Any, services: Services
) -> None:
    matter = await _file(services)
    client = await client_for("alice")
    item = await client.get(f"/api/staff/items/{matter.id}")
    assert item.status_code == 200
    assert item.headers["Cache-Control"] == "no-store"
    shown = item.text
    for secret in SECRETS:
        assert secret not in shown, secret
    texts = [m["text"] for m in item.json()["transcript"]]
    assert "欧***" in texts and "139****5678" in texts  # the answers, masked as their field
    assert any("110***********1234" in t and "622***" in t for t in texts)

    revealed = await client.post(f"/api/staff/items/{matter.id}/reveal", {"field": "transcript"})
    assert revealed.status_code == 200
    assert all(secret in revealed.text for secret in SECRETS)
    async with services.db.reader() as session:
        rows = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "reveal"))
        ).all()
    assert [r.detail for r in rows] == [{"field": "transcript"}]


async def test_the_live_stream_masks_what_it_pushes(services: Services) -> None:
    from backend.staff.stream import messages_after

    matter = await _file(services)
    assert matter.conversation_id is not None
    entries = await messages_after(services, {matter.conversation_id: matter.id}, 0)
    pushed = str(entries)
    assert entries and all(secret not in pushed for secret in SECRETS)
    assert [e["message"]["id"] for e in entries] == sorted(e["message"]["id"] for e in entries)
