"""Queue, items, claims, replies and status changes through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select, text

from backend.container import Services
from backend.db.models import Attachment, AuditEntry, Matter, MatterEvent, Message, OutboxItem
from tests.staff.conftest import days, make_matter


async def count(services: Services, model: type) -> int:
    async with services.db.reader() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def fetch(services: Services, matter_id: int) -> Matter:
    async with services.db.reader() as session:
        matter = await session.get(Matter, matter_id)
    assert matter is not None
    return matter


async def test_queue_order_waiting_then_urgent_then_due_then_arrival_with_counts(
    client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    clock: Any = services.clock
    late = await make_matter(services, next_due=date(2026, 11, 20))  # overdue
    later = await make_matter(services, next_due=date(2026, 12, 10))
    clock.advance(minutes=1)
    handoff = await make_matter(services, kind="handoff", status="waiting", next_due=None)
    urgent = await make_matter(services, urgent=True, next_due=date(2026, 12, 20))
    soon = await make_matter(services, next_due=date(2026, 11, 24), assignee_id=accounts["bob"])
    closed = await make_matter(services, open=False, status="closed", next_due=None)
    client = await client_for("alice")
    body = (await client.get("/api/staff/queue")).json()
    order = [item["id"] for item in body["items"]]
    # A citizen waiting for a person is pinned first, whatever the deadlines below.
    assert order == [handoff.id, urgent.id, late.id, soon.id, later.id]
    assert closed.id not in order
    first = body["items"][2]
    assert first["due_status"] == "overdue" and body["items"][3]["due_status"] == "due_soon"
    assert body["items"][3]["assignee"] == {"id": accounts["bob"], "display_name": "Bob"}
    assert body["counts"] == {
        "total": 5,
        "urgent": 1,
        "overdue": 1,
        "due_soon": 1,
        "unassigned": 4,
        "replied": 0,
        "needs_bo": 0,
        "followup": 0,
        "by_kind": {"complaint": 4, "handoff": 1},
    }
    assert body["page"] == 1 and body["pages"] == 1
    everything = (await client.get("/api/staff/queue", params={"state": "all"})).json()
    assert [i["id"] for i in everything["items"]][-1] == closed.id


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "handoff"}, ["handoff"]),
        ({"urgent": "true"}, ["urgent"]),
        ({"due": "overdue"}, ["late"]),
        ({"assignee": "none"}, ["handoff", "urgent", "late"]),
        ({"assignee": "me"}, []),
        ({"q": "FD-2026"}, ["late"]),
    ],
)
async def test_queue_filters(
    client_for: Any, services: Services, params: dict[str, str], expected: list[str]
) -> None:
    made = {
        "late": await make_matter(services, next_due=date(2026, 11, 20), tracking_no="FD-2026-1"),
        "handoff": await make_matter(services, kind="handoff", status="waiting", next_due=None),
        "urgent": await make_matter(services, urgent=True),
    }
    client = await client_for("alice")
    names = {m.id: n for n, m in made.items()}
    body = (await client.get("/api/staff/queue", params=params)).json()
    assert [names[i["id"]] for i in body["items"]] == expected


async def test_pages_walk_the_whole_queue_in_order(client_for: Any, services: Services) -> None:
    made = [await make_matter(services, next_due=date(2026, 12, 1) + days(i)) for i in range(30)]
    made += [await make_matter(services, next_due=None) for _ in range(3)]
    client = await client_for("alice")
    first = (await client.get("/api/staff/queue")).json()
    second = (await client.get("/api/staff/queue", params={"page": 2})).json()
    assert first["pages"] == 2 and len(first["items"]) == 25
    assert [i["id"] for i in first["items"] + second["items"]] == [m.id for m in made]


async def test_an_item_masks_personal_data_and_the_view_is_audited(
    client_for: Any, services: Services
) -> None:
    matter = await make_matter(
        services,
        contact_name="张三丰",
        contact_phone="13812341234",
        id_number="110101199001011234",
        details={"text": "我叫张三丰，电话13812341234", "wages_owed": 5000, "rule_trace": ["r1"]},
    )
    client = await client_for("alice")
    item = (await client.get(f"/api/staff/items/{matter.id}")).json()
    assert item["contact"] == {
        "name": "张**",
        "phone": "138****1234",
        "id_number": "110***********1234",
    }
    assert item["facts"]["text"] == "我叫张**，电话138****1234"  # the known name too (issue 18)
    assert item["facts"]["wages_owed"] == 5000 and item["rule_trace"] == ["r1"]
    assert "13812341234" not in str(item) and "张三丰" not in str(item)
    assert {"transitions", "actions"} <= set(item["allowed"])
    # No result reply yet: closing needs a reason the citizen is told; news goes by reply.
    assert item["allowed"]["transitions"] == ["closed"]
    assert item["allowed"]["close_reasons"] == ["unreachable", "duplicate", "withdrawn"]
    revealed = await client.post(f"/api/staff/items/{matter.id}/reveal", {"field": "phone"})
    assert revealed.json() == {"value": "13812341234"}
    async with services.db.reader() as session:
        rows = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    actions = [(r.action, r.target_id, r.detail) for r in rows if r.action != "login"]
    assert actions == [
        ("view_item", str(matter.id), {}),
        ("reveal", str(matter.id), {"field": "phone"}),
    ]


async def test_unknown_item_is_404(client_for: Any) -> None:
    client = await client_for("alice")
    for response in (
        await client.get("/api/staff/items/999999"),
        await client.post("/api/staff/items/999999/claim"),
        await client.post("/api/staff/items/999999/reply", {"text": "x"}),
        await client.post("/api/staff/items/999999/status", {"status": "closed"}),
    ):
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


async def test_script_in_a_complaint_comes_back_as_escaped_text(
    client_for: Any, services: Services
) -> None:
    matter = await make_matter(services, details={"text": "<script>alert(1)</script>"})
    response = await (await client_for("alice")).get(f"/api/staff/items/{matter.id}")
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["facts"]["text"] == "<script>alert(1)</script>"
    assert "<script>" in response.text  # a JSON string, never markup: the page uses textContent


async def test_attachments_download_as_typed_files_and_are_audited(
    client_for: Any, services: Services
) -> None:
    matter = await make_matter(services)
    async with services.db.transaction() as session:
        for ident, mime, name in (
            ("a1", "image/png", "照片.png"),
            ("a2", "application/pdf", "x.pdf"),
        ):
            session.add(
                Attachment(
                    id=ident,
                    conversation_id=matter.conversation_id,
                    matter_id=matter.id,
                    kind="photo",
                    mime=mime,
                    size=3,
                    sha256="0" * 64,
                    name=name,
                    content=b"abc",
                    created_at=services.clock.now(),
                )
            )
    client = await client_for("alice")
    item = (await client.get(f"/api/staff/items/{matter.id}")).json()
    assert [a["url"] for a in item["attachments"]] == [
        "/api/staff/attachments/a1",
        "/api/staff/attachments/a2",
    ]
    image = await client.get("/api/staff/attachments/a1")
    assert image.content == b"abc" and image.headers["content-type"] == "image/png"
    # Always a download, named by the detected type (issue 18; <img> still shows it).
    assert image.headers["content-disposition"].startswith("attachment")
    assert image.headers["content-disposition"].endswith("%E7%85%A7%E7%89%87.png")
    assert image.headers["x-content-type-options"] == "nosniff"
    pdf = await client.get("/api/staff/attachments/a2")
    assert pdf.headers["content-disposition"].startswith("attachment")
    assert pdf.headers["content-type"] == "application/pdf"
    assert (await client.get("/api/staff/attachments/zzz")).status_code == 404
    async with services.db.reader() as session:
        downloads = await session.scalar(
            select(func.count()).where(AuditEntry.action == "download_attachment")
        )
    assert downloads == 2


async def test_two_simultaneous_claims_leave_one_winner(
    client_for: Any, services: Services
) -> None:
    matter = await make_matter(services)
    alice, bob = await client_for("alice"), await client_for("bob")
    path = f"/api/staff/items/{matter.id}/claim"
    results = await asyncio.gather(alice.post(path), bob.post(path))
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 409]
    loser = next(r for r in results if r.status_code == 409)
    assert loser.json()["error"]["code"] == "already_claimed"
    winner = next(r for r in results if r.status_code == 200).json()["assignee"]["id"]
    assert (await fetch(services, matter.id)).assignee_id == winner
    async with services.db.reader() as session:
        claims = await session.scalar(select(func.count()).where(AuditEntry.action == "claim"))
    assert claims == 1


async def test_claim_release_assign(
    client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    matter = await make_matter(services)
    alice, bob, sam = await client_for("alice"), await client_for("bob"), await client_for("sam")
    assert (await alice.post(f"/api/staff/items/{matter.id}/claim")).status_code == 200
    assert (await alice.post(f"/api/staff/items/{matter.id}/claim")).status_code == 200  # again
    taken = await bob.post(f"/api/staff/items/{matter.id}/release")
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "already_claimed"
    replied = await bob.post(f"/api/staff/items/{matter.id}/reply", {"text": "hi"})
    assert replied.status_code == 409
    moved = await sam.post(f"/api/staff/items/{matter.id}/assign", {"staff_id": accounts["bob"]})
    assert moved.json()["assignee"]["id"] == accounts["bob"]
    assert (await bob.post(f"/api/staff/items/{matter.id}/release")).json()["assignee"] is None
    nobody = await sam.post(f"/api/staff/items/{matter.id}/assign", {"staff_id": 9999})
    assert nobody.status_code == 404


@pytest.mark.parametrize("channel", ["web", "telegram"])
async def test_procedural_reply_stops_the_first_clock_and_reaches_the_chat(
    client_for: Any, services: Services, channel: str
) -> None:
    matter = await make_matter(services, tracking_no="FD-1", channel=channel, chat_key="5150")
    client = await client_for("alice")
    await client.post(f"/api/staff/items/{matter.id}/claim")
    missing = await client.post(
        f"/api/staff/items/{matter.id}/reply", {"template": "procedural_more_material"}
    )
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "missing_values"
    sent = await client.post(
        f"/api/staff/items/{matter.id}/reply", {"template": "procedural_accepted"}
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "accepted" and sent.json()["next_due"] == "2027-02-23"
    after = await fetch(services, matter.id)
    assert after.procedural_replied_at == services.clock.now() == after.first_response_at
    async with services.db.reader() as session:
        message = await session.scalar(select(Message).where(Message.author == "staff"))
        outbox = await session.scalar(select(OutboxItem))
        event = await session.scalar(select(MatterEvent).where(MatterEvent.kind == "reply"))
    assert (
        message is not None
        and "FD-1" in message.body["text"]
        and "2027年2月23日" in message.body["text"]
    )
    if channel == "telegram":  # a sender delivers it
        assert outbox is not None and outbox.message_id == message.id
    else:  # the web page reads the transcript
        assert outbox is None
    assert event is not None and event.visible_to_citizen


async def test_result_then_close_then_no_more_replies(client_for: Any, services: Services) -> None:
    matter = await make_matter(services, status="accepted", next_due=date(2027, 2, 23))
    client = await client_for("alice")
    early = await client.post(f"/api/staff/items/{matter.id}/status", {"status": "closed"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "transition_not_allowed"
    assert "result reply" in early.json()["error"]["message"]
    assert (await fetch(services, matter.id)).status == "accepted"
    progress = await client.post(
        f"/api/staff/items/{matter.id}/reply", {"template": "progress", "values": {"text": "在查"}}
    )
    assert progress.json()["next_due"] == "2026-12-23"
    result = await client.post(
        f"/api/staff/items/{matter.id}/reply", {"template": "result", "text": "已追回工资"}
    )
    assert result.json()["status"] == "answered" and result.json()["next_due"] is None
    closed = await client.post(
        f"/api/staff/items/{matter.id}/status", {"status": "closed", "reason": "办结"}
    )
    assert closed.status_code == 200 and closed.json()["open"] is False
    again = await client.post(f"/api/staff/items/{matter.id}/reply", {"text": "还有一件事"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"
    async with services.db.reader() as session:
        survey = (await session.scalars(select(Message).order_by(Message.id.desc()))).first()
    assert survey is not None and [b["payload"] for b in survey.body["buttons"]] == [
        f"csat:{matter.id}:satisfied",
        f"csat:{matter.id}:basically",
        f"csat:{matter.id}:unsatisfied",
    ]


async def test_a_disallowed_transition_is_409_and_changes_nothing(
    client_for: Any, services: Services
) -> None:
    matter = await make_matter(services, status="transferred", next_due=None)
    client = await client_for("alice")
    before = await count(services, MatterEvent), await count(services, Message)
    for status in ("accepted", "nonsense"):
        refused = await client.post(f"/api/staff/items/{matter.id}/status", {"status": status})
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"]["code"] == "transition_not_allowed"
    assert (await fetch(services, matter.id)).status == "transferred"
    assert (await count(services, MatterEvent), await count(services, Message)) == before


async def test_reply_audit_and_outbox_commit_together_or_not_at_all(
    client_for: Any, services: Services
) -> None:
    matter = await make_matter(services, channel="telegram", chat_key="5150")  # has a sender
    client = await client_for("alice")
    before = [await count(services, m) for m in (MatterEvent, Message, OutboxItem, AuditEntry)]
    async with _failing_outbox(services):
        failed = await client.post(
            f"/api/staff/items/{matter.id}/reply", {"template": "procedural_accepted"}
        )
        assert failed.status_code in (500, 503)
    after = [await count(services, m) for m in (MatterEvent, Message, OutboxItem, AuditEntry)]
    assert after == before
    unchanged = await fetch(services, matter.id)
    assert unchanged.status == "received" and unchanged.procedural_replied_at is None
    ok = await client.post(
        f"/api/staff/items/{matter.id}/reply", {"template": "procedural_accepted"}
    )
    assert ok.status_code == 200
    grown = [await count(services, m) for m in (MatterEvent, Message, OutboxItem, AuditEntry)]
    assert [b - a for a, b in zip(before, grown, strict=True)] == [1, 1, 1, 1]


class _failing_outbox:
    """A real database trigger that refuses outbox rows while the block runs."""

    def __init__(self, services: Services) -> None:
        self.db = services.db

    async def __aenter__(self) -> None:
        async with self.db.transaction() as session:
            if self.db.is_sqlite:
                await session.execute(
                    text(
                        "CREATE TRIGGER outbox_broken BEFORE INSERT ON outbox "
                        "BEGIN SELECT RAISE(ABORT, 'outbox is broken'); END"
                    )
                )
            else:
                await session.execute(
                    text(
                        "CREATE OR REPLACE FUNCTION outbox_broken() RETURNS trigger AS $$ "
                        "BEGIN RAISE EXCEPTION 'outbox is broken'; END; $$ LANGUAGE plpgsql"
                    )
                )
                await session.execute(
                    text(
                        "CREATE TRIGGER outbox_broken BEFORE INSERT ON outbox "
                        "FOR EACH ROW EXECUTE FUNCTION outbox_broken()"
                    )
                )

    async def __aexit__(self, *exc: object) -> None:
        async with self.db.transaction() as session:
            on = "" if self.db.is_sqlite else " ON outbox"
            await session.execute(text(f"DROP TRIGGER outbox_broken{on}"))


async def test_notes_are_private_and_overrides_need_a_reason(
    client_for: Any, services: Services
) -> None:
    application = await make_matter(
        services, kind="application", outcome="not_civil", next_due=None
    )
    client = await client_for("alice")
    note = await client.post(f"/api/staff/items/{application.id}/notes", {"text": "已电话联系"})
    assert note.status_code == 201
    bare = await client.post(
        f"/api/staff/items/{application.id}/override", {"outcome": "support_apply", "reason": " "}
    )
    assert bare.status_code == 422 and bare.json()["error"]["code"] == "reason_required"
    done = await client.post(
        f"/api/staff/items/{application.id}/override",
        {"outcome": "support_apply", "reason": "实为劳务合同纠纷"},
    )
    assert done.json()["outcome"] == "support_apply"
    item = (await client.get(f"/api/staff/items/{application.id}")).json()
    kinds = {e["kind"]: e for e in item["events"]}
    assert kinds["note"]["private"] and kinds["note"]["data"]["text"] == "已电话联系"
    assert kinds["override"]["data"] == {
        "from": "not_civil",
        "to": "support_apply",
        "reason": "实为劳务合同纠纷",
    }
    complaint = await make_matter(services)
    wrong = await client.post(
        f"/api/staff/items/{complaint.id}/override", {"outcome": "support_apply", "reason": "x"}
    )
    assert wrong.status_code == 409


async def test_templates_fit_the_item_and_are_filled_from_it(
    client_for: Any, services: Services
) -> None:
    matter = await make_matter(services, tracking_no="FD-9")
    client = await client_for("alice")
    without = await client.get("/api/staff/templates")
    assert without.status_code == 422  # templates are always for an item
    listed = (await client.get("/api/staff/templates", params={"item": matter.id})).json()
    assert [t["key"] for t in listed["templates"]] == [
        "procedural_accepted",
        "procedural_more_material",
        "procedural_transferred",
        "procedural_not_ours",
        "ask_question",
    ]  # a complaint just received: no result or progress yet
    accepted = listed["templates"][0]
    assert "FD-9" in accepted["text"] and "2026年11月23日" in accepted["text"]
    assert accepted["blanks"] == [] and accepted["status_label"] == "已受理"
    material = listed["templates"][1]
    assert material["blanks"] == [{"name": "materials", "label": "需要补充的材料"}]
    assert "{materials}" in material["text"]  # the form asks for it before sending
