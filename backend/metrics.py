"""Operational metrics for ``/metrics`` (Prometheus text format, prometheus-client).

Two kinds:

- **Counted in this process** as things happen: turns and their latency by channel, FAQ
  decisions (answer / clarify / none), reminders fired or skipped by this process's worker.
  With several ``serve`` workers each keeps its own counts (see docs/deploy.md).
- **Read from the database** when scraped, so every worker reports the same figures: open
  matters by kind and due status, outbox rows waiting per channel and the age of the oldest
  (the lag), reminders due and not yet fired.

No label carries a conversation, a person or any text: only channels, kinds and decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import case, func, select

from backend.db.database import Database
from backend.db.models import Matter, OutboxItem, Reminder
from dialogs.types import FaqSource

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# A turn takes about a millisecond of CPU; a slow disk or a busy PostgreSQL shows further up.
TURN_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
DUE_STATUSES = ("overdue", "due_soon", "on_time", "none")


@dataclass
class Metrics:
    """This process's metrics, in a registry of their own (one per ``Services``)."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.turns = Counter("frontdesk_turns", "Citizen turns handled", ["channel"], registry=r)
        self.turn_seconds = Histogram(
            "frontdesk_turn_seconds",
            "Time to handle a turn, from receipt to commit",
            ["channel"],
            buckets=TURN_BUCKETS,
            registry=r,
        )
        self.faq_decisions = Counter(
            "frontdesk_faq_decisions", "FAQ answer ladder decisions", ["decision"], registry=r
        )
        self.reminders_fired = Counter(
            "frontdesk_reminders_fired",
            "Reminders claimed by this process, by outcome",
            ["outcome"],
            registry=r,
        )
        self.queue_open = Gauge(
            "frontdesk_queue_open",
            "Open matters by kind and due status",
            ["kind", "due"],
            registry=r,
        )
        self.outbox_pending = Gauge(
            "frontdesk_outbox_pending", "Outbox rows not yet sent", ["channel"], registry=r
        )
        self.outbox_lag = Gauge(
            "frontdesk_outbox_lag_seconds",
            "Age of the oldest outbox row not yet sent",
            ["channel"],
            registry=r,
        )
        self.reminders_due = Gauge(
            "frontdesk_reminders_due", "Reminders whose time has come and not yet fired", registry=r
        )

    def observe_turn(self, channel: str, seconds: float) -> None:
        """Count one turn and its latency."""
        self.turns.labels(channel).inc()
        self.turn_seconds.labels(channel).observe(seconds)

    def observe_faq(self, decision: str) -> None:
        """Count one FAQ decision."""
        self.faq_decisions.labels(decision).inc()

    async def refresh(self, db: Database, now: datetime, today: Any, soon_until: Any) -> None:
        """Read the database-wide figures (queue, outbox, reminders) into the gauges."""
        async with db.reader() as session:
            queue = (await session.execute(_queue_query(today, soon_until))).all()
            outbox = (await session.execute(_OUTBOX)).all()
            due = await session.scalar(_reminders_due(now))
        self.queue_open.clear()
        for kind, status, count in queue:
            self.queue_open.labels(kind, status).set(count)
        self.outbox_pending.clear()
        self.outbox_lag.clear()
        for channel, count, oldest in outbox:
            self.outbox_pending.labels(channel).set(count)
            self.outbox_lag.labels(channel).set(max((now - oldest).total_seconds(), 0.0))
        self.reminders_due.set(due or 0)

    def exposition(self) -> bytes:
        """The registry in Prometheus text format."""
        return generate_latest(self.registry)


def _queue_query(today: Any, soon_until: Any) -> Any:
    status = case(
        (Matter.next_due.is_(None), "none"),
        (Matter.next_due < today, "overdue"),
        (Matter.next_due <= soon_until, "due_soon"),
        else_="on_time",
    ).label("due")
    return (
        select(Matter.kind, status, func.count())
        .where(Matter.open.is_(True))
        .group_by(Matter.kind, status)
    )


_OUTBOX = (
    select(OutboxItem.channel, func.count(), func.min(OutboxItem.created_at))
    .where(OutboxItem.status.in_(("pending", "sending")))
    .group_by(OutboxItem.channel)
)


def _reminders_due(now: datetime) -> Any:
    return (
        select(func.count())
        .select_from(Reminder)
        .where(Reminder.status == "pending", Reminder.fire_at <= now)
    )


@dataclass(frozen=True)
class CountedFaq:
    """The engine's view of the FAQ: the same answers, each decision counted."""

    faq: FaqSource
    metrics: Metrics

    def ask(self, question: str) -> Any:
        """Ask the knowledge base and count its decision."""
        answer = self.faq.ask(question)
        self.metrics.observe_faq(str(getattr(answer, "decision", "none")))
        return answer

    def entry(self, entry_id: str) -> Any:
        """One entry by id."""
        return self.faq.entry(entry_id)
