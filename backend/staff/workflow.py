"""The matters' state machine, read from the kinds registry (``backend.staff.kinds``).

Statuses a kind does not list (written by a newer intake) may move to any status the kind
knows, so the console never strands an item; the guards still apply.

Nothing is closed behind the citizen's back. A complaint or application closes after its
result reply reached the citizen, or with one of ``CLOSE_REASONS`` recorded (the citizen is
told that reason on their channel). Statuses that carry news for the citizen (受理, 补充材料,
转交, 答复, 不予支持) are reached only by sending their reply template (``by_reply``), and a
handoff becomes 接待中 only by a person joining it; a handoff nobody joined closes only with a
reason, and the citizen is told and handed back to the bot.
"""

from __future__ import annotations

from collections.abc import Callable

from backend.db.models import Matter
from backend.staff.kinds import FINAL, kind_of


def _result_replied(matter: Matter) -> str | None:
    if matter.result_replied_at or matter.status in ("transferred", "not_ours") or matter.anonymous:
        return None
    return "a complaint cannot be closed before its result reply"


def _result_given(matter: Matter) -> str | None:
    if matter.result_replied_at is not None:
        return None
    return "an application cannot be closed before the applicant has had its result"


# (kind, target status) → a check that returns why the move is refused, or None.
GUARDS: dict[tuple[str, str], Callable[[Matter], str | None]] = {
    ("complaint", "closed"): _result_replied,
    ("application", "closed"): _result_given,
    ("relief", "closed"): _result_given,
}

# Why an item may close without its result reply; the citizen is told the reason
# (``status.notify.closed_<reason>``, or ``handoff.ended_<reason>`` for a handoff).
CLOSE_REASONS: dict[str, tuple[str, ...]] = {
    "complaint": ("unreachable", "duplicate", "withdrawn"),
    "application": ("unreachable", "duplicate", "withdrawn"),
    "relief": ("unreachable", "duplicate", "withdrawn"),
    "handoff": ("left", "called_back", "duplicate"),
}
# Statuses a person reaches by doing the thing, not by picking it from a list.
BY_ACTION: dict[tuple[str, str], str] = {("handoff", "active"): "join the conversation"}


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


def close_reasons(matter: Matter) -> list[str]:
    """The reasons one must give to close this item now; empty when it may simply close."""
    if matter.kind == "handoff":
        return list(CLOSE_REASONS["handoff"]) if matter.status == "waiting" else []
    if refusal(matter, "closed") is None or not _closable(matter):
        return []
    return list(CLOSE_REASONS.get(matter.kind, ()))


def _closable(matter: Matter) -> bool:
    """True when the state machine lets the item close, guards aside."""
    if not matter.open or matter.status in FINAL:
        return False
    known = _table(matter).get(matter.status)
    return "closed" in _table(matter) and (known is None or "closed" in known)


def by_reply(kind: str) -> frozenset[str]:
    """Statuses of ``kind`` reached by sending a reply template (it tells the citizen)."""
    from backend.staff.templates import TEMPLATES  # templates read this module's refusal

    return frozenset(t.status for t in TEMPLATES.values() if t.status and kind in t.kinds)


def manual_refusal(matter: Matter, target: str, close_reason: str | None = None) -> str | None:
    """Why a status picked from the list (no reply, no join) is refused, or None.

    Closing with a valid ``close_reason`` lifts the result-reply guard; the citizen is told.
    """
    action = BY_ACTION.get((matter.kind, target))
    if action is not None:
        return f"{action} to make a {matter.kind} {target!r}"
    if target in by_reply(matter.kind):
        return f"send the reply that goes with {target!r}: it tells the citizen"
    if target != "closed":
        return refusal(matter, target)
    if close_reason is not None:
        if close_reason not in CLOSE_REASONS.get(matter.kind, ()):
            return f"{close_reason!r} is not a reason to close a {matter.kind}"
        return None if _closable(matter) else refusal(matter, target)
    if matter.kind == "handoff" and matter.status == "waiting":
        return "nobody has joined this conversation: join it, or give the reason to close it"
    return refusal(matter, target)


def manual_statuses(matter: Matter) -> list[str]:
    """The statuses offered in the console's 变更状态 list (closing may need a reason)."""
    targets = [t for t in next_statuses(matter) if manual_refusal(matter, t) is None]
    if close_reasons(matter) and "closed" not in targets:
        targets.append("closed")
    return targets


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
