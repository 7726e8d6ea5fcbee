"""Filing a complaint by reading the bot's questions, not by a fixed script of buttons.

The driver answers whatever the last reply asks (``ask``), so the complaint flow's order can
change (consent first, plain categories) without these security tests going stale.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

TRACKING_NO = re.compile(r"[CA]\d{11}")
Send = Callable[[dict[str, Any]], Awaitable[list[dict[str, Any]]]]
MAX_TURNS = 40


@dataclass
class Complainant:
    """What a citizen tells the bot when it asks."""

    facts: str
    phone: str | None
    name: str = "王小明"
    request: str = "要回工资"
    _facts_sent: bool = field(default=False, repr=False)

    def answer(self, reply: dict[str, Any]) -> dict[str, Any]:
        """The message that answers ``reply`` (a dict in the reply shape)."""
        ask, payloads = reply.get("ask"), [b["payload"] for b in reply.get("buttons") or []]
        if ask == "facts":
            if self._facts_sent:
                return {"button": "done"}
            self._facts_sent = True
            return {"text": self.facts}
        typed = {"request": self.request, "name": self.name, "phone": self.phone}
        if text := typed.get(str(ask)):
            return {"text": text}
        wanted = {
            "anonymous": "named" if self.phone else "anonymous",
            "earlier_handled": "no",
            "confirm": "confirm",
            "route_elsewhere": "submit_anyway",
        }
        for choice in (wanted.get(str(ask)), "yes", "agree", "submit_anyway"):
            if choice in payloads:
                return {"button": choice}
        plain = [p for p in payloads if not p.startswith(("/", "go:", "call:", "edit:"))]
        return {"button": plain[0]} if plain else {"button": "go:complaint"}


async def file_complaint(send: Send, citizen: Complainant) -> tuple[str, list[dict[str, Any]]]:
    """Go to the complaint flow and answer until a tracking number comes back."""
    seen: list[dict[str, Any]] = []
    replies = await send({"button": "go:complaint"})
    for _ in range(MAX_TURNS):
        seen += replies
        number = next((r["tracking_no"] for r in replies if r.get("tracking_no")), None)
        if number:
            return str(number), seen
        asking = next((r for r in reversed(replies) if r.get("ask") or r.get("buttons")), None)
        replies = await send(citizen.answer(asking or {}))
    raise AssertionError(f"no tracking number after {MAX_TURNS} turns: {seen[-3:]}")


def tracking_numbers(text: str) -> set[str]:
    """Every tracking-number-shaped string in ``text``."""
    return set(TRACKING_NO.findall(text))
