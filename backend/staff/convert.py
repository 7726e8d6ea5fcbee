"""Turning a handoff (转人工) into a complaint or an application, carrying the conversation.

What the citizen said to the person becomes the new matter's story; the name and phone they
typed are offered to the caseworker to check (``prefill``, audited like a reveal). The new
matter keeps the conversation, so its timeline shows the whole transcript, and its clocks
run from when the citizen first asked for a person. The handoff closes; the citizen is told
the tracking number and the dates by the engine (``case.registered``), and their next words
go to the new matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.container import Services
from backend.db.crypto import active_cipher
from backend.db.models import Matter, MatterEvent, Message, StaffUser
from backend.deadlines import reply_deadlines
from backend.privacy_masks import MOBILE
from backend.services.applications import promised
from backend.services.reminders import on_matter_opened
from backend.services.search_terms import add_terms
from backend.services.tracking import new_tracking_no
from backend.staff import audit
from backend.staff.common import ensure_may_act, load_matter, today, wake
from backend.staff.errors import Conflict, Invalid
from dialogs.globals_ import command_of, is_greeting
from dialogs.parsing import valid_phone
from dialogs.types import Event, Inbound

KINDS = ("complaint", "application")
MAX_FACTS = 10_000
MAX_FIELD = 1_000
_NAME = re.compile(r"(?:我叫|我是|我姓名是|姓名[:：是]?|名字[:：是叫]?)\s*([\u4e00-\u9fa5]{2,4})")


@dataclass(frozen=True)
class Conversion:
    """What the caseworker registers: the kind, the story, the request, name and phone."""

    kind: str
    facts: str
    request: str = ""
    name: str = ""
    phone: str = ""

    def checked(self) -> Conversion:
        """The same, trimmed and validated (``Invalid`` names what is wrong)."""
        if self.kind not in KINDS:
            raise Invalid("invalid", f"kind must be one of {', '.join(KINDS)}")
        facts = self.facts.strip()
        if not facts or len(facts) > MAX_FACTS:
            raise Invalid("invalid", f"the story needs 1 to {MAX_FACTS} characters")
        phone = valid_phone(self.phone) if self.phone.strip() else ""
        if phone is None:
            raise Invalid("invalid", "the phone number is not valid")
        name = self.name.strip()
        if len(name) > 30 or len(self.request) > MAX_FIELD:
            raise Invalid("too_long", "the name or the request is too long")
        return Conversion(self.kind, facts, self.request.strip(), name, phone)


async def citizen_lines(session: AsyncSession, conversation_id: str) -> list[tuple[int, str]]:
    """What the citizen typed in the conversation (message id, text), oldest first."""
    rows = await session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.direction == "in")
        .order_by(Message.id)
    )
    found = []
    for row in rows:
        text = str((row.body or {}).get("text") or "").strip()
        said = Inbound(text=text)
        if text and command_of(said) is None and not is_greeting(said):  # not 转人工, 你好
            found.append((row.id, text))
    return found


async def prefill(services: Services, user: StaffUser, handoff_id: int) -> dict[str, str]:
    """The form's starting values from the chat; audited (it may show a name and a phone)."""
    async with services.db.transaction() as session:
        handoff = await _live_handoff(session, handoff_id)
        lines = await citizen_lines(session, str(handoff.conversation_id))
        texts = [text for _, text in lines]
        name = next((m.group(1) for t in texts if (m := _NAME.search(t))), "")
        phone = next((m.group(1) for t in texts if (m := MOBILE.search(t))), "")
        await audit.record(
            session,
            user,
            "convert_prefill",
            "matter",
            handoff.id,
            at=services.clock.now(),
            fields=[f for f, v in (("name", name), ("phone", phone)) if v],
        )
    return {"facts": "\n".join(texts)[:MAX_FACTS], "name": name, "phone": phone, "request": ""}


async def _live_handoff(session: AsyncSession, handoff_id: int, lock: bool = False) -> Matter:
    handoff = await load_matter(session, handoff_id, lock=lock)
    if handoff.kind != "handoff" or not handoff.open or handoff.conversation_id is None:
        raise Conflict("not_convertible", "only an open handoff can be registered as an item")
    return handoff


async def convert(services: Services, user: StaffUser, handoff_id: int, form: Conversion) -> Matter:
    """Register the handoff as a complaint or application; close the handoff; tell the citizen."""
    form = form.checked()
    now = services.clock.now()
    async with services.db.transaction() as session:
        handoff = await _live_handoff(session, handoff_id, lock=True)
        ensure_may_act(user, handoff)
        lines = await citizen_lines(session, str(handoff.conversation_id))
        matter = await _new_matter(session, services, handoff, form, user)
        matter.details = {**matter.details, "message_ids": [i for i, _ in lines]}
        await _close_handoff(session, handoff, matter, user, now)
        await audit.record(
            session, user, "convert", "matter", handoff.id, at=now, new_item=matter.id
        )
    wake(services, matter.conversation_id)
    event = Event(
        "case.registered",
        {
            "kind": matter.kind,
            "tracking_no": matter.tracking_no,
            "matter_id": matter.id,
            "on": today(services).isoformat(),
            **promised(matter, services.deadline_policy),
        },
    )
    await services.runtime.inject(str(matter.conversation_id), event)
    return matter


async def _new_matter(
    session: AsyncSession, services: Services, handoff: Matter, form: Conversion, user: StaffUser
) -> Matter:
    received = handoff.received_at  # the clocks run from when the citizen asked
    due = reply_deadlines(received, services.deadline_policy, services.calendar)
    now = services.clock.now()
    matter = Matter(
        tracking_no=await new_tracking_no(session, form.kind, received, services.settings.timezone),
        kind=form.kind,
        status="received",
        open=True,
        conversation_id=handoff.conversation_id,
        channel=handoff.channel,
        urgent=handoff.urgent,
        details=_details(form, handoff),
        contact_name=form.name or None,
        contact_phone=form.phone or None,
        phone_hash=active_cipher().lookup_hash(form.phone) if form.phone else None,
        received_at=received,
        procedural_due=due.procedural_reply_due,
        result_due=due.result_reply_due,
        next_due=due.procedural_reply_due,
        due_provisional=due.provisional,
        assignee_id=user.id,
        created_at=now,
        updated_at=now,
    )
    session.add(matter)
    await session.flush()
    for kind, visible in (("received", True), ("converted_from", False)):
        session.add(
            MatterEvent(
                matter_id=matter.id,
                kind=kind,
                actor_id=user.id,
                visible_to_citizen=visible,
                data={"handoff_id": handoff.id},
                at=now,
            )
        )
    await add_terms(session, matter.id, [form.facts, form.request, form.name], form.phone)
    await on_matter_opened(session, matter, services, now)
    return matter


def _details(form: Conversion, handoff: Matter) -> dict[str, Any]:
    if form.kind == "complaint":
        return {
            "kind": "other",
            "facts": form.facts,
            "request": form.request,
            "from_handoff": handoff.id,
        }
    return {
        "facts": {},
        "story": form.facts,
        "answers": {"respondent": None, "amount": None, "people": None},
        "request": form.request,
        "from_handoff": handoff.id,
    }


async def _close_handoff(
    session: AsyncSession, handoff: Matter, matter: Matter, user: StaffUser, now: Any
) -> None:
    session.add(
        MatterEvent(
            matter_id=handoff.id,
            kind="converted",
            actor_id=user.id,
            data={"kind": matter.kind, "tracking_no": matter.tracking_no, "matter_id": matter.id},
            at=now,
        )
    )
    handoff.status, handoff.open, handoff.open_handoff_key = "closed", False, None
    handoff.closed_at = handoff.updated_at = now
    handoff.next_due = None
    handoff.first_response_at = handoff.first_response_at or now
