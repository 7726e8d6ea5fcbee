"""In-process wake-ups for listeners (web chat event streams, the outbox sender).

Only a hint: listeners always re-read the database, and poll on a short timeout so that
messages written by another worker arrive too.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict


class Notifier:
    """Wake whoever waits on a topic (a conversation id, or ``"outbox"``)."""

    def __init__(self) -> None:
        self._events: dict[str, set[asyncio.Event]] = defaultdict(set)

    def notify(self, topic: str) -> None:
        """Wake every waiter on ``topic``."""
        for waiter in self._events.get(topic, ()):
            waiter.set()

    async def wait(self, topic: str, timeout: float) -> bool:
        """Wait until ``topic`` is notified or ``timeout`` passes; True when notified."""
        waiter = asyncio.Event()
        self._events[topic].add(waiter)
        try:
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation.
            async with asyncio.timeout(timeout):
                await waiter.wait()
            return True
        except TimeoutError:
            return False
        finally:
            self._events[topic].discard(waiter)
            if not self._events[topic]:
                self._events.pop(topic, None)
