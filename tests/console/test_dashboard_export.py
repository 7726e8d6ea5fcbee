"""The console pages, the dashboard and the ledger export over real HTTP, on both databases."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from backend.container import Services
from backend.db.crypto import active_cipher
from backend.db.models import AuditEntry, Conversation, FaqFeedback, FaqMiss, Matter
from dialogs.choices import normalise
from tests.conftest import add_staff_user, sign_in

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # the clock fixture: Monday 10:00 in Beijing


async def test_pages_and_labels_are_served_under_the_strict_policy(
    http: httpx.AsyncClient,
) -> None:
    for path in ("/staff", "/staff/login"):
        page = await http.get(path)
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "<script>" not in page.text and "style=" not in page.text  # nothing inline
    script = await http.get("/staff/static/console.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert ".innerHTML" not in script.text and "insertAdjacentHTML" not in script.text
    assert (await http.get("/staff/static/..%2Fpages.py")).status_code == 404
    assert (await http.get("/staff/static/nothing.js")).status_code == 404
    labels = (await http.get("/api/staff/console/ui/zh-Hans")).json()
    assert labels["queue.heading"] == "待办队列" and labels["item.reveal"] == "显示"
    english = (await http.get("/api/staff/console/ui/en")).json()
    assert set(english) == set(labels)


@pytest.mark.parametrize(
    ("role", "expected"), [(None, 401), ("staff", 403), ("supervisor", 200), ("admin", 200)]
)
async def test_dashboard_and_export_need_a_supervisor(
    services: Services, http: httpx.AsyncClient, role: str | None, expected: int
) -> None:
    if role:
        await add_staff_user(services, "u1", role)
        await sign_in(services, http, "u1")
    board = await http.get("/api/staff/dashboard")
    export = await http.get("/api/staff/export.csv?from=2026-11-01&to=2026-11-30")
    assert (board.status_code, export.status_code) == (expected, expected)
    if expected != 200:
        assert board.json()["error"]["code"] in ("unauthorized", "forbidden")
    async with services.db.reader() as session:
        exports = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "export_ledger")
        )
    assert (exports is not None) == (expected == 200)


async def _conversation(services: Services) -> str:
    async with services.db.transaction() as session:
        conversation = Conversation(channel="web", chat_key="c1", created_at=NOW, updated_at=NOW)
        session.add(conversation)
        await session.flush()
        return conversation.id


def _complaint(number: int, **fields: object) -> Matter:
    values: dict[str, object] = {
        "tracking_no": f"JC2026{number:06d}",
        "kind": "complaint",
        "status": "received",
        "channel": "web",
        "received_at": NOW - timedelta(days=40),
        "details": {},
    }
    values.update(fields)
    return Matter(**values)


async def _seed(services: Services) -> None:
    received = NOW - timedelta(days=40)  # 2026-10-14, Beijing
    due = date(2026, 10, 21)
    on_time = datetime(2026, 10, 20, 3, 0, tzinfo=UTC)
    late = datetime(2026, 10, 23, 3, 0, tzinfo=UTC)
    async with services.db.transaction() as session:
        session.add_all(
            [
                _complaint(
                    1,
                    procedural_due=due,
                    procedural_replied_at=on_time,
                    first_response_at=received + timedelta(hours=2),
                    satisfaction="satisfied",
                    contact_name="张三",
                    contact_phone="13812345678",
                    urgent=True,
                ),
                _complaint(
                    2,
                    procedural_due=due,
                    procedural_replied_at=late,
                    first_response_at=received + timedelta(hours=6),
                    satisfaction="unsatisfied",
                    channel="telegram",
                ),
                _complaint(3, procedural_due=due, next_due=due, satisfaction="basically"),
                _complaint(
                    4,
                    procedural_due=date(2026, 11, 30),
                    next_due=date(2026, 11, 30),
                    received_at=NOW - timedelta(days=1),
                ),
                _complaint(
                    5,
                    kind="application",
                    received_at=NOW - timedelta(days=2),
                    first_response_at=NOW - timedelta(days=2) + timedelta(hours=4),
                ),
                _complaint(6, received_at=NOW - timedelta(days=400)),  # outside the range
            ]
        )
        key = active_cipher().lookup_hash
        for question in ("股票怎么买", "股票怎么买", "股票怎么买", "离婚财产怎么分"):
            session.add(
                FaqMiss(question=question, question_key=key(normalise(question)), created_at=NOW)
            )
        for entry, helpful in (
            ("wage-002", False),
            ("wage-002", False),
            ("wage-001", False),
            ("wage-001", True),
        ):
            session.add(
                FaqFeedback(entry_id=entry, helpful=helpful, question="工资问题", created_at=NOW)
            )


async def test_dashboard_figures(services: Services, http: httpx.AsyncClient) -> None:
    await _seed(services)
    await add_staff_user(services, "boss", "supervisor")
    await sign_in(services, http, "boss")
    board = (await http.get("/api/staff/dashboard?from=2026-10-01&to=2026-11-23")).json()
    assert board["volumes"]["by_kind"] == {"complaint": 4, "application": 1}
    assert board["volumes"]["by_channel"] == {"web": 4, "telegram": 1}
    # three procedural clocks ran out: one reply in time, one late, one never sent;
    # the fourth complaint is still inside its window and not counted.
    assert board["procedural_in_time"] == {"counted": 3, "in_time": 1, "percent": 33.3}
    assert board["result_in_time"]["counted"] == 0 and board["result_in_time"]["percent"] is None
    assert board["overdue_now"] == 1
    assert board["satisfaction"]["answered"] == 3 and board["satisfaction"]["percent"] == 66.7
    assert board["median_first_response_hours"] == 4.0
    misses = board["faq_misses"]
    assert [(m["count"], m["example"]) for m in misses] == [
        (3, "股票怎么买"),
        (1, "离婚财产怎么分"),
    ]
    feedback = board["faq_feedback"]
    assert [(f["entry_id"], f["count"]) for f in feedback] == [("wage-002", 2), ("wage-001", 1)]
    assert isinstance(board["calendar_warnings"], list)
    bad = await http.get("/api/staff/dashboard?from=2026-11-23&to=2026-11-01")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_range"


async def test_calendar_warning_when_the_coming_months_have_no_official_data(
    services: Services, http: httpx.AsyncClient
) -> None:
    from backend.deadlines import official_years

    await add_staff_user(services, "boss", "admin")
    await sign_in(services, http, "boss")
    services.clock.current = datetime(official_years()[-1], 11, 20, 2, 0, tzinfo=UTC)
    board = (await http.get("/api/staff/dashboard")).json()
    assert any(str(official_years()[-1] + 1) in w for w in board["calendar_warnings"])


async def test_ledger_csv_masks_personal_fields_and_is_audited(
    services: Services, http: httpx.AsyncClient
) -> None:
    await _seed(services)
    await add_staff_user(services, "boss", "supervisor")
    await sign_in(services, http, "boss")
    response = await http.get("/api/staff/export.csv?from=2026-10-01&to=2026-11-23")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["受理编号", "类型", "类别"]
    body = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert sorted(body) == [f"JC2026{n:06d}" for n in range(1, 6)]
    first = body["JC2026000001"]
    assert first["联系人"] == "张*" and first["联系电话"] == "138****5678"
    assert first["类型"] == "控告申诉" and first["状态"] == "已收到"  # words, not codes
    assert first["紧急"] == "是" and first["满意度"] == "满意" and first["渠道"] == "网页"
    assert first["程序性回复期限"] == "2026-10-21" and first["程序性回复时间"] == "2026-10-20 11:00"
    assert "13812345678" not in raw.decode("utf-8-sig") and "张三" not in raw.decode("utf-8-sig")
    async with services.db.reader() as session:
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "export_ledger"))
    assert entry is not None and entry.actor == "boss" and entry.detail["rows"] == 5
    for query in (
        "from=2026-11-01",
        "from=2026-12-01&to=2026-11-01",
        "from=2025-01-01&to=2026-11-01",
    ):
        bad = await http.get(f"/api/staff/export.csv?{query}")
        assert bad.status_code == 422, query
