"""Walking a complaint intake by what each reply asks (its ``ask``), not by position.

The intake's order may change (consent first, plain categories); the answers to each
question do not, so the loop tests answer whatever is asked until a tracking number comes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Answer = tuple[str, str]  # ("button", payload) or ("text", words)
Send = Callable[[Answer], Awaitable[list[dict[str, Any]]]]

FACTS = "老板拖欠我三个月工资，一共两万三千元，去工地找他，他说没钱。"
REQUEST = "请帮我要回工资"
NAME = "张三"
PHONE = "13812345678"

COMPLAINT: dict[str, Answer] = {
    "menu": ("button", "go:complaint"),
    "complaint_kind": ("button", "accusation"),
    "route.topic": ("button", "work"),
    "route.work": ("button", "wages"),
    "route_elsewhere": ("button", "submit_anyway"),
    "request": ("text", REQUEST),
    "earlier_handled": ("button", "no"),
    "consent": ("button", "yes"),
    "anonymous": ("button", "named"),
    "name": ("text", NAME),
    "phone": ("text", PHONE),
    "confirm": ("button", "confirm"),
}


async def file_complaint(
    send: Send,
    first: list[dict[str, Any]],
    answers: dict[str, Answer] | None = None,
    facts: str = FACTS,
    limit: int = 30,
) -> str:
    """Answer the intake until it confirms (``answers`` overrides ``COMPLAINT``); returns the
    tracking number."""
    given = {**COMPLAINT, **(answers or {})}
    replies, told_facts = first, False
    for _ in range(limit):
        numbered = [r for r in replies if r.get("tracking_no")]
        if numbered:
            return str(numbered[-1]["tracking_no"])
        ask = next((r.get("ask") for r in reversed(replies) if r.get("ask")), None)
        if ask == "facts":
            answer: Answer = ("button", "done") if told_facts else ("text", facts)
            told_facts = True
        elif ask in given:
            answer = given[ask]
        else:
            raise AssertionError(f"the intake asked {ask!r}, which this walk cannot answer")
        replies = await send(answer)
    raise AssertionError("the intake did not finish")


def tiny_png(width: int = 24, height: int = 16) -> bytes:
    """A real PNG (a pale rectangle), small enough to upload in a test."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xf0\xe0\xc0" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
