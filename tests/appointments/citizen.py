"""A citizen talking to the real runtime (terminal channel): taps, words, the replies' asks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backend.container import Services
from backend.runtime import ChannelMessage
from dialogs.types import Inbound, Reply


@dataclass
class Citizen:
    """One conversation on the real runtime; ``said`` keeps the last turn's replies."""

    services: Services
    user: str
    channel: str = "terminal"
    said: list[Reply] = field(default_factory=list)

    async def send(self, text: str = "", tap: str | None = None) -> list[Reply]:
        """One message; returns (and keeps) the replies."""
        inbound = Inbound(text=text, button=tap)
        received = await self.services.runtime.receive(
            ChannelMessage(self.channel, self.user, inbound)
        )
        self.said = received.replies
        return self.said

    async def tap(self, payload: str) -> list[Reply]:
        """Tap a button."""
        return await self.send(tap=payload)

    @property
    def text(self) -> str:
        """The last turn's texts, joined."""
        return "\n".join(r.text for r in self.said)

    @property
    def ask(self) -> str | None:
        """What the last reply asks for."""
        return self.said[-1].ask if self.said else None

    def payloads(self, prefix: str = "") -> list[str]:
        """The last turn's button payloads (those starting with ``prefix``)."""
        return [b.payload for r in self.said for b in r.buttons if b.payload.startswith(prefix)]

    def tracking_no(self) -> str | None:
        """The tracking number a reply of the last turn confirms."""
        return next((r.tracking_no for r in self.said if r.tracking_no), None)


async def book(citizen: Citizen, kind: str, at: str, *, confirm: bool = True) -> Any:
    """Walk a booking of ``kind`` at ``at`` up to the summary (and confirm it)."""
    await citizen.send("你好")
    await citizen.tap("go:appointment")
    await citizen.tap(kind)
    assert f"day:{at[:10]}" in citizen.payloads("day:"), citizen.text
    await citizen.tap(f"day:{at[:10]}")
    assert f"slot:{at}" in citizen.payloads("slot:"), citizen.payloads()
    await citizen.tap(f"slot:{at}")
    if citizen.ask == "consent":
        await citizen.tap("yes")
    await citizen.send("王大力")
    await citizen.send("13800138000")
    await citizen.tap("skip")
    assert citizen.ask == "confirm", citizen.text
    if confirm:
        await citizen.tap("yes")
    return citizen.tracking_no()
