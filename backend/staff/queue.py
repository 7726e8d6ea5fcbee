"""The queue: one list of complaints, applications and waiting conversations, worked by urgency.

Order: citizens waiting for a person first (the ``pinned`` status of their kind, oldest
first), then open before closed, urgent first, then the nearest ``next_due`` (none last),
then arrival. ``queue_page`` walks that order as a sequence of index range scans on
``ix_matters_queue`` (open, urgent, next_due, received_at): each segment has equal ``open``
and ``urgent`` and either a due date or none, and is read in the index's own order, so a
page costs the same on a million rows as on ten (no sort, no mixed-direction ORDER BY). The
pinned segment is small by nature (people waiting right now).

Search (``q``) finds a tracking number by its start, an item id, or, through the blind index
(``backend.services.search_terms``), a name, the last four digits of a phone or words of the
story, without decrypting anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, Protocol

from sqlalchemy import ColumnElement, and_, case, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import FollowUp, Matter, StaffUser
from backend.services.bilingual import NEEDS_TIBETAN
from backend.services.search_terms import matches
from backend.staff.kinds import pinned_statuses

PER_PAGE = 25
DueStatus = Literal["on_time", "due_soon", "overdue", "none"]


class WorkingDays(Protocol):
    """The part of ``backend.deadlines.calendar.WorkCalendar`` the queue needs."""

    def is_working_day(self, d: date) -> bool:
        """True when people work on ``d``."""
        ...


@dataclass(frozen=True)
class QueueFilter:
    """What the console asks for; ``me`` resolves ``assignee="me"``."""

    me: int
    kind: str | None = None
    team: str | None = None  # one team's queue (a caseworker's own, or a supervisor's filter)
    status: tuple[str, ...] | str | None = None
    assignee: str | None = None  # "me" | "none" | a staff id
    urgent: bool | None = None
    due: Literal["overdue", "due_soon"] | None = None
    state: Literal["open", "closed", "all"] = "open"
    q: str | None = None
    replied: bool = False  # 群众已回复 since the last staff reply
    followup: bool = False  # closed, with a follow-up visit due by today
    needs: Literal["bo"] | None = None  # 需藏汉双语: a person who speaks Tibetan is needed
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class DueWindow:
    """Today in the service's timezone and the last date that still counts as "due soon"."""

    today: date
    soon_until: date

    def status(self, due: date | None) -> DueStatus:
        """The at-a-glance due status of a date."""
        if due is None:
            return "none"
        if due < self.today:
            return "overdue"
        return "due_soon" if due <= self.soon_until else "on_time"


def due_window(today: date, soon_days: int, calendar: WorkingDays | None) -> DueWindow:
    """Due soon = at most ``soon_days`` working days left (calendar days without a calendar)."""
    day, left = today, 0
    while True:
        following = day + timedelta(days=1)
        working = calendar.is_working_day(following) if calendar is not None else True
        if working and left + 1 > soon_days:
            return DueWindow(today, day)
        day, left = following, left + working


def _conditions(f: QueueFilter, window: DueWindow) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if f.kind:
        found.append(Matter.kind == f.kind)
    if f.team:
        found.append(Matter.team == f.team)
    if f.status:
        statuses = (f.status,) if isinstance(f.status, str) else f.status
        found.append(Matter.status.in_(statuses))
    if f.assignee == "me":
        found.append(Matter.assignee_id == f.me)
    elif f.assignee == "none":
        found.append(Matter.assignee_id.is_(None))
    elif f.assignee:
        found.append(Matter.assignee_id == int(f.assignee))
    if f.urgent is not None:
        found.append(Matter.urgent.is_(f.urgent))
    if f.due == "overdue":
        found.append(Matter.next_due < window.today)
    elif f.due == "due_soon":
        found.append(Matter.next_due.between(window.today, window.soon_until))
    if f.replied:
        found.append(Matter.citizen_replied_at.is_not(None))
    if f.followup:
        due = select(FollowUp.matter_id).where(
            FollowUp.status == "pending", FollowUp.due_on <= window.today
        )
        found.append(Matter.id.in_(due))
    if f.needs == "bo":
        found.append(needs_tibetan())
    if f.q and f.q.strip():
        found.append(_search(f.q.strip()))
    return found


def needs_tibetan() -> ColumnElement[bool]:
    """Matters tagged 需藏汉双语 (``backend.services.bilingual``)."""
    return Matter.flags.like(f"%{NEEDS_TIBETAN}%")


def _search(q: str) -> ColumnElement[bool]:
    """A tracking number (or its start), an item id, or words, a name or a phone's tail."""
    escaped = q.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    found: list[ColumnElement[bool]] = [Matter.tracking_no.like(f"{escaped}%", escape="\\")]
    if q.isdigit() and len(q) < 12:
        found.append(Matter.id == int(q))
    blind = matches(q)
    if blind is not None:
        found.append(blind)
    return or_(*found)


def pinned_condition() -> ColumnElement[bool]:
    """Items whose kind pins them to the top (a citizen waiting for a person, now)."""
    pins = [and_(Matter.kind == k, Matter.status == s) for k, s in pinned_statuses().items()]
    return and_(Matter.open.is_(True), or_(*pins)) if pins else Matter.id.is_(None)


TOTAL_CAP = 10_000


def _segments(f: QueueFilter) -> list[tuple[bool, bool, bool]]:
    """(open, urgent, has a due date) in queue order, limited by the filter."""
    opens = {"open": (True,), "closed": (False,), "all": (True, False)}[f.state]
    urgents = (True, False) if f.urgent is None else (f.urgent,)
    return [(o, u, d) for o in opens for u in urgents for d in (True, False)]


async def queue_page(
    session: AsyncSession, f: QueueFilter, window: DueWindow
) -> tuple[list[Matter], int]:
    """One page of matters in queue order, and how many match in all, counted up to
    ``TOTAL_CAP + 1`` (a total above the cap is shown as "10000+": counting a quarter of a
    million open matters exactly took 35 ms a page for a figure nobody reads exactly)."""
    conditions = _conditions(f, window)
    skip, need, rows = (max(f.page, 1) - 1) * f.per_page, f.per_page, []
    pinned = pinned_condition()
    if f.state != "closed":
        waiting = select(Matter).where(pinned, *conditions)
        found = list(
            await session.scalars(
                waiting.order_by(Matter.received_at, Matter.id).offset(skip).limit(need)
            )
        )
        rows += found
        need -= len(found)
        skip = 0 if found else max(0, skip - await _count(session, waiting))
    for is_open, urgent, has_due in _segments(f):
        if need <= 0:
            break
        segment = select(Matter).where(
            Matter.open.is_(is_open),
            Matter.urgent.is_(urgent),
            Matter.next_due.is_not(None) if has_due else Matter.next_due.is_(None),
            not_(pinned),
            *conditions,
        )
        found = list(
            await session.scalars(
                segment.order_by(Matter.next_due, Matter.received_at, Matter.id)
                .offset(skip)
                .limit(need)
            )
        )
        if found:
            skip, need = 0, need - len(found)
            rows += found
        elif skip:
            skip -= await _count(session, segment)  # only counted when skipped over entirely
    matching = select(Matter.id).where(_state(f), *conditions).limit(TOTAL_CAP + 1)
    total = await _count(session, matching)
    return rows, total


def _state(f: QueueFilter) -> ColumnElement[bool]:
    return {"open": Matter.open.is_(True), "closed": Matter.open.is_(False)}.get(
        f.state, Matter.id.is_not(None)
    )


async def _count(session: AsyncSession, query: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(query.subquery())) or 0)


async def queue_counts(session: AsyncSession, f: QueueFilter, window: DueWindow) -> dict[str, Any]:
    """At-a-glance counts over the open matters that match the filter (one pass, per kind)."""
    conditions = [Matter.open.is_(True), *_conditions(f, window)]

    def flag(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    rows = await session.execute(
        select(
            Matter.kind,
            func.count(),
            flag(Matter.urgent.is_(True)),
            flag(Matter.next_due < window.today),
            flag(Matter.next_due.between(window.today, window.soon_until)),
            flag(Matter.assignee_id.is_(None)),
            flag(Matter.citizen_replied_at.is_not(None)),
            flag(needs_tibetan()),
        )
        .where(*conditions)
        .group_by(Matter.kind)
    )
    names = ("total", "urgent", "overdue", "due_soon", "unassigned", "replied", "needs_bo")
    totals = dict.fromkeys(names, 0)
    by_kind: dict[str, int] = {}
    for kind, *figures in rows.all():
        by_kind[str(kind)] = int(figures[0])
        for name, figure in zip(names, figures, strict=True):
            totals[name] += int(figure)
    return {**totals, "by_kind": by_kind}


async def followups_due(session: AsyncSession, window: DueWindow) -> int:
    """Closed matters whose follow-up visit is due by today and not yet recorded."""
    count = await session.scalar(
        select(func.count())
        .select_from(FollowUp)
        .where(FollowUp.status == "pending", FollowUp.due_on <= window.today)
    )
    return int(count or 0)


async def staff_names(session: AsyncSession, ids: set[int]) -> dict[int, StaffUser]:
    """The staff users with these ids (to show assignees)."""
    if not ids:
        return {}
    users = await session.scalars(select(StaffUser).where(StaffUser.id.in_(ids)))
    return {u.id: u for u in users}


def summary_of(matter: Matter) -> str:
    """Category, route and outcome: what the matter is about, without personal data."""
    parts = [p for p in (matter.category, matter.route, matter.outcome) if p]
    return " · ".join(parts) if parts else matter.kind


def queue_row(matter: Matter, window: DueWindow, users: dict[int, StaffUser]) -> dict[str, Any]:
    """One line of the queue (no personal data)."""
    user = users.get(matter.assignee_id) if matter.assignee_id is not None else None
    return {
        "id": matter.id,
        "kind": matter.kind,
        "team": matter.team,
        "status": matter.status,
        "open": matter.open,
        "tracking_no": matter.tracking_no,
        "urgent": matter.urgent,
        "received_at": matter.received_at.isoformat(),
        "next_due": matter.next_due.isoformat() if matter.next_due else None,
        "due_status": window.status(matter.next_due) if matter.open else "none",
        "provisional": matter.due_provisional,
        "assignee": {"id": user.id, "display_name": user.display_name} if user else None,
        "channel": matter.channel,
        "summary": summary_of(matter),
        "category": matter.category,
        "route": matter.route,
        "outcome": matter.outcome,
        "flags": [f for f in (matter.flags or "").split(",") if f],
    }
