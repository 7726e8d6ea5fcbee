"""删除我的信息 (个人信息保护法 Art. 47): erase a citizen's data, keep what open matters need.

``delete_my_data`` runs inside the turn's transaction. It erases the conversation's messages,
files, FAQ questions and the personal fields of closed matters; open complaints and
applications keep their personal fields, their files and the messages they reference
(``details["message_ids"]``) until they close plus the retention period. Only anonymous
statistics remain (matter rows without personal fields, helpful/unhelpful counts). An audit
entry records what was erased, by count and id only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import (
    Attachment,
    AuditEntry,
    FaqFeedback,
    FaqMiss,
    FollowUp,
    Matter,
    MatterEvent,
    MatterTerm,
    Message,
    OutboxItem,
)
from backend.effects import EffectContext
from dialogs.catalog import default_catalog
from dialogs.types import Event, Lang

# Matters that carry a citizen's personal data and a retention period; handoffs carry none.
KEPT_KINDS = ("complaint", "application", "relief")
# Engine state that says nothing about the citizen (language, mode, position).
_STATE_KEPT = frozenset({"v", "lang", "mode", "urgent", "started", "flow", "step"})


@dataclass
class Erased:
    """What an erasure removed, as counts and ids (safe for the audit log)."""

    messages: int = 0
    attachments: int = 0
    faq_misses: int = 0
    feedback_anonymised: int = 0
    matters_anonymised: list[int] = field(default_factory=list)

    def detail(self) -> dict[str, Any]:
        """The audit detail."""
        return {
            "messages": self.messages,
            "attachments": self.attachments,
            "faq_misses": self.faq_misses,
            "feedback_anonymised": self.feedback_anonymised,
            "matters_anonymised": self.matters_anonymised,
        }


def retention_days(kind: str, settings: Any) -> int:
    """How long a closed matter of ``kind`` is kept after it closes."""
    if kind == "application":
        return int(settings.retention_application_days)
    return int(settings.retention_closed_days)


async def delete_my_data(ctx: EffectContext) -> Event:
    """Erase the citizen's data except what open matters need; say which are kept and why."""
    conversation = ctx.conversation
    session = ctx.session
    matters = list(
        await session.scalars(select(Matter).where(Matter.conversation_id == conversation.id))
    )
    kept = [m for m in matters if m.open and m.kind in KEPT_KINDS]
    erased = Erased()
    for matter in matters:
        if not matter.open:
            erased.attachments += await anonymise_matter(session, matter)
            erased.matters_anonymised.append(matter.id)
    _forget_state(conversation.state)
    keep_messages = _referenced_messages(kept)
    keep_messages.add(await _current_inbound(session, conversation.id))
    await erase_conversation(session, conversation.id, keep_messages, [m.id for m in kept], erased)
    session.add(
        AuditEntry(
            at=ctx.now,
            actor="citizen",
            action="privacy.delete",
            target_kind="conversation",
            target_id=conversation.id,
            detail={**erased.detail(), "kept_matters": [m.id for m in kept]},
        )
    )
    return Event("privacy.deleted", {"kept": _kept_labels(kept, conversation.lang, ctx)})


def _forget_state(state: dict[str, Any]) -> None:
    # In place: the runtime hands this same dict to the turn that answers privacy.deleted,
    # so answers, the last question and consent are gone before the state is saved again.
    for key in [k for k in state if k not in _STATE_KEPT]:
        del state[key]


def _kept_labels(kept: list[Matter], lang: str, ctx: EffectContext) -> list[str]:
    settings = ctx.services.settings
    safe: Lang = lang if lang in ("en", "zh-Hant", "bo") else "zh-Hans"  # type: ignore[assignment]
    labels = []
    for matter in kept:
        days = retention_days(matter.kind, settings)
        labels.append(
            default_catalog().text(
                safe, "retention.kept_item", matter=matter.tracking_no or f"#{matter.id}", days=days
            )
        )
    return labels


def _referenced_messages(matters: Iterable[Matter]) -> set[int]:
    ids: set[int] = set()
    for matter in matters:
        for value in (matter.details or {}).get("message_ids", []) or []:
            if isinstance(value, int):
                ids.add(value)
    return ids


async def _current_inbound(session: AsyncSession, conversation_id: str) -> int:
    # The inbound that asked for deletion holds only the command; keeping it lets a retried
    # request (same client id) find the first delivery's replies instead of running again.
    newest = await session.scalar(
        select(func.max(Message.id)).where(
            Message.conversation_id == conversation_id, Message.direction == "in"
        )
    )
    return int(newest or 0)


async def erase_conversation(
    session: AsyncSession,
    conversation_id: str,
    keep_messages: set[int],
    keep_matters: list[int],
    erased: Erased,
) -> None:
    """Delete a conversation's messages, files and FAQ questions, except the kept ones."""
    doomed = select(Message.id).where(
        Message.conversation_id == conversation_id, Message.id.not_in(keep_messages or {0})
    )
    erased.messages += await _count(session, doomed)
    await session.execute(delete(OutboxItem).where(OutboxItem.message_id.in_(doomed)))
    await session.execute(
        delete(Message).where(
            Message.conversation_id == conversation_id, Message.id.not_in(keep_messages or {0})
        )
    )
    files = delete(Attachment).where(Attachment.conversation_id == conversation_id)
    if keep_matters:
        files = files.where(
            (Attachment.matter_id.is_(None)) | Attachment.matter_id.not_in(keep_matters)
        )
    erased.attachments += _rowcount(await session.execute(files))
    misses = delete(FaqMiss).where(FaqMiss.conversation_id == conversation_id)
    erased.faq_misses += _rowcount(await session.execute(misses))
    # Helpful/unhelpful votes stay as anonymous counts per FAQ entry; the question goes.
    votes = (
        update(FaqFeedback)
        .where(FaqFeedback.conversation_id == conversation_id)
        .values(question=None, conversation_id=None)
    )
    erased.feedback_anonymised += _rowcount(await session.execute(votes))


async def anonymise_matter(session: AsyncSession, matter: Matter) -> int:
    """Strip a closed matter's personal fields, files, timeline text and search terms; return
    the number of files deleted."""
    matter.contact_name = matter.contact_phone = matter.id_number = matter.phone_hash = None
    matter.details = {}
    matter.conversation_id = None
    await session.execute(
        update(MatterEvent).where(MatterEvent.matter_id == matter.id).values(data={})
    )
    # The search terms name the person and the story; the follow-up note may too.
    await session.execute(delete(MatterTerm).where(MatterTerm.matter_id == matter.id))
    await session.execute(update(FollowUp).where(FollowUp.matter_id == matter.id).values(note=None))
    return _rowcount(
        await session.execute(delete(Attachment).where(Attachment.matter_id == matter.id))
    )


async def _count(session: AsyncSession, ids: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(ids.subquery())) or 0)


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
