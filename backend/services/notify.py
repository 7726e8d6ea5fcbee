"""Telling a citizen that their matter moved: a bot message on the channel they used.

Staff actions (accept, ask for material, transfer, reply, close) call ``notify_citizen`` in
the same transaction as the status change, so the change and the message are saved together
and the outbox delivers it (Telegram) or the web page shows it (SSE). Catalog keys for status
changes are ``status.notify.<change>`` (``dialogs/catalog/*/status.yaml``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Conversation, Matter, Message
from backend.notices.away import reach_if_away
from backend.runtime.outbox import write_outbound
from dialogs.catalog import default_catalog
from dialogs.types import LANGS, Lang, Reply

log = logging.getLogger("frontdesk.notify")


async def notify_citizen(
    session: AsyncSession,
    matter: Matter,
    catalog_key: str,
    *,
    now: datetime | None = None,
    even_anonymous: bool = False,
    **values: Any,
) -> Message | None:
    """Write ``catalog_key`` (in the citizen's language) to the matter's conversation.

    ``values`` fill the message's placeholders; ``tracking_no`` is filled from the matter,
    and missing ones (``detail``, ``body``, ``result_date``) default to empty text. Returns the
    stored message, or None when the matter has no conversation (anonymous letter, deleted
    chat) or the matter is anonymous (they are promised no replies) — unless
    ``even_anonymous`` (a lead's thanks reaches the chat it came from). The caller commits, then
    wakes the web chat with ``services.notifier.notify(matter.conversation_id)``.
    """
    if matter.conversation_id is None or (matter.anonymous and not even_anonymous):
        return None
    conversation = await session.get(Conversation, matter.conversation_id)
    if conversation is None:
        return None
    lang: Lang = conversation.lang if conversation.lang in LANGS else "zh-Hans"
    fills = {"detail": "", "body": "", "result_date": "", **values}
    fills["tracking_no"] = matter.tracking_no or ""
    text = default_catalog().text(lang, catalog_key, **fills)
    reply = Reply(text=text, tracking_no=matter.tracking_no, extra={"notice": catalog_key})
    when = now or datetime.now(UTC)
    message = write_outbound(session, conversation, reply.to_dict(), author="bot", now=when)
    await reach_if_away(
        session,
        conversation,
        message,
        matter_id=matter.id,
        key="status",
        now=when,
        tracking_no=matter.tracking_no or "",
    )
    log.info("citizen notified", extra={"matter": matter.id, "key": catalog_key})
    return message
