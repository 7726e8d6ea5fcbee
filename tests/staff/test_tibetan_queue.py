"""藏汉双语接访 in the console, over real HTTP: a web chat in Tibetan reaches the queue tagged
"需藏汉双语", the queue filters and counts those items, and staff record the languages they
speak (which the queue and the assignee list show)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from backend.container import Services
from backend.db.models import AuditEntry


async def _web_chat(http: httpx.AsyncClient, *messages: dict[str, str]) -> list[dict[str, Any]]:
    created = (await http.post("/api/webchat/sessions", json={"lang": "zh-Hans"})).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    replies: list[dict[str, Any]] = []
    for body in messages:
        response = await http.post(
            f"/api/webchat/sessions/{created['session_id']}/messages", headers=auth, json=body
        )
        assert response.status_code == 200, response.text
        replies += response.json()["replies"]
    return replies


async def test_a_tibetan_web_chat_is_tagged_in_the_queue_and_can_be_filtered(
    http: httpx.AsyncClient, client_for: Any
) -> None:
    tibetan = await _web_chat(
        http,
        {"button": "/start"},
        {"text": "ང་བོད་སྐད་ཁོ་ན་ཤེས། ང་ལ་རོགས་རམ་དགོས།"},  # I only speak Tibetan; I need help
        {"button": "/person"},
    )
    switched = next(r for r in tibetan if "བོད་ཡིག་ཐོག་བྲིས་འདུག" in r["text"])
    assert switched["buttons"][0] == {
        "label": "བོད་སྐད་ཤེས་པའི་ལས་བྱེད་པ་དང་འབྲེལ་བ།",
        "payload": "/person",
    }
    assert "ལས་བྱེད་པ" in tibetan[-1]["text"]  # 转人工 answered in Tibetan (open or closed)
    await _web_chat(http, {"button": "/start"}, {"text": "转人工"})

    staff = await client_for("alice")
    everything = (await staff.get("/api/staff/queue")).json()
    assert len(everything["items"]) == 2
    tagged = [i for i in everything["items"] if any(m["code"] == "needs_bo" for m in i["markers"])]
    assert len(tagged) == 1
    assert {"code": "needs_bo", "label": "需藏汉双语"} in tagged[0]["markers"]
    assert everything["counts"]["needs_bo"] == 1
    only = (await staff.get("/api/staff/queue", params={"needs": "bo"})).json()
    assert [i["id"] for i in only["items"]] == [tagged[0]["id"]]
    assert (await staff.get("/api/staff/queue", params={"needs": "fr"})).status_code == 422
    meta = (await staff.get("/api/staff/console/meta")).json()
    assert {"code": "needs_bo", "label": "需藏汉双语"} in meta["chips"]
    case = (await staff.get(f"/api/staff/items/{tagged[0]['id']}")).json()
    assert "需藏汉双语" in str(case)


async def test_staff_record_the_languages_they_speak(services: Services, client_for: Any) -> None:
    alice = await client_for("alice")
    assert (await alice.get("/api/staff/me")).json()["user"]["languages"] == ["zh"]
    changed = await alice.patch("/api/staff/me/languages", {"languages": ["bo", "zh"]})
    assert changed.status_code == 200
    assert changed.json()["user"]["languages"] == ["zh", "bo"]
    assert (await alice.get("/api/staff/me")).json()["user"]["languages"] == ["zh", "bo"]
    refused = await alice.patch("/api/staff/me/languages", {"languages": []})
    assert refused.status_code == 422
    sam = await client_for("sam")  # a supervisor, who assigns items
    assignees = (await sam.get("/api/staff/assignees")).json()["users"]
    assert {u["display_name"]: u["languages"] for u in assignees}["Alice"] == ["zh", "bo"]

    ada = await client_for("ada")
    created = await ada.post(
        "/api/staff/users",
        {"username": "drolma", "password": "a-long-password-9", "languages": ["bo"]},
    )
    assert created.status_code == 201 and created.json()["languages"] == ["bo"]
    users = {u["username"]: u for u in (await ada.get("/api/staff/users")).json()["users"]}
    assert users["drolma"]["languages"] == ["bo"]
    edited = await ada.patch(f"/api/staff/users/{users['bob']['id']}", {"languages": ["zh", "en"]})
    assert edited.json()["languages"] == ["zh", "en"]
    async with services.db.reader() as session:
        fields = [
            e.detail.get("fields")
            for e in await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "user_updated")
            )
        ]
    assert fields == [["languages"], ["languages"]]
