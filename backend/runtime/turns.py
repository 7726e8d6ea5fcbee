"""The turn loop: one citizen message, end to end (DESIGN): record once, lock, engine, effects.

Everything a turn changes (the inbound, effect results, the state, the replies and their
outbox rows) is written in one transaction, so a crash leaves either all of it or none. An
inbound whose channel message id was seen before is answered with the replies the first
delivery produced, and nothing runs twice.

The common turn runs on a bare connection with the prebuilt statements of
``backend.runtime.statements``; an ORM session over the same connection is opened only when a
``prepare`` hook or an effect handler needs one, and the conversation is handed to them as an
ORM object built from the row already read (no second SELECT).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from backend.db.database import Database
from backend.db.models import Conversation
from backend.effects import AfterCommit, EffectContext, EffectRegistry
from backend.notifier import Notifier
from backend.runtime import statements as sql
from backend.runtime.outbox import delivers, store_replies
from backend.runtime.statements import ConversationRow
from backend.services.bilingual import tag_matters
from dialogs.catalog import default_catalog
from dialogs.conversation import new_state
from dialogs.engine import handle
from dialogs.types import (
    LANGS,
    Button,
    Clock,
    Context,
    Event,
    FaqSource,
    Inbound,
    Lang,
    Reply,
    Turn,
)

if TYPE_CHECKING:
    from backend.container import Services

log = logging.getLogger("frontdesk.runtime")

MAX_EFFECT_ROUNDS = 8  # effects a turn may run; more is a flow bug, logged as an error
Prepare = Callable[[AsyncSession, Conversation], Awaitable[Inbound]]
# Sees the conversation's row (None when the chat has none yet) and raises to refuse the turn.
Guard = Callable[[ConversationRow | None], None]
TurnObserver = Callable[[str, float], None]
# The engine's signature (``dialogs.engine.handle``); tests may give the runtime another one.
Engine = Callable[[dict[str, Any], Inbound, Context], Turn]


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
class TurnDone:
    """A turn written in a transaction: its replies, and what to do once that commits."""

    conversation_id: str
    channel: str
    replies: list[Reply]
    after_commit: list[AfterCommit] = field(default_factory=list)


class _Scope:
    """The turn's connection, and an ORM session over it made only when something needs one."""

    def __init__(self, connection: AsyncConnection, session: AsyncSession | None = None) -> None:
        self.connection = connection
        self._session = session
        self._owns_session = session is None
        self.conversation: Conversation | None = None

    def session(self) -> AsyncSession:
        """The ORM session joined to the turn's transaction."""
        if self._session is None:
            self._session = AsyncSession(bind=self.connection, expire_on_commit=False)
        return self._session

    def orm_conversation(self, row: ConversationRow, state: dict[str, Any]) -> Conversation:
        """The conversation as an ORM object built from ``row`` (no SELECT).

        It stays outside the session (detached, every column loaded), so a flag an effect sets
        on it (``urgent``, ``has_matter``) is not flushed on its own: the turn writes the row
        once, with those flags, in ``save_turn``. When the caller's session already holds the
        conversation (a staff action), that object is used.
        """
        if self.conversation is None:
            session = self.session()
            key = session.identity_key(Conversation, (row.id,))
            self.conversation = session.identity_map.get(key)
        if self.conversation is None:
            self.conversation = Conversation(**row._mapping)
            make_transient_to_detached(self.conversation)
        # The state the turn is working on, without marking it changed: it is saved once.
        set_committed_value(self.conversation, "state", state)
        return self.conversation

    async def flush(self) -> None:
        """Write what effect handlers left in the session (before the turn's own UPDATE)."""
        if self._session is not None:
            await self._session.flush()

    async def close(self) -> None:
        """Release a session this scope opened (the transaction is the connection's)."""
        if self._owns_session and self._session is not None:
            await self._session.close()


@dataclass
class Runtime:
    """The conversation runtime: wiring of database, engine context and effect handlers."""

    db: Database
    effects: EffectRegistry
    clock: Clock
    faq: FaqSource | None = None
    notifier: Notifier = field(default_factory=Notifier)
    engine_settings: dict[str, Any] = field(default_factory=dict)
    services: Services | None = None
    observe: TurnObserver | None = None  # (channel, seconds) of each turn, for /metrics
    engine: Engine = handle

    def context(self) -> Context:
        """The engine context for a turn now."""
        today = self.clock.now().date()
        return Context(faq=self.faq, today=today, settings=self.engine_settings)

    async def receive(
        self, message: ChannelMessage, prepare: Prepare | None = None, guard: Guard | None = None
    ) -> Received:
        """Handle one inbound from a channel and return the replies to show now.

        ``prepare`` runs inside the same transaction before the turn (storing an uploaded
        file, say) and returns the inbound to use, so a file is never saved without its turn.
        ``guard`` checks the conversation inside the transaction (the web chat's token).
        """
        started = time.perf_counter()
        async with self.db.writer() as connection:
            scope = _Scope(connection)
            try:
                row = await self._conversation(connection, message, guard)
                recorded = await self._record(scope, row, message, prepare)
                if isinstance(recorded, list):
                    return Received(row.id, recorded, duplicate=True)
                inbound, inbound_id = recorded
                done = await self._run(scope, row, inbound, inbound_id)
            finally:
                await scope.close()
        await self.after_commit(done)
        if self.observe is not None:
            self.observe(message.channel, time.perf_counter() - started)
        return Received(row.id, done.replies, message_id=inbound_id)

    async def inject(self, conversation_id: str, event: Event) -> list[Reply]:
        """Feed a system event (a reminder, a survey answer) to a conversation's engine."""
        async with self.db.writer() as connection:
            scope = _Scope(connection)
            try:
                done = await self._inject(scope, conversation_id, event)
            finally:
                await scope.close()
        await self.after_commit(done)
        return done.replies

    async def inject_in(
        self, session: AsyncSession, conversation_id: str, event: Event
    ) -> TurnDone:
        """``inject`` inside the caller's transaction (staff joining or leaving, with the rest
        of their change); call ``after_commit(done)`` once the caller has committed."""
        scope = _Scope(await session.connection(), session)
        return await self._inject(scope, conversation_id, event)

    async def notice(self, message: ChannelMessage, text_key: str, unsupported: str) -> Received:
        """Answer with one catalog sentence instead of a turn (a sticker, an edit, a group).

        The inbound is recorded as the fact ``unsupported`` (never its content), once per
        channel message id, and the sentence goes out like any reply.
        """
        now = self.clock.now()
        async with self.db.writer() as connection:
            row = await self._conversation(connection, message, None)
            body: dict[str, Any] = {
                "text": "",
                "button": None,
                "unsupported": unsupported,
                "attachments": [],
            }
            inbound_id = await sql.record_inbound(
                connection, row.id, body, message.message_key, now
            )
            if inbound_id is None:
                return Received(row.id, [], duplicate=True)
            lang: Lang = row.lang if row.lang in LANGS else "zh-Hans"
            reply = Reply(default_catalog().text(lang, text_key))
            await store_replies(
                connection, row, [reply.to_dict()], author="bot", now=now, reply_to=inbound_id
            )
        await self.after_commit(TurnDone(row.id, row.channel, [reply]))
        return Received(row.id, [reply], message_id=inbound_id)

    async def after_commit(self, done: TurnDone) -> None:
        """Wake the conversation's listeners and the senders, then run the effects' callbacks."""
        self.notifier.notify(done.conversation_id)
        if delivers(done.channel):
            self.notifier.notify("outbox")
        for callback in done.after_commit:
            try:
                await callback()
            except Exception:
                log.exception("after-commit callback failed")

    async def _conversation(
        self, connection: AsyncConnection, message: ChannelMessage, guard: Guard | None
    ) -> ConversationRow:
        lock = not self.db.is_sqlite
        row = await sql.find_conversation(connection, message.channel, message.chat_key, lock=lock)
        if guard is not None:
            guard(row)
        if row is None:
            lang = message.lang or "zh-Hans"
            row = await sql.create_conversation(
                connection, message.channel, message.chat_key, lang, self.clock.now()
            )
        return row

    async def _record(
        self, scope: _Scope, row: ConversationRow, message: ChannelMessage, prepare: Prepare | None
    ) -> tuple[Inbound, int] | list[Reply]:
        """Record the inbound once: (inbound, its id), or the first delivery's replies."""
        connection, key = scope.connection, message.message_key
        inbound = message.inbound
        if prepare is not None:
            # Checked first, so a redelivered file is never stored twice.
            if key is not None and await sql.first_delivery_seen(connection, row.id, key):
                return await _replies_to_first(connection, row.id, key)
            state = row.state or new_state()
            inbound = await prepare(scope.session(), scope.orm_conversation(row, state))
        body = _inbound_body(inbound, message.label)
        inbound_id = await sql.record_inbound(connection, row.id, body, key, self.clock.now())
        if inbound_id is None:
            assert key is not None  # only a key can conflict
            return await _replies_to_first(connection, row.id, key)
        return inbound, inbound_id

    async def _inject(self, scope: _Scope, conversation_id: str, event: Event) -> TurnDone:
        row = await sql.conversation_by_id(
            scope.connection, conversation_id, lock=not self.db.is_sqlite
        )
        if row is None:
            raise LookupError("no such conversation")
        return await self._run(scope, row, Inbound(event=event), None)

    async def _run(
        self, scope: _Scope, row: ConversationRow, inbound: Inbound, inbound_id: int | None
    ) -> TurnDone:
        now = self.clock.now()
        turn = self._engine(row.id, row.state or new_state(), inbound)
        replies, pending, state = list(turn.replies), list(turn.effects), turn.state
        done = TurnDone(row.id, row.channel, replies)
        applied = 0
        while pending:
            if applied == MAX_EFFECT_ROUNDS:
                _log_overflow(row.id, pending)
                break
            effect, applied = pending.pop(0), applied + 1
            context = EffectContext(
                scope.session(),
                scope.orm_conversation(row, state),
                dict(effect.data),
                now,
                self._services(),
                done.after_commit,
            )
            event = await self.effects.get(effect.name)(context)
            if event is not None:
                follow = self._engine(row.id, state, Inbound(event=event))
                state = follow.state
                replies += follow.replies
                pending += follow.effects
        columns = _turn_columns(row, state, scope.conversation, now)
        await scope.flush()
        await tag_matters(scope.connection, row.id, state, row.state, effects_ran=applied > 0)
        if row.mode != "bot" or columns["mode"] != "bot" or columns["has_matter"]:
            done.after_commit.append(self._wake_staff)  # a handoff, a live chat or a matter
        await sql.save_turn(scope.connection, row.id, columns)
        bodies = [reply.to_dict() for reply in replies]
        await store_replies(
            scope.connection, row, bodies, author="bot", reply_to=inbound_id, now=now
        )
        return done

    def _engine(self, conversation_id: str, state: dict[str, Any], inbound: Inbound) -> Turn:
        try:
            return self.engine(state, inbound, self.context())
        except Exception:
            # A bug in a flow must not lose the message or strand the citizen.
            log.exception("engine failed", extra={"conversation": conversation_id})
            lang: Lang = state.get("lang", "zh-Hans")
            catalog = default_catalog()
            person = Button(catalog.text(lang, "common.person"), "/person")
            return Turn(
                state=state,
                replies=[Reply(catalog.text(lang, "common.error"), [person])],
                effects=[],
            )

    def _services(self) -> Services:
        if self.services is None:
            raise RuntimeError("the runtime is not wired to its services (backend.wiring)")
        return self.services

    async def _wake_staff(self) -> None:
        """Tell the staff console's event streams that the queue or a live chat changed."""
        self.notifier.notify("staff")


def _inbound_body(inbound: Inbound, label: str | None) -> dict[str, Any]:
    return {
        "text": inbound.text,
        "button": inbound.button,
        "label": label,
        "attachments": [{"id": a.id, "kind": a.kind, "name": a.name} for a in inbound.attachments],
        **({"location": inbound.location.words()} if inbound.location else {}),
    }


async def _replies_to_first(
    connection: AsyncConnection, conversation_id: str, key: str
) -> list[Reply]:
    bodies = await sql.first_delivery_replies(connection, conversation_id, key)
    return [Reply.from_dict(body) for body in bodies]


def _turn_columns(
    row: ConversationRow, state: dict[str, Any], conversation: Conversation | None, now: datetime
) -> dict[str, Any]:
    """The conversation's columns after the turn, written once by ``save_turn``.

    Flags an effect set on the ORM object are taken over and marked saved there, so the
    session's flush does not write the row a second time.
    """
    urgent = bool(row.urgent or state.get("urgent"))
    has_matter = bool(row.has_matter)
    if conversation is not None:
        urgent = urgent or bool(conversation.urgent)
        has_matter = has_matter or bool(conversation.has_matter)
    columns = {
        "state": state,
        "mode": str(state.get("mode", "bot")),
        "lang": str(state.get("lang", "zh-Hans")),
        "urgent": urgent,
        "has_matter": has_matter,
        "updated_at": now,
    }
    if conversation is not None:
        for name, value in columns.items():
            set_committed_value(conversation, name, value)
    return columns


def _log_overflow(conversation_id: str, pending: list[Any]) -> None:
    """Effects left after ``MAX_EFFECT_ROUNDS``: a flow that keeps asking is a bug to fix."""
    log.error(
        "effects beyond the round limit were not run",
        extra={
            "conversation": conversation_id,
            "limit": MAX_EFFECT_ROUNDS,
            "dropped": [effect.name for effect in pending],
        },
    )
