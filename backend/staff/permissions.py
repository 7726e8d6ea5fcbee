"""Who may do what: the permission matrix as one data table (role → actions).

Routes name the action they perform; ``allowed(role, action)`` is the only check. A
supervisor has everything a staff member has, an admin everything a supervisor has.
"""

from __future__ import annotations

from backend.staff.errors import Forbidden

ROLES = ("staff", "supervisor", "admin")

_STAFF = frozenset(
    {
        "queue.read",
        "item.read",
        "item.reveal",
        "attachment.read",
        "item.claim",
        "item.release",
        "item.reply",
        "item.status",
        "item.note",
        "item.override",
        "live.join",
        "live.message",
        "live.leave",
        "templates.read",
        "stream.read",
        "item.convert",
        "item.followup",
        "notices.read",
        "item.team",  # hand an item over to another team (线索移送)
    }
)
_SUPERVISOR = _STAFF | {
    "item.assign",
    "item.act_for_others",  # reply to, release or leave an item someone else holds
    "audit.read",
    "dashboard.read",
    "export.ledger",
}
_ADMIN = _SUPERVISOR | {"users.manage", "faq.edit"}

MATRIX: dict[str, frozenset[str]] = {
    "staff": _STAFF,
    "supervisor": frozenset(_SUPERVISOR),
    "admin": frozenset(_ADMIN),
}
ACTIONS: frozenset[str] = frozenset(_ADMIN)


def allowed(role: str, action: str) -> bool:
    """True when ``role`` may perform ``action``."""
    if action not in ACTIONS:
        raise LookupError(f"unknown action {action!r}")  # a typo must not silently deny
    return action in MATRIX.get(role, frozenset())


def require(role: str, action: str) -> None:
    """Raise ``Forbidden`` unless ``role`` may perform ``action``."""
    if not allowed(role, action):
        raise Forbidden("forbidden", f"your role ({role}) may not do this ({action})")
