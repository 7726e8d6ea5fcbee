"""A lead on the case page: its field, what was seen, where, since when, the legal basis."""

from __future__ import annotations

from typing import Any

from backend.db.models import Matter
from backend.privacy_masks import mask_text
from backend.staff.labels import Labels

SINCE = ("days", "month", "longer", "long_ago", "unsure")
REGULATOR = ("no_action", "handling", "not_reported", "unsure")


def category_words(matter: Matter, labels: Labels) -> str:
    """The lead's field in words (污染环境、破坏资源 …)."""
    return labels.first(f"lead.category.{matter.category}") or labels.kind(matter.kind)


def lead_rows(matter: Matter, labels: Labels) -> list[dict[str, Any]]:
    """The lead as the citizen gave it, labelled; empty answers are left out."""
    details = matter.details or {}
    since = str(details.get("since") or "")
    regulator = str(details.get("regulator") or "")
    location = details.get("location") if isinstance(details.get("location"), dict) else None
    values = (
        ("lead.category", category_words(matter, labels)),
        ("lead.what", mask_text(str(details.get("what") or ""))),
        ("lead.where", str(details.get("place") or "")),
        ("lead.location", _coordinates(location)),
        ("lead.since", labels.first(f"lead.since.{since}") if since in SINCE else since),
        (
            "lead.regulator",
            labels.first(f"lead.regulator.{regulator}") if regulator in REGULATOR else "",
        ),
        ("lead.basis", str(details.get("basis") or "")),
        ("lead.anonymous", labels.text("value.yes") if matter.anonymous else ""),
    )
    return [{"label": labels.text(key), "value": str(value)} for key, value in values if value]


def _coordinates(location: dict[str, Any] | None) -> str:
    if not location:
        return ""
    return f"{float(location.get('lat', 0)):.5f}, {float(location.get('lon', 0)):.5f}"
