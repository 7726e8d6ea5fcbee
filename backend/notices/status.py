"""How the notices about a queue item went: for the case page, in words."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import OutboxItem
from backend.notices.away import PUSH, SMS
from dialogs.catalog import default_catalog
from dialogs.types import LANGS, Lang


async def notice_deliveries(
    session: AsyncSession, matter_id: int, lang: str = "zh-Hans"
) -> list[dict[str, Any]]:
    """Each push and SMS sent about the item: channel and status in words, when, attempts."""
    safe: Lang = lang if lang in LANGS else "zh-Hans"
    catalog = default_catalog()
    rows = await session.scalars(
        select(OutboxItem)
        .where(OutboxItem.matter_id == matter_id, OutboxItem.channel.in_((PUSH, SMS)))
        .order_by(OutboxItem.id)
    )
    return [
        {
            "channel": row.channel,
            "channel_label": catalog.text(safe, f"notices.console.channel.{row.channel}"),
            "status": row.status,
            "status_label": catalog.text(safe, f"notices.console.status.{_status(row.status)}"),
            "attempts": row.attempts,
            "at": (row.sent_at or row.created_at).isoformat(),
        }
        for row in rows
    ]


def _status(status: str) -> str:
    return status if status in ("pending", "sending", "sent", "failed", "blocked") else "other"
