"""Pacing for outbox senders: their timers (real and virtual) and Telegram's flood limits.

Words: a *clock* tells the time (``backend.clock``); a sender's *timer* also waits and measures
monotonic seconds for pacing; *deadlines* are the statutory reply dates (``backend.deadlines``).

Pacing lives in the sending process: one message a second per chat (counted from the answer),
twenty a minute per group, and a global rate where sends in flight count as sent now.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol


class DeliveryTimer(Protocol):
    """The sender's timer: wall time for the database, monotonic time and waiting for pacing."""

    def now(self) -> datetime:
        """Aware wall time (compared with ``next_attempt_at``)."""
        ...

    def monotonic(self) -> float:
        """Seconds on a monotonic scale (pacing)."""
        ...

    async def sleep_until(self, moment: float) -> None:
        """Return once ``monotonic()`` has reached ``moment``."""
        ...

    async def idle(self, delay: float | None, wake: asyncio.Event, poll: float) -> None:
        """Wait ``delay`` seconds (None: until woken or ``poll`` seconds pass)."""
        ...


@dataclass
class RealTimer:
    """Real time; ``wall`` is the process clock (``services.clock``)."""

    wall: Any

    def now(self) -> datetime:
        """The process clock's now."""
        return self.wall.now()  # type: ignore[no-any-return]

    def monotonic(self) -> float:
        """time.monotonic()."""
        return time.monotonic()

    async def sleep_until(self, moment: float) -> None:
        """asyncio.sleep until ``moment``."""
        await asyncio.sleep(max(0.0, moment - time.monotonic()))

    async def idle(self, delay: float | None, wake: asyncio.Event, poll: float) -> None:
        """Wait for the delay, a wake-up or the poll interval, whichever comes first."""
        await _wait_event(wake, poll if delay is None else min(delay, poll))


@dataclass
class VirtualTimer:
    """A test timer: waiting a known delay jumps forward at once (no sleeping in tests)."""

    start: datetime
    offset: float = 0.0

    def now(self) -> datetime:
        """Start plus the virtual seconds passed."""
        return self.start + timedelta(seconds=self.offset)

    def monotonic(self) -> float:
        """Virtual seconds passed (a fake Bot API can use this as its clock)."""
        return self.offset

    async def sleep_until(self, moment: float) -> None:
        """Jump to ``moment`` if it is ahead, then let others run."""
        self.offset = max(self.offset, moment)
        await asyncio.sleep(0)

    async def idle(self, delay: float | None, wake: asyncio.Event, poll: float) -> None:
        """A known delay passes at once; an open-ended wait waits (really) for a wake-up."""
        if delay is not None:
            await self.sleep_until(self.offset + delay)
            return
        await _wait_event(wake, poll)


async def _wait_event(event: asyncio.Event, timeout: float) -> None:
    """Wait for ``event`` at most ``timeout`` seconds.

    ``asyncio.timeout`` rather than ``wait_for``: on Python 3.11 ``wait_for`` can swallow a
    cancellation that arrives as the event is set, and the worker would never stop.
    """
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(timeout):
            await event.wait()


@dataclass
class Limits:
    """Telegram's flood limits, with a little margin for network jitter."""

    per_chat_interval: float = 1.05
    group_per_window: int = 20
    group_window: float = 61.0
    global_per_second: float = 25.0


@dataclass
class Pacer:
    """When the next message to a chat may start, given the limits and any 429 pauses."""

    limits: Limits
    chat_next: dict[str, float] = field(default_factory=dict)
    group_sent: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    recent: deque[float] = field(default_factory=deque)  # sends finished in the last second
    in_flight: int = 0

    def ready_at(self, chat_key: str, is_group: bool, now: float) -> float:
        """The earliest start for this chat's next message (ignoring the global rate)."""
        ready = max(now, self.chat_next.get(chat_key, 0.0))
        sent = self.group_sent.get(chat_key) if is_group else None
        if sent and len(sent) >= self.limits.group_per_window:
            ready = max(ready, sent[-self.limits.group_per_window] + self.limits.group_window)
        return ready

    def reserve(self, chat_key: str, is_group: bool, now: float) -> float:
        """Book this chat's next start; the global rate is checked when it really starts."""
        start = self.ready_at(chat_key, is_group, now)
        self.chat_next[chat_key] = start + self.limits.per_chat_interval
        if is_group:
            self.group_sent[chat_key].append(start)
            while len(self.group_sent[chat_key]) > self.limits.group_per_window:
                self.group_sent[chat_key].popleft()
        return start

    def global_wait(self, now: float) -> float:
        """Seconds to wait before one more send may start; 0 books it.

        Sends in flight count as sent now, and finished ones from when they finished, so
        however late requests leave or arrive, no second sees more than the global rate.
        """
        while self.recent and self.recent[0] <= now - 1.0:
            self.recent.popleft()
        if len(self.recent) + self.in_flight >= self.limits.global_per_second:
            return self.recent[0] + 1.0 - now if self.recent else 0.01
        self.in_flight += 1
        return 0.0

    def finished(self, chat_key: str, now: float, *, booked: bool) -> None:
        """A send to this chat returned: its next one waits a full interval from now.

        Counting from the answer rather than the planned start keeps the spacing Telegram
        sees even when a request was late to leave (a busy loop) or slow to arrive.
        """
        if booked:
            self.in_flight -= 1
            self.recent.append(now)
        self.chat_next[chat_key] = max(
            self.chat_next.get(chat_key, 0.0), now + self.limits.per_chat_interval - 0.05
        )

    def pause(self, chat_key: str, until: float) -> None:
        """Flood control said wait: nothing goes to this chat before ``until``."""
        self.chat_next[chat_key] = max(self.chat_next.get(chat_key, 0.0), until)


@dataclass
class Stats:
    """Counters (for tests, the benchmark and logs)."""

    sent: int = 0
    retry_after: int = 0
    unavailable: int = 0
    blocked: int = 0
    rejected: int = 0
