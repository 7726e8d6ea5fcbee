"""Draining the outbox to a channel: claim, pace, send, record, retry (channel-neutral).

A channel supplies one ``Send`` function (Telegram's is ``bot/telegram/sender.py``) that raises
one of these when a message could not be delivered::

    DeliveryError
    ├── RetryAfter(seconds)   the channel said "too many requests": pause that chat exactly so long
    ├── Unavailable           timeout, connection refused, 5xx: retry with bounded back-off
    ├── Blocked               the citizen blocked the bot: stop, mark the conversation for staff
    └── Rejected              the channel refused this message for good (400): mark it failed

Order: only the oldest unsent row of a chat (its *head*) is ever claimed, so message n+1 of a
chat never leaves before message n. Claims mark rows ``sending`` with a lease (crash-safe) and
use ``FOR UPDATE SKIP LOCKED`` on PostgreSQL. Pacing (one message a second per chat, twenty a
minute per group, a global rate) and 429 pauses are kept in this process: with several workers,
give each a share of the global rate.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import aliased

from backend.container import Services
from backend.db.models import Conversation, Message, OutboxItem
from backend.pacing import DeliveryTimer, Limits, Pacer, RealTimer, Stats, VirtualTimer

__all__ = [
    "Blocked",
    "DeliveryError",
    "DeliveryTimer",
    "Limits",
    "OutboxWorker",
    "Outgoing",
    "Rejected",
    "RetryAfter",
    "Unavailable",
    "VirtualTimer",
]

log = logging.getLogger("frontdesk.delivery")

CLAIMABLE = ("pending", "sending")  # "sending" only once its lease has run out
MAX_BACKOFF = 60.0


class DeliveryError(Exception):
    """A message could not be delivered; the subclass says what to do next."""


class RetryAfter(DeliveryError):
    """Flood control: wait exactly ``seconds`` before sending to this chat again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}")
        self.seconds = seconds


class Unavailable(DeliveryError):
    """The channel could not be reached or failed on its side; retry later."""


class Blocked(DeliveryError):
    """The recipient blocked us; retrying cannot help."""


class Rejected(DeliveryError):
    """The channel refused this message itself; retrying cannot help."""


@dataclass(frozen=True)
class Outgoing:
    """One claimed outbox row with the message body to deliver."""

    id: int
    message_id: int
    conversation_id: str
    chat_key: str
    body: dict[str, Any]
    attempts: int

    @property
    def is_group(self) -> bool:
        """Telegram group and channel ids are negative."""
        return self.chat_key.startswith("-")


Send = Callable[[Outgoing], Awaitable[None]]


class OutboxWorker:
    """Drains one channel's outbox rows through ``send``, in order per chat, within limits."""

    def __init__(
        self,
        services: Services,
        channel: str,
        send: Send,
        *,
        timer: DeliveryTimer | None = None,
        limits: Limits | None = None,
        max_in_flight: int = 32,
        lease: float = 60.0,
        poll: float = 1.0,
    ) -> None:
        self.db, self.notifier, self.channel, self.send = (
            services.db,
            services.notifier,
            channel,
            send,
        )
        self.timer: DeliveryTimer = timer or RealTimer(services.clock)
        self.pacer = Pacer(limits or Limits())
        self.stats = Stats()
        self.changed = asyncio.Event()  # pulses after each outcome (tests wait on it)
        self._wake = asyncio.Event()
        self._in_flight: dict[str, asyncio.Task[None]] = {}
        self.max_in_flight, self.lease, self.poll = max_in_flight, lease, poll

    async def run(self) -> None:
        """Deliver until cancelled; in-flight sends are cancelled with it (their lease expires)."""
        listener = asyncio.create_task(self._listen())
        try:
            while True:
                await self.run_once()
        finally:
            await _cancel_all([listener, *self._in_flight.values()])

    async def run_once(self) -> int:
        """One round: claim the chats that may send now, start their sends, or wait."""
        now = self.timer.monotonic()
        heads = await self._heads()
        free = self.max_in_flight - len(self._in_flight)
        ready = [
            h for h in heads if h[1] not in self._in_flight and self._ready(h[1], now) <= now + 1.0
        ][: max(free, 0)]
        claimed = await self._claim([row_id for row_id, _ in ready]) if ready else []
        for item in claimed:
            start = self.pacer.reserve(item.chat_key, item.is_group, now)
            self._in_flight[item.chat_key] = asyncio.create_task(self._deliver(item, start))
        if not claimed:
            # All send slots busy: only a finishing send (which wakes us) can change anything.
            delay = None if free <= 0 else await self._next_delay(heads, now)
            await self.timer.idle(delay, self._wake, self.poll)
            self._wake.clear()
        return len(claimed)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``condition()`` holds after some delivery outcome (tests, benchmarks)."""
        async with asyncio.timeout(timeout):
            while True:
                self.changed.clear()
                if condition():
                    return
                await self.changed.wait()

    def _ready(self, chat_key: str, now: float) -> float:
        return self.pacer.ready_at(chat_key, chat_key.startswith("-"), now)

    async def _listen(self) -> None:
        while True:
            if await self.notifier.wait("outbox", 30.0):
                self._wake.set()

    async def _heads(self) -> list[tuple[int, str]]:
        """Due rows that are the oldest unsent row of their chat, oldest first."""
        earlier = aliased(OutboxItem)
        blocker = exists().where(
            and_(
                earlier.channel == OutboxItem.channel,
                earlier.chat_key == OutboxItem.chat_key,
                earlier.id < OutboxItem.id,
                earlier.status.in_(CLAIMABLE),
            )
        )
        query = (
            select(OutboxItem.id, OutboxItem.chat_key)
            .where(OutboxItem.channel == self.channel, OutboxItem.status.in_(CLAIMABLE))
            .where(OutboxItem.next_attempt_at <= self.timer.now(), ~blocker)
            .order_by(OutboxItem.id)
            .limit(200)
        )
        async with self.db.reader() as session:
            return [(int(i), str(c)) for i, c in (await session.execute(query)).all()]

    async def _claim(self, ids: list[int]) -> list[Outgoing]:
        now = self.timer.now()
        query = (
            select(OutboxItem, Message.body)
            .join(Message, Message.id == OutboxItem.message_id)
            .where(OutboxItem.id.in_(ids), OutboxItem.status.in_(CLAIMABLE))
            .where(OutboxItem.next_attempt_at <= now)
            .order_by(OutboxItem.id)
        )
        if not self.db.is_sqlite:
            query = query.with_for_update(skip_locked=True, of=OutboxItem)
        async with self.db.transaction() as session:
            rows = (await session.execute(query)).all()
            for item, _ in rows:
                item.status, item.attempts = "sending", item.attempts + 1
                item.next_attempt_at = now + timedelta(seconds=self.lease)
        return [
            Outgoing(i.id, i.message_id, i.conversation_id, i.chat_key, b or {}, i.attempts)
            for i, b in rows
        ]

    async def _next_delay(self, heads: list[tuple[int, str]], now: float) -> float | None:
        """Seconds until something may be sendable (None: nothing known, wait for news)."""
        waits = [self._ready(chat, now) - now for _, chat in heads if chat not in self._in_flight]
        async with self.db.reader() as session:
            due = await session.scalar(
                select(func.min(OutboxItem.next_attempt_at)).where(
                    OutboxItem.channel == self.channel,
                    OutboxItem.status == "pending",
                    OutboxItem.next_attempt_at > self.timer.now(),
                )
            )
        if due is not None:
            waits.append((due - self.timer.now()).total_seconds())
        return max(min(waits), 0.005) if waits else None

    async def _deliver(self, item: Outgoing, start: float) -> None:
        booked = False
        try:
            await self.timer.sleep_until(start)
            while (wait := self.pacer.global_wait(self.timer.monotonic())) > 0:
                await self.timer.sleep_until(self.timer.monotonic() + wait)
            booked = True
            try:
                await self.send(item)
            except DeliveryError as error:
                await self._failed(item, error)
            except Exception:
                log.exception("send crashed", extra={"outbox_id": item.id})
                await self._failed(item, Unavailable("crash"))
            else:
                await self._record(item, status="sent", sent_at=self.timer.now())
                self.stats.sent += 1
        finally:
            self.pacer.finished(item.chat_key, self.timer.monotonic(), booked=booked)
            self._in_flight.pop(item.chat_key, None)
            self._wake.set()
            self.changed.set()

    async def _failed(self, item: Outgoing, error: DeliveryError) -> None:
        if isinstance(error, RetryAfter):
            self.stats.retry_after += 1
            self.pacer.pause(item.chat_key, self.timer.monotonic() + error.seconds)
            await self._retry(item, error.seconds, "429")
        elif isinstance(error, Blocked):
            self.stats.blocked += 1
            await self._blocked(item)
        elif isinstance(error, Rejected):
            self.stats.rejected += 1
            await self._record(item, status="failed", last_error=f"rejected: {error}"[:200])
        else:
            self.stats.unavailable += 1
            delay = min(2.0 ** (item.attempts - 1), MAX_BACKOFF)
            self.pacer.pause(item.chat_key, self.timer.monotonic() + delay)
            await self._retry(item, delay, f"unavailable: {error}"[:200])

    async def _retry(self, item: Outgoing, delay: float, reason: str) -> None:
        when = self.timer.now() + timedelta(seconds=delay)
        await self._record(item, status="pending", next_attempt_at=when, last_error=reason)
        log.info("delivery deferred", extra={"outbox_id": item.id, "delay": delay})

    async def _record(self, item: Outgoing, **values: Any) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(OutboxItem).where(OutboxItem.id == item.id).values(**values)
            )

    async def _blocked(self, item: Outgoing) -> None:
        """Stop sending to this chat; staff see ``delivery_blocked`` on the conversation."""
        async with self.db.transaction() as session:
            await session.execute(
                update(OutboxItem)
                .where(OutboxItem.channel == self.channel, OutboxItem.chat_key == item.chat_key)
                .where(OutboxItem.status == "pending")
                .values(status="blocked", last_error="403")
            )
            await session.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item.id)
                .values(status="blocked", last_error="403")
            )
            await session.execute(
                update(Conversation)
                .where(Conversation.id == item.conversation_id)
                .values(delivery_blocked=True)
            )
        log.warning("recipient blocked the bot", extra={"conversation": item.conversation_id})


async def _cancel_all(tasks: list[asyncio.Task[None]]) -> None:
    """Cancel tasks and wait for them, repeating the cancel if one was swallowed."""
    pending = {t for t in tasks if not t.done()}
    while pending:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=0.5)
