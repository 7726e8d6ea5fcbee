"""A public-interest lead with photos end to end over real HTTP, on SQLite and PostgreSQL.

A citizen reports a factory dumping sewage in the web chat (typed words open the flow), says
where and since when, uploads two photos, leaves a phone, and gets an ``L…`` number; the lead
waits in the 公益诉讼 team's queue (not in 控告申诉's), with its photos and no reply clock; a
supervisor sees every team and filters by one; marking it 已采纳 thanks the citizen in the
chat; moving it to 未检 with a reason is on the timeline and in the audit log.
"""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from backend.container import Services
from backend.db.models import StaffUser
from backend.services.accounts import set_team
from tests.casework.intake import tiny_png
from tests.staff.test_loop_http import Citizen, texts


async def _teams(services: Services, **members: str) -> None:
    async with services.db.transaction() as session:
        for username, team in members.items():
            await set_team(session, username=username, team=team, now=services.clock.now())


async def _queue(client: Any, **params: Any) -> list[dict[str, Any]]:
    response = await client.get("/api/staff/queue", params=params)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def _report(citizen: Citizen) -> str:
    await citizen.start()
    opened = await citizen.send(("text", "河边那个造纸厂天天偷排污水，河里的鱼都死了"))
    assert "不同于投诉" in texts(opened) and opened[-1]["ask"] == "lead_category"
    assert (await citizen.send(("button", "ecology")))[-1]["ask"] == "where"
    assert (await citizen.send(("text", "青山县河口镇东村桥下")))[-1]["ask"] == "since"
    assert (await citizen.send(("button", "longer")))[-1]["ask"] == "regulator"
    assert (await citizen.send(("button", "no_action")))[-1]["ask"] == "evidence"
    first = await citizen.upload("排污口.png", tiny_png(24, 16))
    assert "收到 1 个文件" in texts(first)
    second = await citizen.upload("死鱼.png", tiny_png(32, 20))
    assert "收到 2 个文件" in texts(second)
    assert (await citizen.send(("button", "done")))[-1]["ask"] == "contact"
    assert (await citizen.send(("button", "named")))[-1]["ask"] == "consent"
    assert (await citizen.send(("button", "yes")))[-1]["ask"] == "phone"
    summary = await citizen.send(("text", "13900139000"))
    assert "2 个" in texts(summary) and "青山县河口镇东村桥下" in texts(summary)
    received = await citizen.send(("button", "confirm"))
    tracking_no = str(received[-1]["tracking_no"])
    assert tracking_no.startswith("L") and tracking_no in texts(received)
    return tracking_no


async def test_a_lead_with_photos_reaches_the_public_interest_team(
    base_url: str, client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    await _teams(services, alice="public_interest", bob="reception")
    async with httpx.AsyncClient(base_url=base_url, timeout=20) as http:
        citizen = Citizen(http)
        tracking_no = await _report(citizen)
        alice, bob, sam = [await client_for(n) for n in ("alice", "bob", "sam")]

        # The 公益诉讼 caseworker sees it; the 控告申诉 one does not.
        (row,) = [r for r in await _queue(alice) if r["tracking_no"] == tracking_no]
        assert (row["kind"], row["team"], row["team_label"]) == (
            "lead",
            "public_interest",
            "公益诉讼",
        )
        assert row["kind_label"] == "公益诉讼线索" and row["next_due"] is None
        assert tracking_no not in {r["tracking_no"] for r in await _queue(bob)}
        # Asking for another team's queue does not widen a caseworker's view.
        assert tracking_no not in {
            r["tracking_no"] for r in await _queue(bob, team="public_interest")
        }
        # A supervisor sees every team, and one team with the filter.
        assert tracking_no in {r["tracking_no"] for r in await _queue(sam)}
        assert tracking_no in {r["tracking_no"] for r in await _queue(sam, team="public_interest")}
        assert tracking_no not in {r["tracking_no"] for r in await _queue(sam, team="civil")}

        # The case page reads as words, with both photos, downloadable.
        item = (await alice.get(f"/api/staff/items/{row['id']}")).json()
        facts = {f["label"]: f["value"] for f in item["view"]["fact_rows"]}
        assert facts["线索领域"] == "污染环境、破坏资源"
        assert facts["地点"] == "青山县河口镇东村桥下" and "民事诉讼法第58条" in facts["法律依据"]
        assert facts["向有关部门反映"] == "反映过，没人管"
        photos = item["attachments"]
        assert [a["kind"] for a in photos] == ["photo", "photo"]
        download = await alice.get(f"/api/staff/attachments/{photos[0]['id']}")
        assert download.status_code == 200 and download.content.startswith(b"\x89PNG")
        assert item["procedural_due"] is None and item["result_due"] is None

        # Taken up: the citizen is thanked in the chat.
        adopted = await alice.post(f"/api/staff/items/{row['id']}/status", {"status": "adopted"})
        assert adopted.status_code == 200, adopted.text
        said = [m["text"] for m in await citizen.transcript() if m["direction"] == "out"]
        assert any(tracking_no in t and "感谢" in t for t in said[-2:])

        # Handed over to 未检 with a reason: timeline, audit, and the queues follow.
        url = f"/api/staff/items/{row['id']}/team"
        missing = await alice.post(url, {"team": "minors", "reason": " "})
        assert missing.status_code == 422
        moved = await alice.post(url, {"team": "minors", "reason": "涉及学校周边，请未检部门核查"})
        assert moved.status_code == 200, moved.text
        assert moved.json()["team"] == "minors"
        assert tracking_no not in {r["tracking_no"] for r in await _queue(alice)}
        assert tracking_no in {r["tracking_no"] for r in await _queue(sam, team="minors")}
        timeline = (await sam.get(f"/api/staff/items/{row['id']}")).json()["view"]["timeline"]
        (entry,) = [e for e in timeline if e["kind"] == "team_transfer"]
        assert entry["text"] == "公益诉讼 → 未成年人检察：涉及学校周边，请未检部门核查"
        assert entry["private"] is True and entry["who"] == "Alice"
        audit = (await sam.get("/api/staff/audit", params={"action": "team_transfer"})).json()
        (logged,) = audit["entries"]
        assert logged["detail"] == {"previous": "public_interest", "team": "minors"}
        assert logged["target_id"] == str(row["id"])


async def test_teams_route_kinds_and_a_caseworker_in_no_team_sees_all(
    base_url: str, client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=20) as http:
        citizen = Citizen(http)
        tracking_no = await _report(citizen)
    alice = await client_for("alice")
    assert tracking_no in {r["tracking_no"] for r in await _queue(alice)}
    async with services.db.reader() as session:
        users = {u.username: u.team for u in await session.scalars(select(StaffUser))}
    assert users["alice"] is None
    me = (await alice.get("/api/staff/me")).json()
    assert me["user"]["team"] is None
    meta = (await alice.get("/api/staff/console/meta")).json()
    # An admin puts her in the civil team: the lead leaves her queue; no made-up teams.
    ada = await client_for("ada")
    url = f"/api/staff/users/{accounts['alice']}"
    assert (await ada.patch(url, {"team": "nowhere"})).status_code == 422
    changed = await ada.patch(url, {"team": "civil"})
    assert changed.status_code == 200 and changed.json()["team"] == "civil"
    assert tracking_no not in {r["tracking_no"] for r in await _queue(alice)}
    assert (await ada.patch(url, {"team": ""})).json()["team"] is None
    assert tracking_no in {r["tracking_no"] for r in await _queue(alice)}
    assert [t["code"] for t in meta["teams"]] == [
        "reception",
        "civil",
        "public_interest",
        "minors",
        "criminal",
    ]
