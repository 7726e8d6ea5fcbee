"""The matters' state machine, read from the kinds registry (``backend.staff.kinds``).

Statuses a kind does not list (written by a newer intake) may move to any status the kind
knows, so the console never strands an item; the guards still apply.
"""

from __future__ import annotations

from collections.abc import Callable

from backend.db.models import Matter
from backend.staff.kinds import FINAL, kind_of


def _result_replied(matter: Matter) -> str | None:
    if matter.result_replied_at or matter.status in ("transferred", "not_ours") or matter.anonymous:
        return None
    return "a complaint cannot be closed before its result reply"


def _any_reply(matter: Matter) -> str | None:
    if matter.first_response_at is not None:
        return None
    return "an application cannot be closed before the applicant has had a reply"


# (kind, target status) → a check that returns why the move is refused, or None.
GUARDS: dict[tuple[str, str], Callable[[Matter], str | None]] = {
    ("complaint", "closed"): _result_replied,
    ("application", "closed"): _any_reply,
    ("relief", "closed"): _any_reply,
}


def _table(matter: Matter) -> dict[str, tuple[str, ...]]:
    kind = kind_of(matter.kind)
    return kind.transitions if kind is not None else {}


def next_statuses(matter: Matter) -> list[str]:
    """The statuses this matter may move to now (guards applied)."""
    table = _table(matter)
    if matter.status in FINAL or not matter.open:
        return []
    known = table.get(matter.status)
    targets = known if known is not None else (*tuple(s for s in table if s not in FINAL), "closed")
    return [t for t in targets if refusal(matter, t) is None]


def refusal(matter: Matter, target: str) -> str | None:
    """Why ``matter`` may not move to ``target`` now, or None when it may."""
    if not matter.open or matter.status in FINAL:
        return "this item is closed"
    table = _table(matter)
    known = table.get(matter.status)
    if target not in table:
        return f"{target!r} is not a status of a {matter.kind}"
    if known is not None and target not in known:
        return f"a {matter.kind} cannot go from {matter.status!r} to {target!r}"
    guard = GUARDS.get((matter.kind, target))
    return guard(matter) if guard is not None else None
