"""``frontdesk chat --json --lang bo`` end to end on a real database: a complaint filed in
Tibetan gets its tracking number and lands in the queue tagged "需藏汉双语"; Tibetan written
while a citizen waits for a person tags the waiting item."""

from __future__ import annotations

import io
import json
import re

from sqlalchemy import select

from backend.container import Services
from backend.db.models import Matter
from bot.terminal import TerminalChat
from dialogs.types import Inbound

LINES = [
    {"text": "/start"},
    {"button": "go:complaint"},
    {"button": "yes"},
    {"button": "other"},
    {"text": "ང་ཚོའི་གྲོང་ཚོའི་ལས་བྱེད་པ་ཞིག་གིས་ངའི་ཞིང་ཁ་བཙན་འཕྲོག་བྱས།"},
    {"button": "done"},
    {"text": "ཁྲིམས་ལྟར་ཞིབ་བཤེར་བྱེད་རོགས།"},
    {"button": "no"},
    {"button": "named"},
    {"text": "བཀྲ་ཤིས་དོན་གྲུབ"},
    {"text": "13800138000"},
    {"button": "confirm"},
]


async def _matters(services: Services) -> list[Matter]:
    async with services.db.reader() as session:
        return list(await session.scalars(select(Matter).order_by(Matter.id)))


async def test_a_complaint_filed_with_lang_bo_gets_its_number_and_the_tag(
    services: Services,
) -> None:
    out = io.StringIO()
    chat = TerminalChat(services, "cli-bo", "bo", out=out)
    await chat.run_json(json.dumps(line, ensure_ascii=False) for line in LINES)
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert replies[0]["text"].startswith("བཀྲ་ཤིས་བདེ་ལེགས།")
    opened = next(r for r in replies if r.get("tracking_no"))
    number = opened["tracking_no"]
    assert re.fullmatch(r"C\d{11}", number)
    assert f"ལེན་འཛིན་ཨང་གྲངས། {number}" in opened["text"]
    [matter] = await _matters(services)
    assert (matter.kind, matter.tracking_no) == ("complaint", number)
    assert "needs_bo" in matter.flags.split(",")


async def test_tibetan_written_while_waiting_for_a_person_tags_the_waiting_item(
    services: Services,
) -> None:
    chat = TerminalChat(services, "cli-zh", "zh-Hans", out=io.StringIO())
    await chat.send(Inbound(text="/start"))
    await chat.send(Inbound(text="转人工"))
    [handoff] = await _matters(services)
    assert handoff.kind == "handoff" and "needs_bo" not in handoff.flags
    await chat.send(Inbound(text="ང་བོད་སྐད་ཁོ་ན་ཤེས།"))  # "I only speak Tibetan"
    await chat.send(Inbound(text="ང་ལ་རོགས་རམ་དགོས།"))  # a second Tibetan turn: no second tag
    [handoff] = await _matters(services)
    assert handoff.flags.split(",") == ["needs_bo"]


async def test_a_chinese_conversation_is_never_tagged(services: Services) -> None:
    chat = TerminalChat(services, "cli-zh2", "zh-Hans", out=io.StringIO())
    await chat.send(Inbound(text="/start"))
    await chat.send(Inbound(text="转人工"))
    await chat.send(Inbound(text="我叫王小明，我想问问工资的事"))
    [handoff] = await _matters(services)
    assert handoff.flags == ""
