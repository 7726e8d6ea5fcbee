"""Supervisors' routes: the dashboard and the ledger (台账) CSV export.

Thin: parse the date range, call ``backend.staff.dashboard`` / ``backend.staff.ledger``,
render. Both need ``dashboard.read`` / ``export.ledger`` (supervisor, admin); the export is
audited with its range and row count (never the rows).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, Query
from fastapi.responses import Response

from backend.clocks import build_calendar, calendar_coverage
from backend.staff import audit, ledger
from backend.staff.dashboard import Period, build_dashboard
from backend.wiring import Services
from bot.bounds import SaneDate
from bot.errors import ApiError
from bot.staff.deps import ServicesDep, StaffIdentity, staff, staff_router
from dialogs.catalog import default_catalog

router = staff_router(prefix="/api/staff", tags=["staff dashboard"])
DEFAULT_DAYS = 30
MAX_EXPORT_DAYS = 366

DashboardUser = Annotated[StaffIdentity, Depends(staff("dashboard.read"))]
ExportUser = Annotated[StaffIdentity, Depends(staff("export.ledger"))]
FromDate = Annotated[SaneDate | None, Query(alias="from")]
ToDate = Annotated[SaneDate | None, Query(alias="to")]


def _zone(services: Services) -> ZoneInfo:
    return ZoneInfo(services.settings.timezone)


def _today(services: Services) -> date:
    now: datetime = services.clock.now()
    return now.astimezone(_zone(services)).date()


def _period(services: Services, first: date | None, last: date | None) -> Period:
    last = last or _today(services)
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise ApiError(422, "bad_range", "'from' must be on or before 'to'")
    return Period(first, last, _zone(services))


def _calendar_warnings(services: Services) -> list[str]:
    calendar = getattr(services, "calendar", None) or build_calendar(
        services.settings.holidays_file
    )
    return calendar_coverage(calendar, _today(services), services.settings.answer_months)


def _entry_question(services: Services) -> Any:
    def question(entry_id: str) -> str | None:
        entry = services.faq.entry(entry_id) if services.faq is not None else None
        return getattr(entry, "question", None)

    return question


@router.get("/dashboard")
async def dashboard(
    services: ServicesDep,
    user: DashboardUser,
    first: FromDate = None,
    last: ToDate = None,
) -> dict[str, Any]:
    """Volumes, reply-clock performance, satisfaction, FAQ gaps and calendar warnings."""
    period = _period(services, first, last)
    async with services.db.reader() as session:
        return await build_dashboard(
            session,
            period,
            today=_today(services),
            calendar_warnings=_calendar_warnings(services),
            entry_question=_entry_question(services),
        )


@router.get("/export.csv", response_class=Response)
async def export_ledger(
    services: ServicesDep,
    user: ExportUser,
    first: FromDate = None,
    last: ToDate = None,
) -> Response:
    """The ledger for the range as CSV (UTF-8 with BOM for Excel), personal fields masked."""
    if first is None or last is None:
        raise ApiError(422, "bad_range", "give both 'from' and 'to' as YYYY-MM-DD")
    period = _period(services, first, last)
    if (last - first).days >= MAX_EXPORT_DAYS:
        raise ApiError(422, "bad_range", f"export at most {MAX_EXPORT_DAYS} days at a time")
    catalog = default_catalog()
    headings = {key: catalog.text("zh-Hans", f"console.ledger.{key}") for key in ledger.COLUMNS}
    async with services.db.reader() as session:
        rows = [row async for row in ledger.ledger_rows(session, period, headings)]
    async with services.db.transaction() as session:
        await audit.record(
            session,
            user.user,
            "export_ledger",
            "ledger",
            None,
            at=services.clock.now(),
            first=first.isoformat(),
            last=last.isoformat(),
            rows=len(rows) - 1,
        )
    name = f"ledger-{first.isoformat()}-{last.isoformat()}.csv"
    return Response(
        ledger.BOM + ledger.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
