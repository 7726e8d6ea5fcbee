"""One way for a file into a conversation, whichever channel it came by.

The web chat, the Telegram receiver and the terminal each had their own path; now each
calls ``receive_upload`` and only renders its refusal:

1. the content is judged *before* any transaction (``file_checks.inspect``, in a thread:
   archives and active content are refused, the real type is found);
2. inside the turn's transaction (the runtime's ``prepare`` hook, so a file is never kept
   without its turn) the budgets are checked — bytes stored in the last day from this source
   (``upload_budget_source_bytes``: a web client address, a Telegram chat) and overall
   (``upload_budget_global_bytes``) — and the file is stored, encrypted, with its source;
3. the citizen's turn runs with the file as an attachment.

A refusal is ``UploadRefused`` with a ``code`` and the catalog key of the sentence to show
the citizen in their language. Files never attached to a matter expire (``expiry.py``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Attachment, Conversation
from backend.runtime import ChannelMessage, Received
from backend.services import throttle
from backend.services.attachments import AttachmentRejected, store_attachment
from backend.services.file_checks import inspect
from dialogs.types import Attachment as InboundFile
from dialogs.types import Inbound

BUDGET_SPAN = timedelta(days=1)
# Where each refusal's sentence lives in the catalogs.
TEXT_KEYS = {
    "archive": "security.upload.archive",
    "active_content": "security.upload.active_content",
    "budget": "security.upload.budget",
    "busy": "security.upload.busy",
}


class UploadRefused(Exception):
    """The file was not taken; ``text_key`` is the citizen's explanation in the catalogs."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
        self.text_key = TEXT_KEYS.get(code, f"attachments.{code}")


@dataclass(frozen=True)
class Upload:
    """A file as a channel received it."""

    content: bytes
    filename: str
    source: str  # who sent it, for the budget: "web:<address>", "telegram:<chat>", …
    voice_hint: bool = False


def source_key(kind: str, value: str) -> str:
    """The stored key of an upload source (a hash, never the address itself)."""
    return throttle.hashed("upload-source", kind, value)[:32]


async def receive_upload(services: Any, message: ChannelMessage, upload: Upload) -> Received:
    """Judge, budget, store and hand the file to the conversation's turn; or refuse."""
    settings = services.settings
    if not upload.content:
        raise UploadRefused("empty")
    if len(upload.content) > settings.max_attachment_bytes:
        raise UploadRefused("too_large")
    try:
        mime = await asyncio.to_thread(inspect, upload.content)
    except AttachmentRejected as refused:
        raise UploadRefused(refused.code) from None

    async def prepare(session: AsyncSession, conversation: Conversation) -> Inbound:
        now = services.clock.now()
        await _within_budgets(session, settings, upload, now)
        try:
            stored = await store_attachment(
                session,
                conversation,
                content=upload.content,
                filename=upload.filename,
                max_bytes=settings.max_attachment_bytes,
                now=now,
                voice_hint=upload.voice_hint,
                mime=mime,
                source_key=upload.source,
            )
        except AttachmentRejected as refused:
            raise UploadRefused(refused.code) from None
        kind = stored.kind if stored.kind in ("photo", "document", "voice") else "other"
        attachment = InboundFile(stored.id, kind, upload.filename)  # type: ignore[arg-type]
        return replace(message.inbound, attachments=(attachment,))

    result: Received = await services.runtime.receive(message, prepare=prepare)
    return result


async def _within_budgets(
    session: AsyncSession, settings: Any, upload: Upload, now: datetime
) -> None:
    size, since = len(upload.content), now - BUDGET_SPAN
    recent = select(func.coalesce(func.sum(Attachment.size), 0)).where(
        Attachment.created_at > since
    )
    mine = int(await session.scalar(recent.where(Attachment.source_key == upload.source)) or 0)
    if mine + size > settings.upload_budget_source_bytes:
        raise UploadRefused("budget")
    if int(await session.scalar(recent) or 0) + size > settings.upload_budget_global_bytes:
        raise UploadRefused("busy")
