"""The dashboard's breakdowns: in-time rates per kind and per caseworker, workload, the 8-week
trend, follow-up visits and live-chat response.

Same counting rules as ``backend.staff.dashboard``: a reply is in time when sent on or before
its due date, and a matter counts once its due date has passed or it has been replied to.
Figures are about matters received in the period, except workload (open now) and closures
(closed in the period).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import FollowUp, Matter, StaffUser
from backend.staff.dashboard import POSITIVE, Period, _percent

WEEKS = 8


@dataclass
class Tally:
    """Counts for one row of a breakdown (a kind, or a caseworker)."""

    received: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0
    procedural: list[int] = field(default_factory=lambda: [0, 0])  # counted, in time
    result: list[int] = field(default_factory=lambda: [0, 0])
    rated: list[int] = field(default_factory=lambda: [0, 0])  # answered, satisfied
    followups: list[int] = field(default_factory=lambda: [0, 0])  # due, done

    def view(self) -> dict[str, Any]:
        """JSON-ready, with percentages."""
        return {
            "received": self.received,
            "closed": self.closed,
            "open": self.open,
            "overdue": self.overdue,
            "procedural_in_time": _rate(self.procedural),
            "result_in_time": _rate(self.result),
            "satisfaction": _rate(self.rated),
            "followup": _rate(self.followups),
        }


def _rate(pair: list[int]) -> dict[str, Any]:
    return {"counted": pair[0], "in_time": pair[1], "percent": _percent(pair[1], pair[0])}


def _clock(
    pair: list[int], due: date | None, replied: datetime | None, period: Period, today: date
) -> None:
    if due is None or (replied is None and due >= today):
        return
    pair[0] += 1
    pair[1] += replied is not None and period.local_date(replied) <= due


_COLUMNS = (
    Matter.id,
    Matter.kind,
    Matter.assignee_id,
    Matter.procedural_due,
    Matter.procedural_replied_at,
    Matter.result_due,
    Matter.result_replied_at,
    Matter.satisfaction,
)


async def more_figures(
    session: AsyncSession, period: Period, today: date, now: datetime
) -> dict[str, Any]:
    """Everything this module adds to the dashboard."""
    return {
        **await breakdowns(session, period, today),
        "followup": await followup_rate(session, period, today),
        "handoff_in_time": await handoff_in_time(session, period, now),
        "trend": await weekly_trend(session, today, period),
    }


async def breakdowns(session: AsyncSession, period: Period, today: date) -> dict[str, Any]:
    """Per kind and per caseworker: received, in-time rates, satisfaction, open, closed."""
    kinds: dict[str, Tally] = defaultdict(Tally)
    people: dict[int | None, Tally] = defaultdict(Tally)
    in_period = (Matter.received_at >= period.start, Matter.received_at < period.end)
    for row in await session.execute(select(*_COLUMNS).where(*in_period)):
        for tally in (kinds[row.kind], people[row.assignee_id]):
            tally.received += 1
            _clock(tally.procedural, row.procedural_due, row.procedural_replied_at, period, today)
            _clock(tally.result, row.result_due, row.result_replied_at, period, today)
            if row.satisfaction:
                tally.rated[0] += 1
                tally.rated[1] += row.satisfaction in POSITIVE
    await _workload(session, period, today, kinds, people)
    await _followups(session, period, today, kinds, people)
    names = await _names(session, [p for p in people if p is not None])
    return {
        "by_kind": [{"kind": k, **t.view()} for k, t in sorted(kinds.items())],
        "by_staff": [
            {"staff_id": p, "display_name": names.get(p, "") if p else "", **t.view()}
            for p, t in sorted(people.items(), key=lambda item: names.get(item[0] or 0, ""))
        ],
    }


async def _workload(
    session: AsyncSession,
    period: Period,
    today: date,
    kinds: dict[str, Tally],
    people: dict[int | None, Tally],
) -> None:
    """Open now (and overdue now), and closed in the period, per kind and per caseworker."""
    overdue = func.sum(case((Matter.next_due < today, 1), else_=0))
    open_rows = await session.execute(
        select(Matter.kind, Matter.assignee_id, func.count(), overdue)
        .where(Matter.open.is_(True))
        .group_by(Matter.kind, Matter.assignee_id)
    )
    for kind, person, count, late in open_rows:
        for tally in (kinds[kind], people[person]):
            tally.open += int(count)
            tally.overdue += int(late or 0)
    closed_rows = await session.execute(
        select(Matter.kind, Matter.assignee_id, func.count())
        .where(Matter.closed_at >= period.start, Matter.closed_at < period.end)
        .group_by(Matter.kind, Matter.assignee_id)
    )
    for kind, person, count in closed_rows:
        kinds[kind].closed += int(count)
        people[person].closed += int(count)


async def _followups(
    session: AsyncSession,
    period: Period,
    today: date,
    kinds: dict[str, Tally],
    people: dict[int | None, Tally],
) -> None:
    rows = await session.execute(
        select(Matter.kind, Matter.assignee_id, FollowUp.status)
        .join(FollowUp, FollowUp.matter_id == Matter.id)
        .where(FollowUp.due_on >= period.first, FollowUp.due_on <= min(period.last, today))
    )
    for kind, person, status in rows:
        for tally in (kinds[kind], people[person]):
            tally.followups[0] += 1
            tally.followups[1] += status == "done"


async def followup_rate(session: AsyncSession, period: Period, today: date) -> dict[str, Any]:
    """Follow-up visits due in the period (up to today): how many were done, by outcome."""
    rows = await session.execute(
        select(FollowUp.status, FollowUp.result, func.count())
        .where(FollowUp.due_on >= period.first, FollowUp.due_on <= min(period.last, today))
        .group_by(FollowUp.status, FollowUp.result)
    )
    statuses: dict[str, int] = defaultdict(int)
    results: dict[str, int] = defaultdict(int)
    for status, result, count in rows:
        statuses[status] += int(count)
        if result:
            results[result] += int(count)
    due = sum(statuses.values())
    done = statuses.get("done", 0)
    return {
        "due": due,
        "done": done,
        "by_status": dict(statuses),
        "by_result": dict(results),
        "percent": _percent(done, due),
    }


async def handoff_in_time(session: AsyncSession, period: Period, now: datetime) -> dict[str, Any]:
    """Live-chat requests answered (joined) by their response target; one the citizen
    withdrew before the target is not counted, one withdrawn after it counts as late."""
    rows = await session.execute(
        select(Matter.respond_by, Matter.first_response_at, Matter.closed_at).where(
            Matter.kind == "handoff",
            Matter.received_at >= period.start,
            Matter.received_at < period.end,
            Matter.respond_by.is_not(None),
        )
    )
    counted = in_time = 0
    for target, answered, closed in rows:
        if target is None or (answered is None and min(closed or now, now) < target):
            continue
        counted += 1
        in_time += answered is not None and answered <= target
    return {"counted": counted, "in_time": in_time, "percent": _percent(in_time, counted)}


async def weekly_trend(session: AsyncSession, today: date, period: Period) -> list[dict[str, Any]]:
    """The last eight weeks (Monday to Sunday, service time): received and closed per week."""
    monday = today - timedelta(days=today.weekday())
    weeks = [monday - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    start = datetime.combine(weeks[0], time.min, period.zone)
    received = await _moments(session, Matter.received_at, start)
    closed = await _moments(session, Matter.closed_at, start)
    return [
        {
            "week": first.isoformat(),
            "received": _in_week(received, first, period),
            "closed": _in_week(closed, first, period),
        }
        for first in weeks
    ]


async def _moments(session: AsyncSession, column: Any, start: datetime) -> list[datetime]:
    return [m for m in await session.scalars(select(column).where(column >= start)) if m]


def _in_week(moments: Iterable[datetime], first: date, period: Period) -> int:
    last = first + timedelta(days=7)
    return sum(1 for m in moments if first <= period.local_date(m) < last)


async def _names(session: AsyncSession, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await session.execute(
        select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(ids))
    )
    return {int(i): str(n) for i, n in rows}


STAT_COLUMNS = ("received", "closed", "open", "overdue")
STAT_RATES = (
    ("procedural_in_time", "col_procedural"),
    ("result_in_time", "col_result"),
    ("followup", "col_followup"),
    ("satisfaction", "col_satisfaction"),
)


def stats_rows(figures: dict[str, Any], labels: Any) -> list[list[str]]:
    """The breakdowns as CSV rows with Chinese headings (统计表): per kind, then per caseworker."""
    head = [labels.text(f"dashboard.col_{c}") for c in STAT_COLUMNS]
    head += [labels.text(f"dashboard.{key}") for _, key in STAT_RATES]
    rows = [[labels.text("dashboard.col_kind"), *head]]
    rows += [[labels.kind(r["kind"]), *_stat_cells(r)] for r in figures["by_kind"]]
    rows += [[], [labels.text("dashboard.col_staff"), *head]]
    unassigned = labels.text("dashboard.unassigned")
    rows += [[r["display_name"] or unassigned, *_stat_cells(r)] for r in figures["by_staff"]]
    return rows


def _stat_cells(row: dict[str, Any]) -> list[str]:
    cells = [str(row[c]) for c in STAT_COLUMNS]
    for key, _ in STAT_RATES:
        percent = row[key]["percent"]
        cells.append("" if percent is None else f"{percent}%")
    return cells
