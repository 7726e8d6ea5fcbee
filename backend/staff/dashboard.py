"""The supervisors' dashboard: volumes, reply-clock performance, satisfaction, FAQ gaps.

Figures cover matters *received* in a date range (service-timezone days, both ends
included), except "overdue now", which is about today. A reply counts as in time when it was
sent on or before its due date (the due date already skips rest days and holidays), and a
matter counts once its due date has passed or it has been replied to, so matters still inside
their window do not drag the percentage down.

FAQ signals are grouped without decrypting (``faq_misses.question_key`` is a keyed hash of
the normalised question); one example per group is decrypted for the reader.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import FaqFeedback, FaqMiss, FollowUp, Matter
from backend.privacy_masks import mask_text

TOP_QUESTIONS = 20
POSITIVE = ("satisfied", "basically")


@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last`` (inclusive) in the service's timezone."""

    first: date
    last: date
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        """The first instant of the period."""
        return datetime.combine(self.first, time.min, self.zone)

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.last + timedelta(days=1), time.min, self.zone)

    def local_date(self, moment: datetime) -> date:
        """The service-timezone day of ``moment``."""
        return moment.astimezone(self.zone).date()


async def build_dashboard(
    session: AsyncSession,
    period: Period,
    *,
    today: date,
    calendar_warnings: list[str],
    entry_question: Callable[[str], str | None],
) -> dict[str, Any]:
    """Every dashboard figure for ``period``."""
    in_period = (Matter.received_at >= period.start, Matter.received_at < period.end)
    return {
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
        "volumes": await volumes(session, in_period),
        "procedural_in_time": await in_time_rate(session, period, today, procedural=True),
        "result_in_time": await in_time_rate(session, period, today, procedural=False),
        "overdue_now": await overdue_now(session, today),
        "satisfaction": await satisfaction(session, in_period),
        "median_first_response_hours": await median_first_response(session, in_period),
        "faq_misses": await faq_misses(session),
        "faq_feedback": await faq_unhelpful(session, entry_question),
        "calendar_warnings": calendar_warnings,
    }


async def volumes(session: AsyncSession, in_period: tuple[Any, ...]) -> dict[str, Any]:
    """Matters received, by kind, by channel, and by both."""
    rows = await session.execute(
        select(Matter.kind, Matter.channel, func.count())
        .where(*in_period)
        .group_by(Matter.kind, Matter.channel)
    )
    by_kind: dict[str, int] = {}
    by_channel: dict[str, int] = {}
    cells = []
    for kind, channel, count in rows:
        by_kind[kind] = by_kind.get(kind, 0) + count
        by_channel[channel] = by_channel.get(channel, 0) + count
        cells.append({"kind": kind, "channel": channel, "count": count})
    return {
        "total": sum(by_kind.values()),
        "by_kind": by_kind,
        "by_channel": by_channel,
        "cells": cells,
    }


async def in_time_rate(
    session: AsyncSession, period: Period, today: date, *, procedural: bool
) -> dict[str, Any]:
    """Share of replies sent by their due date, among matters whose clock has run out or stopped."""
    due_col = Matter.procedural_due if procedural else Matter.result_due
    replied_col = Matter.procedural_replied_at if procedural else Matter.result_replied_at
    rows = await session.execute(
        select(due_col, replied_col).where(
            Matter.received_at >= period.start,
            Matter.received_at < period.end,
            due_col.is_not(None),
        )
    )
    counted = in_time = 0
    for due, replied in rows:
        if due is None or (replied is None and due >= today):
            continue  # still inside its window
        counted += 1
        in_time += replied is not None and period.local_date(replied) <= due
    return {"counted": counted, "in_time": in_time, "percent": _percent(in_time, counted)}


async def overdue_now(session: AsyncSession, today: date) -> int:
    """Open matters whose nearest deadline has passed."""
    count = await session.scalar(
        select(func.count()).where(Matter.open.is_(True), Matter.next_due < today)
    )
    return int(count or 0)


async def satisfaction(session: AsyncSession, in_period: tuple[Any, ...]) -> dict[str, Any]:
    """满意 / 基本满意 / 不满意 counts (follow-up answers first) and the positive share."""
    # The follow-up visit's answer (the citizen in the chat, or staff after a call) where
    # there is one; otherwise the rating given when the matter closed.
    rating = func.coalesce(FollowUp.result, Matter.satisfaction)
    rows = await session.execute(
        select(rating, func.count())
        .select_from(Matter)
        .outerjoin(FollowUp, FollowUp.matter_id == Matter.id)
        .where(*in_period, rating.is_not(None))
        .group_by(rating)
    )
    counts = {str(value): int(count) for value, count in rows}
    answered = sum(counts.values())
    positive = sum(counts.get(v, 0) for v in POSITIVE)
    return {"answered": answered, "counts": counts, "percent": _percent(positive, answered)}


async def median_first_response(session: AsyncSession, in_period: tuple[Any, ...]) -> float | None:
    """Median hours from arrival to the first staff response (None when nobody responded yet)."""
    rows = await session.execute(
        select(Matter.received_at, Matter.first_response_at).where(
            *in_period, Matter.first_response_at.is_not(None)
        )
    )
    hours = [(first - received).total_seconds() / 3600 for received, first in rows if first]
    return round(statistics.median(hours), 2) if hours else None


async def faq_misses(session: AsyncSession, limit: int = TOP_QUESTIONS) -> list[dict[str, Any]]:
    """Questions the bot could not answer, grouped, most frequent first, one example each."""
    groups = (
        await session.execute(
            select(
                FaqMiss.question_key,
                func.count(),
                func.max(FaqMiss.id),
                func.max(FaqMiss.created_at),
            )
            .group_by(FaqMiss.question_key)
            .order_by(func.count().desc(), func.max(FaqMiss.id).desc())
            .limit(limit)
        )
    ).all()
    examples = await _by_id(session, FaqMiss, [g[2] for g in groups])
    return [
        {
            "question_key": key,
            "count": int(count),
            "example": mask_text(examples[last_id].question) if last_id in examples else "",
            "last_at": last_at.isoformat() if last_at else None,
        }
        for key, count, last_id, last_at in groups
    ]


async def faq_unhelpful(
    session: AsyncSession, entry_question: Callable[[str], str | None], limit: int = TOP_QUESTIONS
) -> list[dict[str, Any]]:
    """Answers marked 没帮助, by entry, most frequent first, with one question that led there."""
    groups = (
        await session.execute(
            select(FaqFeedback.entry_id, func.count(), func.max(FaqFeedback.id))
            .where(FaqFeedback.helpful.is_(False))
            .group_by(FaqFeedback.entry_id)
            .order_by(func.count().desc(), func.max(FaqFeedback.id).desc())
            .limit(limit)
        )
    ).all()
    examples = await _by_id(session, FaqFeedback, [g[2] for g in groups])
    return [
        {
            "entry_id": entry_id,
            "entry_question": entry_question(entry_id),
            "count": int(count),
            "example": mask_text(examples[last_id].question) if last_id in examples else "",
        }
        for entry_id, count, last_id in groups
    ]


async def _by_id(session: AsyncSession, model: Any, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = await session.scalars(select(model).where(model.id.in_(ids)))
    return {row.id: row for row in rows}


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
