"""Milestones after filing: hearing, support decided, filed in court, judged, enforcement, paid.

Each milestone is a reply template (``backend.staff.templates``) that moves the item to its
status, reaches the citizen in words on their channel (and as a push or SMS when they left
the page), and lands on the timeline the citizen sees in 查询进度 (with the hearing's time and
place). A milestone is not the end: the monthly progress reminder goes on until the item is
closed, and the next progress reply is due a month after each milestone. 不支持起诉 is the
existing ``declined`` template (with its reasons).

Hearings follow 《人民检察院审查案件听证工作规定》(2020): parties may ask for one (Art. 9), the
participants are told the time and place 3 days before (Art. 10); it may be held where the
citizen lives (上门听证) — the place is a blank staff fill in.
"""

from __future__ import annotations

from backend.staff.kinds import KINDS, QueueKind, register_kind
from backend.staff.templates import TEMPLATES, ReplyTemplate

APPLICATION_STEPS = (
    "hearing_scheduled",
    "supported",
    "filed_in_court",
    "judged",
    "enforcing",
    "paid",
)

MILESTONES = (
    ReplyTemplate(
        "hearing_scheduled",
        "milestone",
        "hearing_scheduled",
        ("hearing_time", "hearing_place"),
        after=("accepted", "in_progress", "reviewing", "hearing_scheduled"),
    ),
    ReplyTemplate(
        "support_decided",
        "result",
        "supported",
        kinds=("application",),
        after=("reviewing", "accepted", "hearing_scheduled"),
    ),
    ReplyTemplate(
        "filed_in_court",
        "milestone",
        "filed_in_court",
        ("court",),
        kinds=("application",),
        after=("supported",),
    ),
    ReplyTemplate(
        "judged",
        "milestone",
        "judged",
        ("judgment",),
        kinds=("application",),
        after=("filed_in_court",),
    ),
    ReplyTemplate(
        "enforcement_applied",
        "milestone",
        "enforcing",
        ("court",),
        kinds=("application",),
        after=("judged",),
    ),
    ReplyTemplate(
        "paid",
        "milestone",
        "paid",
        ("amount",),
        kinds=("application",),
        after=("judged", "enforcing"),
    ),
)
# Values of these blanks are kept on the timeline event, for 查询进度 (not the whole text).
SHOWN_BLANKS = ("hearing_time", "hearing_place", "court")


def milestone_values(template: str, values: dict[str, str]) -> dict[str, dict[str, str]]:
    """What a milestone's timeline event keeps for 查询进度: the hearing's time and place."""
    if template not in {t.key for t in MILESTONES}:
        return {}
    return {"values": {k: v[:200] for k, v in values.items() if k in SHOWN_BLANKS}}


def _with(kind: QueueKind, extra: dict[str, tuple[str, ...]]) -> QueueKind:
    """``kind`` with more statuses and moves (closed stays last)."""
    table = {
        s: tuple(dict.fromkeys((*moves, *extra.get(s, ()))))
        for s, moves in kind.transitions.items()
    }
    for status, moves in extra.items():
        table.setdefault(status, moves)
    closed = table.pop("closed", ())
    table["closed"] = closed
    return QueueKind(kind.name, table, kind.pinned, kind.clocked, kind.closing, kind.on_status)


def register() -> None:
    """Add the milestone statuses to complaints and applications, and their templates."""
    register_kind(
        _with(
            KINDS["application"],
            {
                "reviewing": ("hearing_scheduled",),
                "accepted": ("hearing_scheduled", "supported"),
                "hearing_scheduled": ("supported", "declined", "awaiting_material", "closed"),
                "supported": ("filed_in_court", "closed"),
                "filed_in_court": ("judged", "closed"),
                "judged": ("enforcing", "paid", "closed"),
                "enforcing": ("paid", "closed"),
                "paid": ("closed",),
            },
        )
    )
    register_kind(
        _with(
            KINDS["complaint"],
            {
                "accepted": ("hearing_scheduled",),
                "in_progress": ("hearing_scheduled",),
                "hearing_scheduled": ("in_progress", "answered", "closed"),
            },
        )
    )
    TEMPLATES.update({t.key: t for t in MILESTONES})


register()
