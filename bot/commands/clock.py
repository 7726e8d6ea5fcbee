"""``frontdesk clock``: the two reply deadlines for a complaint received at a given moment."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from backend.deadlines import (
    DeadlinePolicy,
    Deadlines,
    Reason,
    build_calendar,
    build_policy,
    reply_deadlines,
)

# Operator-facing CLI text (not the citizen bot), bilingual so either reader can check it.
_SUMMARY = (
    "收到日期 Received on:            {received_on} ({timezone})\n"
    "程序性回复 Procedural reply due: {procedural_reply_due} ({ack_period})\n"
    "结果答复 Result reply due:       {result_reply_due} "
    "({answer_months}个月内 / within {answer_months} months)"
)
_ACK_PERIOD = {
    "calendar": "{days}日内 / within {days} days",
    "working": "{days}个工作日内 / within {days} working days",
}
_PROVISIONAL = (
    "暂定 PROVISIONAL: 该年无放假安排，仅按法定节假日计算 / no holiday schedule for that year"
)
_REASONS = {
    "converted_to_service_timezone": "收到时间按服务时区为 {to} / received on {to} in service time",
    "rolled_past_rest_day": "{from} 为休息日{holiday_zh}，顺延至 {to} / rest day, moved to {to}",
    "counted_working_days": "按 {days} 个工作日计算至 {to} / {days} working days after {from}",
    "clamped_to_month_end": "按月计算无对应日，取月末 {to} / clamped to month end {to}",
    "calendar_admin_file": "自 {from} 起使用管理员假日文件 / admin holidays file from {from}",
    "calendar_statutory_fallback": (
        "自 {from} 起仅按法定节假日 / statutory holidays only from {from}"
    ),
}


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    timezone: str = "Asia/Shanghai",
    ack_days: int = 7,
    ack_mode: str = "calendar",
    answer_months: int = 3,
    holidays_file: str | None = None,
) -> argparse.ArgumentParser:
    """Add ``clock`` to the CLI; keyword arguments carry the FRONTDESK_* settings as defaults."""
    parser = subparsers.add_parser(
        "clock",
        help="reply deadlines for a complaint / 计算答复期限",
        description="Print the procedural and result reply deadlines of a complaint.",
    )
    parser.add_argument(
        "--received",
        required=True,
        type=_received,
        help="ISO-8601 date-time of receipt, e.g. 2026-09-24T09:30+08:00 or 2026-09-23T17:30Z; "
        "a time without an offset is taken in the service timezone (--timezone)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    parser.add_argument("--ack-mode", choices=("calendar", "working"), default=ack_mode)
    parser.add_argument(
        "--holidays", metavar="FILE", default=holidays_file, help="admin holidays file"
    )
    parser.add_argument(
        "--timezone", default=timezone, help=f"service timezone (default {timezone})"
    )
    parser.set_defaults(handler=run, ack_days=ack_days, answer_months=answer_months)
    return parser


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Compute and print the deadlines; 0 on success, 2 on bad settings or holidays file."""
    out = out or sys.stdout
    try:
        policy = build_policy(
            ack_days=args.ack_days,
            ack_mode=args.ack_mode,
            answer_months=args.answer_months,
            timezone=args.timezone,
        )
        received: datetime = args.received
        if received.tzinfo is None:
            received = received.replace(tzinfo=ZoneInfo(policy.timezone))
        deadlines = reply_deadlines(received, policy, build_calendar(args.holidays))
    except ValueError as exc:  # CalendarError and HolidaysFileError are ValueErrors too
        print(f"frontdesk clock: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(deadlines.as_json(), ensure_ascii=False, indent=2), file=out)
    else:
        print(render(deadlines, policy), file=out)
    return 0


def render(deadlines: Deadlines, policy: DeadlinePolicy) -> str:
    """The short bilingual summary printed without ``--json``."""
    summary = _SUMMARY.format(
        **deadlines.as_json(),
        timezone=policy.timezone,
        ack_period=_ACK_PERIOD[policy.ack_mode].format(days=policy.ack_days),
        answer_months=policy.answer_months,
    )
    lines = [summary]
    lines += [f"  - {_reason_line(reason)}" for reason in deadlines.reasons]
    if deadlines.provisional:
        lines.append(_PROVISIONAL)
    return "\n".join(lines)


def _reason_line(reason: Reason) -> str:
    fields = reason.as_dict()
    holiday = fields.get("holiday")
    template = _REASONS.get(reason.code, "{code}")
    return template.format_map({"holiday_zh": f"（{holiday}）" if holiday else "", **fields})


def _received(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO-8601 date-time: {value!r} (e.g. 2026-09-24T09:30+08:00)"
        ) from None


def main(argv: list[str] | None = None) -> int:
    """Run ``clock`` on its own (``python -m bot.commands.clock clock --received ...``)."""
    parser = argparse.ArgumentParser(prog="frontdesk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    handler = args.handler
    return int(handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
