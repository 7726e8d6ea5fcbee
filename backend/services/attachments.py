"""Attachments: type checked by content (not by name), size-limited, encrypted at rest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import puremagic
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Attachment, Conversation

MAX_PER_CONVERSATION = 30

# What we accept, by the type the content really is. Voice notes from Chinese phones are
# often AMR; Telegram sends OGG/Opus.
ALLOWED: dict[str, str] = {
    "image/jpeg": "photo",
    "image/png": "photo",
    "image/gif": "photo",
    "image/webp": "photo",
    "image/heic": "photo",
    "application/pdf": "document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document",
    "application/msword": "document",
    "audio/ogg": "voice",
    "audio/mpeg": "voice",
    "audio/mp4": "voice",
    "audio/x-m4a": "voice",
    "audio/amr": "voice",
    "audio/wav": "voice",
    "audio/x-wav": "voice",
    "video/mp4": "voice",
}


class AttachmentRejected(ValueError):
    """The file cannot be accepted; ``code`` says why (too_large, bad_type, too_many, empty)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class StoredAttachment:
    """What the engine and the client learn about a stored file."""

    id: str
    kind: str
    mime: str
    size: int
    needs_listening: bool


def sniff(content: bytes) -> str | None:
    """The MIME type the content really has, or None when unknown."""
    if content.startswith(b"#!AMR"):
        return "audio/amr"
    try:
        mime = str(puremagic.from_string(content, mime=True))
    except puremagic.PureError:
        return None
    return mime or None


async def store_attachment(
    session: AsyncSession,
    conversation: Conversation,
    *,
    content: bytes,
    filename: str,
    max_bytes: int,
    now: datetime,
    voice_hint: bool = False,
    mime: str | None = None,
    source_key: str | None = None,
) -> StoredAttachment:
    """Check and store one file for the conversation; raise AttachmentRejected otherwise.

    Channels call ``backend.services.uploads.receive_upload``, which has judged the content
    (``file_checks.inspect``) before the transaction and passes the ``mime`` it found.
    """
    if not content:
        raise AttachmentRejected("empty")
    if len(content) > max_bytes:
        raise AttachmentRejected("too_large")
    mime = mime or sniff(content)
    if mime is None or mime not in ALLOWED:
        raise AttachmentRejected("bad_type")
    count = await session.scalar(
        select(func.count())
        .select_from(Attachment)
        .where(Attachment.conversation_id == conversation.id)
    )
    if (count or 0) >= MAX_PER_CONVERSATION:
        raise AttachmentRejected("too_many")
    kind = "voice" if voice_hint and ALLOWED[mime] == "voice" else ALLOWED[mime]
    row = Attachment(
        conversation_id=conversation.id,
        kind=kind,
        mime=mime,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        name=filename[:200] or None,
        content=content,
        needs_listening=kind == "voice",
        source_key=source_key,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return StoredAttachment(row.id, kind, mime, row.size, row.needs_listening)
