"""The ledger (台账): one CSV row per matter received in a date range, personal data masked.

UTF-8 with a byte-order mark, because Excel on Chinese Windows opens a BOM-less UTF-8 CSV
as GBK and shows mojibake. Dates are service-timezone days; times ``YYYY-MM-DD HH:MM``.
Rows are read in batches so a year's ledger does not sit in memory as ORM objects.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import FollowUp, Matter, StaffUser
from backend.privacy_masks import mask_name, mask_phone
from backend.staff.dashboard import Period
from backend.staff.labels import Labels, labels_for

BOM = "\ufeff"
BATCH = 500
# Column keys; their headings are catalog text (console.ledger.<key>).
COLUMNS = (
    "tracking_no",
    "kind",
    "category",
    "route",
    "outcome",
    "received",
    "procedural_due",
    "procedural_replied",
    "result_due",
    "result_replied",
    "status",
    "closed",
    "assignee",
    "urgent",
    "satisfaction",
    "channel",
    "contact_name",
    "contact_phone",
    "followup",
)


async def ledger_rows(
    session: AsyncSession, period: Period, headings: dict[str, str]
) -> AsyncIterator[list[str]]:
    """The header, then one row per matter received in ``period``, oldest first."""
    yield [headings.get(key, key) for key in COLUMNS]
    names = dict((await session.execute(select(StaffUser.id, StaffUser.display_name))).all())
    labels = labels_for("zh-Hans")
    after = 0
    while True:
        matters = list(
            await session.scalars(
                select(Matter)
                .where(
                    Matter.received_at >= period.start,
                    Matter.received_at < period.end,
                    Matter.id > after,
                )
                .order_by(Matter.id)
                .limit(BATCH)
            )
        )
        followups = await _followups(session, [m.id for m in matters])
        for matter in matters:
            yield _row(matter, period, names, labels, followups.get(matter.id))
        if len(matters) < BATCH:
            return
        after = matters[-1].id
        session.expunge_all()


async def _followups(session: AsyncSession, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await session.execute(
        select(FollowUp.matter_id, FollowUp.status).where(FollowUp.matter_id.in_(ids))
    )
    return {int(i): str(s) for i, s in rows}


def _row(
    matter: Matter,
    period: Period,
    names: dict[int, str],
    labels: Labels,
    followup: str | None,
) -> list[str]:
    """One matter, every code in words (类型 控告申诉, 状态 已受理 …), personal fields masked."""
    values: dict[str, Any] = {
        "tracking_no": matter.tracking_no or f"#{matter.id}",
        "kind": labels.kind(matter.kind),
        "category": labels.category(matter.category) if matter.category else "",
        "route": labels.route(matter.route) if matter.route else "",
        "outcome": labels.outcome(matter.outcome) if matter.outcome else "",
        "received": _moment(matter.received_at, period),
        "procedural_due": _day(matter.procedural_due),
        "procedural_replied": _moment(matter.procedural_replied_at, period),
        "result_due": _day(matter.result_due),
        "result_replied": _moment(matter.result_replied_at, period),
        "status": labels.status(matter.status),
        "closed": _moment(matter.closed_at, period),
        "assignee": names.get(matter.assignee_id, "") if matter.assignee_id else "",
        "urgent": labels.text("value.yes") if matter.urgent else "",
        "satisfaction": labels.first(f"console.rating.{matter.satisfaction}") or "",
        "channel": labels.channel(matter.channel),
        "contact_name": mask_name(matter.contact_name),
        "contact_phone": mask_phone(matter.contact_phone),
        "followup": (labels.first(f"console.followup.{followup}") or "") if followup else "",
    }
    return [_safe(values[key]) for key in COLUMNS]


def to_csv(rows: list[list[str]]) -> str:
    """Rows as CSV text (no BOM)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _moment(moment: datetime | None, period: Period) -> str:
    return moment.astimezone(period.zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def _safe(value: Any) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ would run as a formula in Excel (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
