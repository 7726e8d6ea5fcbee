"""A public-interest lead on Telegram: a shared location is the place, a photo is evidence.

The real library (both, through the ``polling`` fixture) talks to the fake Bot API on loopback;
the runtime runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.container import Services
from backend.db.models import Attachment, Matter, Message
from tests.telegram.harness import CHAT, Citizen

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64


async def _rows(services: Services, model: Any) -> list[Any]:
    async with services.db.reader() as session:
        return list((await session.scalars(select(model))).all())


async def test_a_lead_with_a_shared_location_and_a_photo(
    polling: Citizen, services: Services
) -> None:
    await polling.say("/start")
    await polling.say("河边那个化工厂晚上偷排污水，河水都黑了")
    await polling.press("ecology")
    assert "在哪里" in polling.texts()[-1]
    await polling.handled(polling.api.inject_location(CHAT, 30.27415, 120.15515))
    assert any("30.27415, 120.15515" in t for t in polling.texts()[-2:])
    await polling.press("longer")
    await polling.press("no_action")
    await polling.handled(polling.api.inject_photo(CHAT, [(1280, 853, JPEG)]))
    assert "收到 1 个文件" in polling.texts()[-1]
    for payload in ("done", "anonymous", "confirm"):
        await polling.press(payload)
    [matter] = await _rows(services, Matter)
    assert (matter.kind, matter.team, matter.anonymous) == ("lead", "public_interest", True)
    assert matter.tracking_no is not None and matter.tracking_no.startswith("L")
    assert matter.details["location"] == {"lat": 30.27415, "lon": 120.15515}
    assert matter.procedural_due is None and matter.result_due is None  # no complaint clock
    [photo] = await _rows(services, Attachment)
    assert photo.matter_id == matter.id
    assert any(matter.tracking_no in t for t in polling.texts()[-2:])
    located = [m.body for m in await _rows(services, Message) if m.body.get("location")]
    assert located[0]["location"] == "30.27415, 120.15515"


async def test_a_location_outside_a_lead_offers_one(polling: Citizen) -> None:
    await polling.say("/start")
    await polling.handled(polling.api.inject_location(CHAT, 39.9, 116.4))
    assert "公益诉讼线索" in polling.texts()[-1]


def test_locations_venues_and_videos_are_read_and_nonsense_is_not() -> None:
    from bot.telegram.common import parse_message

    chat = {"id": CHAT, "type": "private"}
    place = parse_message({"chat": chat, "location": {"latitude": 30.5, "longitude": 114.3}})
    assert (place.kind, place.location) == ("location", (30.5, 114.3))
    venue = {"location": {"latitude": 1, "longitude": 2}, "title": "桥", "address": "河口镇"}
    assert parse_message({"chat": chat, "venue": venue}).location == (1.0, 2.0)
    for bad in ({"latitude": 91, "longitude": 0}, {"latitude": "x", "longitude": 0}, {}):
        assert parse_message({"chat": chat, "location": bad}).kind == "unsupported"
    video = {"file_id": "v1", "file_size": 10, "duration": 3, "width": 2, "height": 2}
    clip = parse_message({"chat": chat, "video": video, "caption": "排污口"})
    assert (clip.kind, clip.filename, clip.text) == ("video", "video.mp4", "排污口")
