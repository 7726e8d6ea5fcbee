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

from backend.container import Services
from backend.deadlines import calendar_coverage
from backend.staff import audit, ledger
from backend.staff.dashboard import Period, build_dashboard
from backend.staff.dashboard_more import breakdowns, more_figures, stats_rows
from backend.staff.labels import labels_for
from bot.bounds import SaneDate
from bot.deps import ServicesDep, StaffIdentity, staff, staff_router
from bot.errors import ApiError
from bot.staff.schemas import DashboardPublic
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
    return calendar_coverage(services.calendar, _today(services), services.settings.answer_months)


def _entry_question(services: Services) -> Any:
    def question(entry_id: str) -> str | None:
        entry = services.faq.entry(entry_id) if services.faq is not None else None
        return getattr(entry, "question", None)

    return question


@router.get("/dashboard", response_model=DashboardPublic)
async def dashboard(
    services: ServicesDep,
    user: DashboardUser,
    first: FromDate = None,
    last: ToDate = None,
) -> dict[str, Any]:
    """Volumes, reply-clock performance, satisfaction, FAQ gaps and calendar warnings; per kind
    and per caseworker; follow-up visits, live-chat response, and the 8-week trend."""
    period = _period(services, first, last)
    async with services.db.reader() as session:
        board = await build_dashboard(
            session,
            period,
            today=_today(services),
            calendar_warnings=_calendar_warnings(services),
            entry_question=_entry_question(services),
        )
        board.update(await more_figures(session, period, _today(services), services.clock.now()))
    return board


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
    return csv_response(f"ledger-{first.isoformat()}-{last.isoformat()}.csv", rows)


@router.get("/dashboard.csv", response_class=Response)
async def export_stats(
    services: ServicesDep,
    user: ExportUser,
    first: FromDate = None,
    last: ToDate = None,
) -> Response:
    """The per-kind and per-caseworker figures as CSV (统计表, Chinese headings); audited."""
    period = _period(services, first, last)
    async with services.db.reader() as session:
        figures = await breakdowns(session, period, _today(services))
    rows = stats_rows(figures, labels_for("zh-Hans"))
    async with services.db.transaction() as session:
        await audit.record(
            session,
            user.user,
            "export_stats",
            "dashboard",
            None,
            at=services.clock.now(),
            first=period.first.isoformat(),
            last=period.last.isoformat(),
        )
    return csv_response(f"stats-{period.first.isoformat()}-{period.last.isoformat()}.csv", rows)


def csv_response(name: str, rows: list[list[str]]) -> Response:
    """Rows as a CSV download: UTF-8 with a BOM (Excel on Chinese Windows), never cached."""
    return Response(
        ledger.BOM + ledger.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
