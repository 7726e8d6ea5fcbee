"""The queue's rows and the console's vocabulary, in words a caseworker reads.

``row_view`` is ``queue_row`` (codes, for API clients and tests) plus what the console shows:
labels for kind and status, the masked name, the one-line summary with the amount, the due
date in days, the waiting time of a citizen who asked for a person, and the markers.
``console_meta`` lists the kinds and statuses (with labels) the filters offer, from the kinds
registry, so a new kind of item appears in the console without touching the page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from backend.db.models import Matter, StaffUser
from backend.staff.kinds import KINDS
from backend.staff.labels import Labels
from backend.staff.queue import DueWindow, queue_row
from backend.staff.summaries import (
    amount_of,
    amount_words,
    assignee_words,
    due_view,
    markers,
    one_line,
    waiting_view,
    who,
)
from backend.teams.names import team_name
from backend.teams.rules import team_rules
from dialogs.eligibility import OUTCOMES

CHIPS = (
    "all",
    "mine",
    "unassigned",
    "urgent",
    "overdue",
    "due_soon",
    "replied",
    "followup",
    "needs_bo",  # 需藏汉双语: items from conversations held in Tibetan
)


def row_view(
    matter: Matter,
    window: DueWindow,
    users: dict[int, StaffUser],
    labels: Labels,
    *,
    now: datetime,
    target_minutes: int,
    followup_due: bool = False,
) -> dict[str, Any]:
    """One queue row, codes and words."""
    row = queue_row(matter, window, users)
    user = users.get(matter.assignee_id) if matter.assignee_id is not None else None
    amount = amount_of(matter)
    row.update(
        kind_label=labels.kind(matter.kind),
        team_label=team_name(matter.team, labels.lang),
        status_label=labels.status(matter.status),
        name=who(matter, labels),
        summary=one_line(matter, labels),
        amount=str(amount) if amount is not None else None,
        amount_label=amount_words(amount, labels),
        due=due_view(matter, window, labels),
        waiting=waiting_view(matter, now, labels, target_minutes),
        markers=markers(matter, labels, followup_due),
        assignee_label=assignee_words(user, labels),
        citizen_replied=matter.citizen_replied_at is not None and matter.open,
    )
    return row


def console_meta(labels: Labels) -> dict[str, Any]:
    """Kinds and their statuses with labels, for the filters; chips for the quick filters."""
    kinds = [
        {
            "code": kind.name,
            "label": labels.kind(kind.name),
            "statuses": [{"code": s, "label": labels.status(s)} for s in kind.statuses],
        }
        for kind in KINDS.values()
    ]
    statuses = {s: labels.status(s) for kind in KINDS.values() for s in kind.statuses}
    return {
        "kinds": kinds,
        "outcomes": [{"code": o, "label": labels.outcome(o)} for o in sorted(OUTCOMES)],
        "channels": {c: labels.channel(c) for c in ("web", "telegram", "terminal")},
        "statuses": [{"code": c, "label": label} for c, label in statuses.items()],
        "chips": [{"code": code, "label": labels.text(f"queue.chip_{code}")} for code in CHIPS],
        "teams": [{"code": t, "label": team_name(t, labels.lang)} for t in team_rules().teams],
    }
