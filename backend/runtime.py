"""One citizen message, end to end (DESIGN): record once, lock, engine, effects, outbox.

Everything a turn changes (the inbound, the state, effect results, the replies and their
outbox rows) is written in one transaction, so a crash leaves either all of it or none.
An inbound whose channel message id was seen before is acknowledged with the replies the
first delivery produced, and nothing runs twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from backend.db.database import Database
from backend.db.models import Conversation, InboxKey, Message, OutboxItem
from backend.effects import EffectContext, EffectRegistry
from backend.notifier import Notifier
from dialogs.conversation import new_state
from dialogs.engine import handle
from dialogs.types import Context, Effect, Event, FaqSource, Inbound, Lang, Reply, Turn

log = logging.getLogger("frontdesk.runtime")

# Channels whose replies are delivered by reading the transcript (SSE, terminal), so their
# outbox rows are born sent; others wait for a sender.
TRANSCRIPT_CHANNELS = frozenset({"web", "terminal"})
MAX_EFFECT_ROUNDS = 8
Prepare = Callable[[AsyncSession, Conversation], Awaitable[Inbound]]


@dataclass(frozen=True)
class ChannelMessage:
    """An inbound from a channel adapter, with its channel message id for de-duplication."""

    channel: str
    chat_key: str
    inbound: Inbound
    message_key: str | None = None
    lang: Lang | None = None
    label: str | None = None  # the tapped button's label, for the transcript


@dataclass
class Received:
    """What happened to an inbound."""

    conversation_id: str
    replies: list[Reply]
    duplicate: bool = False
    message_id: int | None = None


@dataclass
class Runtime:
    """The conversation runtime: wiring of database, engine context and effect handlers."""

    db: Database
    effects: EffectRegistry
    clock: Any
    faq: FaqSource | None = None
    notifier: Notifier = field(default_factory=Notifier)
    engine_settings: dict[str, Any] = field(default_factory=dict)
    services: Any = None

    def context(self) -> Context:
        """The engine context for a turn now."""
        today = self.clock.now().date()
        return Context(faq=self.faq, today=today, settings=self.engine_settings)

    async def receive(self, message: ChannelMessage, prepare: Prepare | None = None) -> Received:
        """Handle one inbound from a channel and return the replies to show now.

        ``prepare`` runs inside the same transaction before the turn (storing an uploaded
        file, say) and returns the inbound to use, so a file is never saved without its turn.
        """
        async with self.db.transaction() as session:
            conversation = await self._conversation(session, message)
            source = f"{message.channel}:{conversation.id}"
            if message.message_key is not None:
                seen = await _core(session, _SEEN, {"source": source, "key": message.message_key})
                if (row := seen.first()) is not None:
                    replies = await self._replies_to(session, row.message_id)
                    return Received(conversation.id, replies, duplicate=True)
            inbound = message.inbound
            if prepare is not None:
                inbound = await prepare(session, conversation)
            inbound_id = await self._record_inbound(session, conversation, inbound, message.label)
            if message.message_key is not None:
                await _core(
                    session,
                    insert(INBOX_KEYS),
                    [
                        {
                            "source": source,
                            "key": message.message_key,
                            "message_id": inbound_id,
                            "created_at": self.clock.now(),
                        }
                    ],
                )
            callbacks: list[Any] = []
            replies = await self._run(session, conversation, inbound, inbound_id, callbacks)
        await self._after_commit(conversation.id, callbacks)
        return Received(conversation.id, replies, message_id=inbound_id)

    async def inject(self, conversation_id: str, event: Event) -> list[Reply]:
        """Feed a system event (staff joined, a reminder) to a conversation's engine."""
        async with self.db.transaction() as session:
            conversation = await lock_conversation(session, self.db, conversation_id)
            if conversation is None:
                raise LookupError("no such conversation")
            callbacks: list[Any] = []
            replies = await self._run(session, conversation, Inbound(event=event), None, callbacks)
        await self._after_commit(conversation_id, callbacks)
        return replies

    async def _run(
        self,
        session: AsyncSession,
        conversation: Conversation,
        inbound: Inbound,
        inbound_id: int | None,
        callbacks: list[Any],
    ) -> list[Reply]:
        turn = self._turn(conversation, inbound)
        replies, pending = list(turn.replies), list(turn.effects)
        state = turn.state
        for _ in range(MAX_EFFECT_ROUNDS):
            if not pending:
                break
            effect = pending.pop(0)
            conversation.state = state
            event = await self._apply(session, conversation, effect, callbacks)
            if event is not None:
                follow = self._turn(conversation, Inbound(event=event), state)
                state = follow.state
                replies += follow.replies
                pending += follow.effects
        mode = str(state.get("mode", "bot"))
        if conversation.mode != "bot" or mode != "bot" or conversation.has_matter:
            callbacks.append(self._wake_staff)  # a handoff, a live chat or a matter changed
        await save_turn(
            session,
            conversation,
            state=state,
            mode=mode,
            lang=str(state.get("lang", "zh-Hans")),
            urgent=conversation.urgent or bool(state.get("urgent")),
            updated_at=self.clock.now(),
        )
        await write_outbound_batch(
            session,
            conversation,
            [r.to_dict() for r in replies],
            author="bot",
            reply_to=inbound_id,
            now=self.clock.now(),
        )
        return replies

    def _turn(
        self, conversation: Conversation, inbound: Inbound, state: dict[str, Any] | None = None
    ) -> Turn:
        current = state if state is not None else (conversation.state or new_state())
        try:
            return handle(current, inbound, self.context())
        except Exception:
            # A bug in a flow must not lose the message or strand the citizen.
            log.exception("engine failed", extra={"conversation": conversation.id})
            lang = current.get("lang", "zh-Hans")
            from dialogs.catalog import default_catalog
            from dialogs.types import Button

            cat = default_catalog()
            reply = Reply(
                cat.text(lang, "common.error"), [Button(cat.text(lang, "common.person"), "/person")]
            )
            return Turn(state=current, replies=[reply], effects=[])

    async def _apply(
        self,
        session: AsyncSession,
        conversation: Conversation,
        effect: Effect,
        callbacks: list[Any],
    ) -> Event | None:
        ctx = EffectContext(
            session, conversation, dict(effect.data), self.clock.now(), self.services, callbacks
        )
        return await self.effects.get(effect.name)(ctx)

    async def _conversation(self, session: AsyncSession, message: ChannelMessage) -> Conversation:
        query = _BY_CHAT if self.db.is_sqlite else _BY_CHAT_LOCKED
        chat = {"channel": message.channel, "chat_key": message.chat_key}
        conversation = (await session.execute(query, chat)).scalar_one_or_none()
        if conversation is None:
            conversation = Conversation(
                channel=message.channel,
                chat_key=message.chat_key,
                state=new_state(message.lang or "zh-Hans"),
                lang=message.lang or "zh-Hans",
                created_at=self.clock.now(),
            )
            try:
                # A savepoint: when another worker created this chat's conversation a moment
                # ago, the unique (channel, chat_key) insert fails alone and we read theirs.
                async with session.begin_nested():
                    session.add(conversation)
                    await session.flush()
            except IntegrityError:
                conversation = (await session.execute(query, chat)).scalar_one()
        return conversation

    async def _record_inbound(
        self,
        session: AsyncSession,
        conversation: Conversation,
        inbound: Inbound,
        label: str | None = None,
    ) -> int:
        body: dict[str, Any] = {
            "text": inbound.text,
            "button": inbound.button,
            "label": label,
            "attachments": [
                {"id": a.id, "kind": a.kind, "name": a.name} for a in inbound.attachments
            ],
        }
        row = {
            "conversation_id": conversation.id,
            "direction": "in",
            "author": "citizen",
            "body": body,
            "created_at": self.clock.now(),
        }
        return int(
            (await _core(session, insert(MESSAGES).returning(MESSAGES.c.id), [row])).scalar_one()
        )

    async def _replies_to(self, session: AsyncSession, message_id: int | None) -> list[Reply]:
        if message_id is None:
            return []
        rows = await session.scalars(
            select(Message).where(Message.reply_to == message_id).order_by(Message.id)
        )
        return [Reply.from_dict(row.body) for row in rows]

    async def _wake_staff(self) -> None:
        """Tell the staff console's event streams that the queue or a live chat changed."""
        self.notifier.notify("staff")

    async def _after_commit(self, conversation_id: str, callbacks: list[Any]) -> None:
        self.notifier.notify(conversation_id)
        self.notifier.notify("outbox")
        for callback in callbacks:
            try:
                await callback()
            except Exception:
                log.exception("after-commit callback failed")


async def lock_conversation(
    session: AsyncSession, db: Database, conversation_id: str
) -> Conversation | None:
    """Load a conversation, locking its row on PostgreSQL so its turns run one at a time."""
    query = _BY_ID if db.is_sqlite else _BY_ID_LOCKED
    return (await session.execute(query, {"id": conversation_id})).scalar_one_or_none()


# The hot turn's statements are built once: constructing a SELECT's expression tree on every
# turn cost more than running it (pyinstrument: 0.2 ms of a 4 ms turn).
_BY_CHAT = select(Conversation).where(
    Conversation.channel == bindparam("channel"), Conversation.chat_key == bindparam("chat_key")
)
_BY_CHAT_LOCKED = _BY_CHAT.with_for_update()
_BY_ID = select(Conversation).where(Conversation.id == bindparam("id"))
_BY_ID_LOCKED = _BY_ID.with_for_update()


# The hot turn's inserts go to the tables directly (SQLAlchemy Core): the ORM's bulk-insert
# path did the same statements with several times the Python bookkeeping (pyinstrument:
# a third of an in-process turn). Column types still apply, so bodies are still encrypted.
MESSAGES = cast(Table, Message.__table__)
OUTBOX = cast(Table, OutboxItem.__table__)
INBOX_KEYS = cast(Table, InboxKey.__table__)
CONVERSATIONS = cast(Table, Conversation.__table__)
_SEEN = select(INBOX_KEYS.c.message_id).where(
    INBOX_KEYS.c.source == bindparam("source"), INBOX_KEYS.c.key == bindparam("key")
)


async def _core(
    session: AsyncSession, statement: Any, rows: list[dict[str, Any]] | dict[str, Any]
) -> Any:
    connection = await session.connection()
    return await connection.execute(statement, rows)


_SAVE_TURN = update(CONVERSATIONS).where(CONVERSATIONS.c.id == bindparam("conversation_id"))


async def save_turn(session: AsyncSession, conversation: Conversation, **values: Any) -> None:
    """Write a turn's conversation columns with one UPDATE, and tell the ORM they are saved.

    The ORM's unit of work did the same UPDATE with a tenth of an HTTP turn's server time in
    change tracking. Columns an effect changed besides these are still flushed by the ORM.
    """
    await _core(session, _SAVE_TURN, {"conversation_id": conversation.id, **values})
    for name, value in values.items():
        set_committed_value(conversation, name, value)


async def write_outbound_batch(
    session: AsyncSession,
    conversation: Conversation,
    bodies: list[dict[str, Any]],
    *,
    author: str,
    now: Any,
    reply_to: int | None = None,
) -> list[int]:
    """Store several outbound messages and their outbox rows with two statements."""
    if not bodies:
        return []
    rows = [
        {
            "conversation_id": conversation.id,
            "direction": "out",
            "author": author,
            "body": body,
            "reply_to": reply_to,
            "created_at": now,
        }
        for body in bodies
    ]
    result = await _core(
        session, insert(MESSAGES).returning(MESSAGES.c.id, sort_by_parameter_order=True), rows
    )
    ids = [int(i) for i in result.scalars().all()]
    sent = conversation.channel in TRANSCRIPT_CHANNELS
    await _core(
        session,
        insert(OUTBOX),
        [
            {
                "conversation_id": conversation.id,
                "message_id": message_id,
                "channel": conversation.channel,
                "chat_key": conversation.chat_key,
                "status": "sent" if sent else "pending",
                "attempts": 0,
                "sent_at": now if sent else None,
                "next_attempt_at": now,
                "created_at": now,
            }
            for message_id in ids
        ],
    )
    return ids


def write_outbound(
    session: AsyncSession,
    conversation: Conversation,
    body: dict[str, Any],
    *,
    author: str,
    now: Any,
    reply_to: int | None = None,
    staff_id: int | None = None,
) -> Message:
    """Store an outbound message and its outbox row (in the caller's transaction)."""
    row = Message(
        conversation_id=conversation.id,
        direction="out",
        author=author,
        body=body,
        reply_to=reply_to,
        staff_id=staff_id,
        created_at=now,
    )
    session.add(row)
    sent = conversation.channel in TRANSCRIPT_CHANNELS
    item = OutboxItem(
        conversation_id=conversation.id,
        message=row,
        channel=conversation.channel,
        chat_key=conversation.chat_key,
        status="sent" if sent else "pending",
        sent_at=now if sent else None,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(item)
    return row
