"""The whole loop between a citizen and a caseworker over the public APIs (real HTTP).

A migrant worker files a complaint in the web chat; a caseworker claims it, asks for the IOU
with the template; the worker answers with words and a photo, which reach the case (and the
queue says 群众已回复); the caseworker replies with the result, the worker reads it, the item
closes, and a week later the follow-up visit is due, reminded once, and recorded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from backend.container import Services
from backend.services.reminder_worker import run_reminders_once
from tests.casework.intake import NAME, PHONE, Answer, file_complaint, tiny_png


class Citizen:
    """The web chat page's calls, as a person's phone would make them."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http, self.session_id, self.token = http, "", ""

    async def start(self) -> list[dict[str, Any]]:
        opened = (await self.http.post("/api/webchat/sessions", json={})).json()
        self.session_id, self.token = opened["session_id"], opened["token"]
        return await self.send(("text", "你好"))

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def send(self, answer: Answer) -> list[dict[str, Any]]:
        kind, value = answer
        response = await self.http.post(
            f"/api/webchat/sessions/{self.session_id}/messages",
            json={kind: value},
            headers=self.auth,
        )
        assert response.status_code == 200, response.text
        return list(response.json()["replies"])

    async def upload(self, name: str, content: bytes) -> list[dict[str, Any]]:
        response = await self.http.post(
            f"/api/webchat/sessions/{self.session_id}/attachments",
            files={"file": (name, content, "image/png")},
            headers=self.auth,
        )
        assert response.status_code == 200, response.text
        return list(response.json()["replies"])

    async def transcript(self) -> list[dict[str, Any]]:
        url = f"/api/webchat/sessions/{self.session_id}/messages"
        return list((await self.http.get(url, headers=self.auth)).json()["messages"])


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(str(r.get("text") or "") for r in replies)


async def row_of(client: Any, tracking_no: str, **params: Any) -> dict[str, Any]:
    body = (await client.get("/api/staff/queue", params={"q": tracking_no, **params})).json()
    (row,) = [item for item in body["items"] if item["tracking_no"] == tracking_no]
    return dict(row)


async def test_the_loop_closes_over_the_public_apis(
    base_url: str, client_for: Any, services: Services, accounts: dict[str, int]
) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=20) as http:
        citizen = Citizen(http)
        tracking_no = await file_complaint(citizen.send, await citizen.start())
        clerk = await client_for("alice")

        # The queue row reads as words: masked name, summary, amount, days left.
        row = await row_of(clerk, tracking_no)
        assert row["name"] == "张*" and row["kind_label"] == "控告申诉"
        assert row["status_label"] == "已收到" and "拖欠" in row["summary"]
        assert "其他事项" not in row["summary"]  # the catch-all kind adds nothing to the topic
        assert row["amount"] == "23000" and row["due"]["label"] == "还剩 7 天"
        assert row["due"]["which"] == "程序性回复" and row["markers"] == []
        item_id = row["id"]
        assert (await clerk.post(f"/api/staff/items/{item_id}/claim")).status_code == 200

        # Asking for material: a blank must be filled before anything is sent.
        reply_url = f"/api/staff/items/{item_id}/reply"
        template = "procedural_more_material"
        missing = await clerk.post(reply_url, {"template": template})
        assert missing.status_code == 422 and missing.json()["error"]["code"] == "missing_values"
        literal = await clerk.post(reply_url, {"template": template, "text": "请补充{materials}"})
        assert literal.status_code == 422 and literal.json()["error"]["code"] == "unfilled_blank"
        asked = await clerk.post(
            reply_url, {"template": template, "values": {"materials": "欠条或工资结算单的照片"}}
        )
        assert asked.status_code == 200, asked.text
        assert asked.json()["status"] == "awaiting_material"
        staff_says = [m for m in await citizen.transcript() if m["author"] == "staff"]
        assert "欠条或工资结算单的照片" in staff_says[-1]["text"]
        assert "{" not in staff_says[-1]["text"]

        # The citizen answers in words and with a photo: both reach the case.
        words = await citizen.send(("text", "好的，欠条在老乡那里，明天拍照发过来"))
        assert f"已补充到您的事项 {tracking_no}" in texts(words)
        assert "不太确定" not in texts(words) and "没看懂" not in texts(words)
        photo = await citizen.upload("欠条.png", tiny_png())
        assert tracking_no in texts(photo) and "收到 1 个文件" in texts(photo)

        row = await row_of(clerk, tracking_no)
        assert [m["label"] for m in row["markers"]] == ["群众已回复"]
        replied = (await clerk.get("/api/staff/queue", params={"replied": "true"})).json()
        assert [i["tracking_no"] for i in replied["items"]] == [tracking_no]
        item = (await clerk.get(f"/api/staff/items/{item_id}")).json()
        timeline = item["view"]["timeline"]
        added = [e for e in timeline if e["label"] == "群众补充"]
        assert any("欠条在老乡那里" in e["text"] for e in added)
        assert any(f["kind"] == "photo" for e in added for f in e["files"])
        assert [a["kind"] for a in item["attachments"]] == ["photo"]

        # The result reply reaches the citizen; the marker clears; the item closes.
        result = await clerk.post(
            reply_url, {"template": "result", "values": {"text": "已督促用人单位支付全部工资。"}}
        )
        assert result.status_code == 200 and result.json()["status"] == "answered"
        assert (await row_of(clerk, tracking_no))["markers"] == []
        assert any("已督促用人单位" in m["text"] for m in await citizen.transcript())
        closed = await clerk.post(f"/api/staff/items/{item_id}/status", {"status": "closed"})
        assert closed.status_code == 200 and closed.json()["status_label"] == "已办结"
        survey = await citizen.transcript()
        assert survey[-1]["ask"] == "csat"
        assert f"您的事项（受理编号 {tracking_no}）已办结" in survey[-2]["text"]  # told, then asked

        # After closing, the citizen's words are no longer taken for the case.
        later = await citizen.send(("text", "老板拖欠工资怎么办"))
        assert "已补充到" not in texts(later)

        # The follow-up visit is due a week later: reminded once, then recorded.
        item = (await clerk.get(f"/api/staff/items/{item_id}")).json()
        assert item["view"]["followup"]["due_on"] == date(2026, 11, 30).isoformat()
        assert not item["view"]["followup"]["due_now"]
        assert (await clerk.get("/api/staff/queue", params={"followup": "true"})).json()[
            "items"
        ] == []
        services.clock.advance(days=7)  # type: ignore[attr-defined]
        await run_reminders_once(services)
        await run_reminders_once(services)  # a second pass fires nothing more
        clerk = await client_for("alice")  # a week later: a new day, a new sign-in
        listed = await clerk.get("/api/staff/notices")
        assert listed.status_code == 200, listed.text
        notices = listed.json()["notices"]
        followups = [n for n in notices if n["kind"] == "followup"]
        assert len(followups) == 1 and tracking_no in followups[0]["text"]
        due = (await clerk.get("/api/staff/queue", params={"followup": "true"})).json()
        assert [i["tracking_no"] for i in due["items"]] == [tracking_no]
        assert [m["label"] for m in due["items"][0]["markers"]] == ["待回访"]
        recorded = await clerk.post(
            f"/api/staff/items/{item_id}/followup",
            {"status": "done", "method": "phone", "result": "satisfied", "note": "工资已到账"},
        )
        assert recorded.status_code == 200, recorded.text
        again = await clerk.post(f"/api/staff/items/{item_id}/followup", {"status": "done"})
        assert again.status_code in (409, 422)
        boss = await client_for("sam")
        board = (await boss.get("/api/staff/dashboard")).json()
        assert board["followup"]["due"] == 1 and board["followup"]["percent"] == 100.0
        (complaints,) = [k for k in board["by_kind"] if k["kind"] == "complaint"]
        assert complaints["procedural_in_time"]["percent"] == 100.0
        assert complaints["closed"] == 1
        assert NAME not in str(board) and PHONE not in str(board)
