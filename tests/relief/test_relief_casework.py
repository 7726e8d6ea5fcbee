"""A relief application on the real runtime and both databases, then in the staff console
over real HTTP: kind ``relief`` in the queue, the facts and the rule trace in Chinese words."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from backend.container import Services
from backend.db.models import Matter
from tests.appointments.citizen import Citizen

CODES = re.compile(
    r"\b(relief_apply|relief|harm|life_threatening|procuratorate|compensated|at_fault|stage)\b"
)


async def apply(citizen: Citizen) -> str | None:
    """Screen as a seriously hurt victim at the procuratorate and apply; the tracking number."""
    await citizen.send("你好")
    await citizen.send("我是受害人，生活困难，能申请司法救助吗")
    assert citizen.ask == "harm", citizen.text
    for tap in ("life_threatening", "none", "yes", "no", "procuratorate"):
        await citizen.tap(tap)
    assert "apply" in citizen.payloads(), citizen.text
    await citizen.tap("apply")
    if citizen.ask == "consent":
        await citizen.tap("yes")
    await citizen.send("李秀兰")
    await citizen.send("13800138000")
    assert citizen.ask == "confirm", citizen.text
    await citizen.tap("yes")
    return citizen.tracking_no()


async def test_a_relief_application_is_a_queue_item_with_facts_and_clocks(
    services: Services,
) -> None:
    citizen = Citizen(services, "victim-1")
    number = await apply(citizen)
    assert number is not None and number.startswith("J261123"), citizen.text
    assert "标为紧急" in citizen.text
    async with services.db.reader() as session:
        matter = await session.scalar(select(Matter).where(Matter.tracking_no == number))
    assert matter is not None
    assert (matter.kind, matter.status, matter.open, matter.urgent) == (
        "relief",
        "received",
        True,
        True,
    )
    assert matter.outcome == "relief_apply" and matter.category == "life_threatening"
    assert matter.contact_name == "李秀兰" and matter.contact_phone == "13800138000"
    assert matter.procedural_due is not None and matter.result_due is not None
    details = matter.details or {}
    assert details["facts"]["stage"] == "procuratorate"
    assert "treatment_need" in details["materials"]
    await citizen.send("查询进度")
    assert number in citizen.text and "司法救助申请" in citizen.text


async def test_staff_see_the_relief_item_in_words_over_http(
    services: Services, client_for: Any
) -> None:
    number = await apply(Citizen(services, "victim-2"))
    client = await client_for("alice")
    queue = (await client.get("/api/staff/queue")).json()
    (row,) = [i for i in queue["items"] if i.get("tracking_no") == number]
    assert row["kind"] == "relief" and row["kind_label"] == "司法救助"
    filtered = (await client.get("/api/staff/queue", params={"kind": "relief"})).json()
    assert [i["tracking_no"] for i in filtered["items"]] == [number]
    page = (await client.get(f"/api/staff/items/{row['id']}")).json()["view"]
    assert page["title"] == f"司法救助 {number}"
    facts = {r["label"]: r["value"] for r in page["fact_rows"]}
    assert facts == {
        "受到的损害": "伤得很重，有生命危险，没钱治",
        "赔偿情况": "一分钱也没赔",
        "生活是否困难": "是，生活很困难",
        "本人有无重大过错": "没有，我没有大过错",
        "案件所处阶段": "检察院",
        "预审结论": "可能符合司法救助条件",
    }
    trace = " ".join(line["text"] for line in page["trace"])
    assert "被害人重伤、致残或危及生命" in trace
    assert any("危及生命" in r for r in page["reasons"])
    words = " ".join(
        [*(r["value"] for r in page["fact_rows"]), *(r["value"] for r in page["summary_rows"])]
    )
    assert not CODES.search(words), words


async def test_staff_work_a_relief_item_and_the_citizen_hears_of_it(
    services: Services, client_for: Any
) -> None:
    citizen = Citizen(services, "victim-3")
    number = await apply(citizen)
    client = await client_for("alice")
    queue = (await client.get("/api/staff/queue", params={"kind": "relief"})).json()
    (row,) = queue["items"]
    item = f"/api/staff/items/{row['id']}"
    early = await client.post(f"{item}/status", {"status": "closed"})
    assert early.status_code == 409  # 件件有回复: not closed before the applicant heard back
    offered = (await client.get("/api/staff/templates", params={"item": row["id"]})).json()
    keys = {t["key"] for t in offered["templates"]}
    assert {"procedural_accepted", "procedural_more_material"} <= keys
    assert "declined" not in keys  # the support application's refusal is not relief's
    sent = await client.post(f"{item}/reply", {"template": "procedural_accepted"})
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "accepted"
    granted = await client.post(f"{item}/status", {"status": "granted"})
    assert granted.status_code == 200, granted.text
    assert granted.json()["status_label"] == "决定救助"
    await citizen.send("查询进度")
    assert number in citizen.text and "决定给予司法救助" in citizen.text
