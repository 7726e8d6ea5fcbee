"""Retention (个人信息保护法 Art. 19, 47): personal data is kept only as long as its purpose.

Per kind, from settings: FAQ-only conversations ``retention_faq_days`` after they fall idle
(unanswered questions and feedback text too); closed complaints ``retention_closed_days`` and
closed applications ``retention_application_days`` after they close. The purge deletes
conversations, strips closed matters to anonymous rows, works in batches (each its own
transaction), and writes one audit entry with counts only. On PostgreSQL an advisory lock
keeps two workers from purging at once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.database import Database
from backend.db.models import AuditEntry, Conversation, FaqFeedback, FaqMiss, Matter
from backend.services import expiry
from backend.services.privacy import KEPT_KINDS, Erased, anonymise_matter, erase_conversation

log = logging.getLogger("frontdesk.retention")
BATCH = 200
_LOCK_KEY = 80_080_008  # pg advisory lock id for the purge


@dataclass
class PurgeReport:
    """What a purge removed (or would remove, on a dry run)."""

    conversations: int = 0
    messages: int = 0
    attachments: int = 0
    matters_anonymised: int = 0
    faq_misses: int = 0
    feedback_anonymised: int = 0
    dry_run: bool = False
    skipped: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Counts as JSON-ready data."""
        return asdict(self)


class _Rollback(Exception):
    """Raised to undo a dry run's transaction."""


async def purge(
    db: Database, settings: Any, now: datetime, *, dry_run: bool = False
) -> PurgeReport:
    """Apply every retention rule; a dry run counts everything in one transaction, rolled back."""
    report = PurgeReport(dry_run=dry_run)
    if dry_run:
        try:
            async with db.transaction() as session:
                await _batch(session, settings, now, report, None)
                raise _Rollback
        except _Rollback:
            return report
    more = True
    while more:
        async with db.transaction() as session:
            if not await _lock(session, db):
                report.skipped = True
                return report
            more = await _batch(session, settings, now, report, BATCH)
    await _audit(db, now, report)
    return report


async def _lock(session: AsyncSession, db: Database) -> bool:
    if db.is_sqlite:
        return True  # one writer at a time anyway
    got = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    return bool(got)


async def _batch(
    session: AsyncSession, settings: Any, now: datetime, report: PurgeReport, limit: int | None
) -> bool:
    """One batch of every rule; True when some rule filled its batch (there may be more)."""
    full = False
    for kind in KEPT_KINDS:
        days = settings.retention_application_days if kind == "application" else None
        cutoff = now - timedelta(days=days or settings.retention_closed_days)
        done = await _closed_matters(session, kind, cutoff, limit)
        report.matters_anonymised += done
        full = full or (limit is not None and done >= limit)
    faq_cutoff = now - timedelta(days=settings.retention_faq_days)
    done = await _idle_conversations(session, faq_cutoff, limit, report)
    full = full or (limit is not None and done >= limit)
    await _old_faq_signals(session, faq_cutoff, report)
    report.attachments += await expiry.sweep(session, settings, now)  # files never attached
    return full


async def _closed_matters(
    session: AsyncSession, kind: str, cutoff: datetime, limit: int | None
) -> int:
    still_personal = (
        Matter.conversation_id.is_not(None)
        | Matter.contact_name.is_not(None)
        | Matter.contact_phone.is_not(None)
        | Matter.id_number.is_not(None)
        | Matter.phone_hash.is_not(None)
    )
    query = (
        select(Matter)
        .where(Matter.kind == kind, Matter.open.is_(False), Matter.closed_at < cutoff)
        .where(still_personal)
        .order_by(Matter.id)
        .limit(limit)
    )
    matters = list(await session.scalars(query))
    for matter in matters:
        await anonymise_matter(session, matter)
    return len(matters)


async def _idle_conversations(
    session: AsyncSession, cutoff: datetime, limit: int | None, report: PurgeReport
) -> int:
    has_matter = exists().where(
        Matter.conversation_id == Conversation.id,
        Matter.open.is_(True) | Matter.kind.in_(KEPT_KINDS),
    )
    query = (
        select(Conversation.id)
        .where(Conversation.updated_at < cutoff, ~has_matter)
        .order_by(Conversation.id)
        .limit(limit)
    )
    rows = (await session.execute(query)).all()
    for (conversation_id,) in rows:
        erased = Erased()
        await erase_conversation(session, conversation_id, set(), [], erased)
        report.messages += erased.messages
        report.attachments += erased.attachments
        report.faq_misses += erased.faq_misses
        report.feedback_anonymised += erased.feedback_anonymised
        await session.execute(
            update(Matter)
            .where(Matter.conversation_id == conversation_id)
            .values(conversation_id=None)
        )
        await session.execute(delete(Conversation).where(Conversation.id == conversation_id))
    report.conversations += len(rows)
    return len(rows)


async def _old_faq_signals(session: AsyncSession, cutoff: datetime, report: PurgeReport) -> None:
    misses = await session.execute(delete(FaqMiss).where(FaqMiss.created_at < cutoff))
    report.faq_misses += int(getattr(misses, "rowcount", 0) or 0)
    votes = await session.execute(
        update(FaqFeedback)
        .where(FaqFeedback.created_at < cutoff, FaqFeedback.question.is_not(None))
        .values(question=None, conversation_id=None)
    )
    report.feedback_anonymised += int(getattr(votes, "rowcount", 0) or 0)


async def _audit(db: Database, now: datetime, report: PurgeReport) -> None:
    async with db.transaction() as session:
        session.add(
            AuditEntry(
                at=now,
                actor="system",
                action="retention.purge",
                target_kind="retention",
                detail=report.as_dict(),
            )
        )
    log.info("retention purge done", extra={"counts": report.as_dict()})


async def retention_worker(services: Services) -> None:
    """Purge now and then every ``retention_interval_minutes``; a failed run is retried later."""
    interval = services.settings.retention_interval_minutes * 60
    while True:
        try:
            await purge(services.db, services.settings, services.clock.now())
        except Exception:
            # The database may be briefly away; the next run catches up (nothing is lost).
            log.warning("retention purge failed; will retry", exc_info=True)
        await asyncio.sleep(interval)
