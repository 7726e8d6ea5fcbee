"""Filing an application on real SQLite and PostgreSQL; the draft letter over real HTTP."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import httpx
import pytest
from docx import Document
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.crypto import active_cipher
from backend.db.models import Attachment, Conversation, Matter, MatterEvent
from backend.runtime import ChannelMessage
from backend.services.attachments import store_attachment
from backend.services.letter import build_letter
from backend.settings import Settings
from dialogs.types import Attachment as InboundAttachment
from dialogs.types import Inbound
from tests.eligibility_flow.interview_driver import NUMBERS
from tests.eligibility_flow.test_eligibility_interview import CASES

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
INTERVIEW = CASES["support_apply"]
APPLICATION = [
    {"button": "apply"},
    {"button": "yes"},
    {"text": "张三"},
    {"text": "13800138000"},
    {"text": "11010519491231002X"},
    {"text": "河南省周口市川汇区人民路8号"},
    {"button": "company"},
    {"text": "某某建筑劳务有限公司"},
    {"text": "王五"},
    {"button": "yes"},
    {"button": "person"},
    {"text": "李包工"},
    {"button": "no"},
    {"text": "两万三"},
    {"text": "干了5个月，每月5000元，只给了2000元"},
    {"text": "城南花园项目工地"},
    {"text": "找过劳动监察大队，让我们去仲裁"},
    {"text": "十几个"},
    {"text": "李四，王小五，赵六"},
]


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """A whole interview is ~30 quick messages: more than a citizen's default burst."""
    return Settings(
        env="test",
        database_url=database_url,
        data_dir=tmp_path,
        workers_enabled=False,
        rate_citizen_burst=200,
    )


def _msg(chat: str, **inbound: str) -> ChannelMessage:
    return ChannelMessage("terminal", chat, Inbound(**inbound))  # type: ignore[arg-type]


async def _interview(services: Services, chat: str) -> None:
    runtime = services.runtime
    await runtime.receive(_msg(chat, text="/start"))
    replies = (await runtime.receive(_msg(chat, button="go:eligibility"))).replies
    while replies[-1].ask != "summary":
        key = str(replies[-1].ask)
        value = str(INTERVIEW[key])
        inbound = {"text": value} if key in NUMBERS else {"button": value}
        replies = (await runtime.receive(_msg(chat, **inbound))).replies
    replies = (await runtime.receive(_msg(chat, button="done"))).replies
    assert replies[-1].outcome == "support_apply"
    for step in APPLICATION:
        await runtime.receive(_msg(chat, **step))


async def _send_photo(services: Services, chat: str) -> None:
    async def prepare(session: AsyncSession, conversation: Conversation) -> Inbound:
        stored = await store_attachment(
            session,
            conversation,
            content=PNG,
            filename="iou.png",
            max_bytes=10**6,
            now=services.clock.now(),
        )
        return Inbound(attachments=(InboundAttachment(stored.id, "photo", "iou.png"),))

    received = await services.runtime.receive(_msg(chat), prepare=prepare)
    assert "收到 1 个文件" in received.replies[-1].text


async def test_a_filed_application_is_one_matter_with_everything(services: Services) -> None:
    await _interview(services, "c1")
    await _send_photo(services, "c1")
    confirm = await services.runtime.receive(_msg("c1", button="done"))
    assert confirm.replies[-1].ask == "confirm"
    async with services.db.reader() as session:
        assert (await session.scalars(select(Matter))).all() == []  # not before confirmation
    filed = await services.runtime.receive(_msg("c1", button="confirm"))
    tracking = [r.tracking_no for r in filed.replies if r.tracking_no]
    assert tracking and tracking[0].startswith("A261123")
    async with services.db.reader() as session:
        (matter,) = (await session.scalars(select(Matter))).all()
        events = (await session.scalars(select(MatterEvent))).all()
        attachment = (await session.scalars(select(Attachment))).one()
        conversation = await session.get(Conversation, matter.conversation_id)
    assert matter.kind == "application" and matter.status == "received" and matter.open
    assert matter.tracking_no == tracking[0] and matter.outcome == "support_apply"
    assert set(matter.flags.split(",")) == {"limitation_risk", "urgent", "group_dispute"}
    assert matter.urgent and matter.category == "wages"
    # The same reply clocks as a complaint, and the citizen is told exactly those dates.
    assert (matter.procedural_due, matter.result_due) == (date(2026, 11, 30), date(2027, 2, 23))
    assert matter.next_due == matter.procedural_due
    said = next(r.text for r in filed.replies if r.tracking_no)
    assert "7日内，即2026年11月30日前" in said and "3个月内，即2027年2月23日前" in said
    assert "工作日" not in said
    assert matter.contact_name == "张三" and matter.contact_phone == "13800138000"
    assert matter.id_number == "11010519491231002X"
    assert matter.phone_hash == active_cipher().lookup_hash("13800138000")
    details = matter.details
    assert details["facts"]["arbitration"] == "refused_or_late"
    assert any(s["id"] == "support" and s["status"] == "matched" for s in details["trace"])
    assert details["answers"] == {
        "respondent": "某某建筑劳务有限公司、李包工",
        "amount": "23000",
        "people": 10,
    }
    assert details["letter"]["respondents"] == [
        {"kind": "company", "who": "某某建筑劳务有限公司", "legal_rep": "王五"},
        {"kind": "person", "who": "李包工", "legal_rep": ""},
    ]
    assert details["letter"]["address"] == "河南省周口市川汇区人民路8号"
    assert details["letter"]["co_claimant_names"] == ["李四", "王小五", "赵六"]
    assert details["files"] == [{"kind": "photo", "name": "iou.png"}]
    assert attachment.matter_id == matter.id
    assert [(e.kind, e.visible_to_citizen) for e in events] == [("received", True)]
    assert conversation is not None and conversation.has_matter
    # Personal fields are encrypted at rest: the stored details are not readable text.
    async with services.db.reader() as session:
        raw = await session.scalar(text("SELECT details FROM matters"))
    assert "人民路" not in str(raw) and "李包工" not in str(raw)
    letter = Document(io.BytesIO(build_letter(matter)))
    body = "\n".join(p.text for p in letter.paragraphs)
    assert "支持起诉申请书" in body and "人民币23000元" in body
    assert "被申请人：某某建筑劳务有限公司" in body and "法定代表人：王五" in body
    assert "被申请人：李包工" in body and "照片（iou.png）" in body


async def test_declining_at_the_confirmation_files_nothing(services: Services) -> None:
    await _interview(services, "c2")
    await services.runtime.receive(_msg("c2", button="none"))
    await services.runtime.receive(_msg("c2", text="取消"))
    async with services.db.reader() as session:
        assert (await session.scalars(select(Matter))).all() == []


async def _session(http: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    body = (await http.post("/api/webchat/sessions", json={"lang": "zh-Hans"})).json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}"}


async def _say(
    http: httpx.AsyncClient, sid: str, auth: dict[str, str], body: dict[str, str]
) -> list[dict[str, object]]:
    response = await http.post(f"/api/webchat/sessions/{sid}/messages", headers=auth, json=body)
    assert response.status_code == 200, response.text
    replies: list[dict[str, object]] = response.json()["replies"]
    return replies


async def test_the_letter_downloads_for_its_owner_only(http: httpx.AsyncClient) -> None:
    sid, auth = await _session(http)
    await _say(http, sid, auth, {"button": "/start"})
    replies = await _say(http, sid, auth, {"button": "go:eligibility"})
    while replies[-1]["ask"] != "summary":
        key = str(replies[-1]["ask"])
        value = str(INTERVIEW[key])
        replies = await _say(http, sid, auth, {"text" if key in NUMBERS else "button": value})
    await _say(http, sid, auth, {"button": "done"})
    for step in [*APPLICATION, {"button": "none"}]:
        await _say(http, sid, auth, step)
    filed = await _say(http, sid, auth, {"button": "confirm"})
    letter = next(r for r in filed if r.get("letter_url"))
    url, tracking_no = str(letter["letter_url"]), str(letter["tracking_no"])
    assert url == f"/api/webchat/sessions/{sid}/letter/{tracking_no}"

    response = await http.get(url, headers=auth)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "请求判令被申请人支付拖欠的劳动报酬人民币23000元" in body
    assert "张三" in body and tracking_no in body

    other_sid, other_auth = await _session(http)
    assert (await http.get(url, headers=other_auth)).status_code == 401
    assert (await http.get(url)).status_code == 401
    theirs = f"/api/webchat/sessions/{other_sid}/letter/{tracking_no}"
    assert (await http.get(theirs, headers=other_auth)).status_code == 404
