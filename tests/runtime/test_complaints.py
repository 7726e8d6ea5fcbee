"""Complaints and 查询进度 through the runtime, on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select, text

from backend.container import Services
from backend.db.crypto import active_cipher
from backend.db.models import Attachment, Conversation, Matter, MatterEvent, Message, Reminder
from backend.runtime import ChannelMessage, Received
from backend.services.attachments import store_attachment
from backend.services.notify import notify_citizen
from dialogs.types import Attachment as InboundFile
from dialogs.types import Inbound

PHONE = "13800138000"
WAGES = "我在城南工地干了八个月，老板欠我两万三千元工资一直不给，有欠条。"


def msg(
    text: str = "", button: str | None = None, chat: str = "chat-1", channel: str = "terminal"
) -> ChannelMessage:
    return ChannelMessage(channel, chat, Inbound(text=text, button=button))


async def say(
    services: Services, *lines: str, chat: str = "chat-1", channel: str = "terminal"
) -> Received:
    """Send lines; ``!x`` taps the button with payload x. Returns the last turn."""
    received: Received | None = None
    for line in lines:
        tapped = line.startswith("!")
        message = msg(
            "" if tapped else line, line[1:] if tapped else None, chat=chat, channel=channel
        )
        received = await services.runtime.receive(message)
    assert received is not None
    return received


def intake(facts: str = WAGES, phone: str | None = PHONE, danger: str = "") -> tuple[str, ...]:
    """A wage complaint routed elsewhere and submitted anyway (named, or anonymous)."""
    contact = ("!named", "王小明", phone) if phone else ("!anonymous",)
    extra = (danger,) if danger else ()
    return (
        "!go:complaint",
        "!yes",  # consent comes first
        "!work",
        "!wages",
        "!submit_anyway",
        facts,
        *extra,
        "!done",
        "要回工资",
        "!no",
        *contact,
        "!confirm",
    )


async def matters(services: Services) -> list[Matter]:
    async with services.db.reader() as session:
        return list(await session.scalars(select(Matter).order_by(Matter.id)))


async def events_of(services: Services, matter_id: int) -> list[MatterEvent]:
    async with services.db.reader() as session:
        rows = await session.scalars(
            select(MatterEvent).where(MatterEvent.matter_id == matter_id).order_by(MatterEvent.id)
        )
        return list(rows)


async def test_submission_opens_exactly_one_matter_with_tracking_no_and_dates(
    services: Services,
) -> None:
    received = await say(services, *intake())
    [matter] = await matters(services)
    assert matter.kind == "complaint" and matter.status == "received" and matter.open
    assert matter.tracking_no and matter.tracking_no.startswith("C261123")
    assert matter.route == "wage_arrears" and matter.category == "work"
    assert matter.procedural_due == date(2026, 11, 30)
    assert matter.result_due == date(2027, 2, 23)
    assert matter.next_due == matter.procedural_due
    assert matter.contact_name == "王小明" and matter.contact_phone == PHONE
    assert matter.phone_hash == active_cipher().lookup_hash(PHONE)
    assert "两万三千元工资" in matter.details["facts"] and matter.details["request"] == "要回工资"
    confirmation = received.replies[-1]
    assert confirmation.tracking_no == matter.tracking_no
    assert "7日内，即2026年11月30日前" in confirmation.text
    assert "3个月内，即2027年2月23日前" in confirmation.text
    [event] = await events_of(services, matter.id)
    assert event.kind == "received" and event.visible_to_citizen
    async with services.db.reader() as session:
        conversation = await session.scalar(select(Conversation))
        raw = (await session.execute(text("SELECT contact_phone, details FROM matters"))).one()
        reminders = await session.scalar(select(func.count()).select_from(Reminder))
    assert conversation is not None and conversation.has_matter
    assert PHONE not in raw[0] and "两万三千元" not in raw[1]
    assert reminders and reminders > 0


async def test_due_dates_follow_the_2026_national_day_holiday(services: Services) -> None:
    services.clock.current = datetime(2026, 9, 24, 2, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    await say(services, *intake())
    [matter] = await matters(services)
    # 09-24 + 7 days = 10-01, inside 国庆 (10-01…10-07 off): rolled to Thursday 10-08.
    assert matter.procedural_due == date(2026, 10, 8)
    assert matter.result_due == date(2026, 12, 24)
    assert matter.due_provisional is False


async def test_a_repeat_within_30_days_is_linked_not_twinned(services: Services) -> None:
    first = await say(services, *intake())
    services.clock.advance(days=3)  # type: ignore[attr-defined]
    again = await say(services, *intake(WAGES + "请尽快处理。"))
    [matter] = await matters(services)
    assert again.replies[-1].tracking_no == matter.tracking_no == first.replies[-1].tracking_no
    assert "30天内" in again.replies[-1].text
    kinds = [e.kind for e in await events_of(services, matter.id)]
    assert kinds == ["received", "repeat"]
    # The same phone from another conversation may be someone else (nobody verified it):
    # a matter of its own, its own number, linked for staff only (issue 18).
    elsewhere = await say(services, *intake(WAGES), chat="web-9", channel="web")
    assert elsewhere.replies[-1].tracking_no not in (None, matter.tracking_no)
    assert all(matter.tracking_no not in r.text for r in elsewhere.replies)
    first_matter, second = await matters(services)
    assert second.repeat_of_id == first_matter.id
    notes = [e for e in await events_of(services, second.id) if e.kind == "possible_repeat"]
    assert [n.visible_to_citizen for n in notes] == [False]
    assert notes[0].data["note"].startswith(f"可能与 {matter.tracking_no} 重复")
    assert [e.kind for e in await events_of(services, matter.id)][-1] == "possible_repeat"
    # A different matter, or the same one after 30 days, is a new matter.
    await say(services, *intake("培训机构倒闭了，孩子的学费八千元不退，老板联系不上。"))
    services.clock.advance(days=31)  # type: ignore[attr-defined]
    await say(services, *intake())
    assert len(await matters(services)) == 4


async def test_anonymous_is_queued_without_clocks(services: Services) -> None:
    received = await say(services, *intake(phone=None))
    [matter] = await matters(services)
    assert matter.anonymous and matter.open and matter.tracking_no
    assert matter.procedural_due is None and matter.next_due is None
    assert matter.contact_phone is None and matter.phone_hash is None
    assert "匿名事项" in received.replies[-1].text


async def test_a_danger_word_mid_flow_makes_the_complaint_urgent(services: Services) -> None:
    received = await say(services, *intake(danger="老板说要杀我"))
    [matter] = await matters(services)
    assert matter.urgent
    assert "紧急" in received.replies[-1].text


async def test_files_and_voice_notes_join_the_matter(services: Services) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    amr = b"#!AMR\n" + b"\x00" * 64
    await say(services, "!go:complaint", "!yes", "!suggestion")
    for content, voice in ((png, False), (amr, True)):

        async def prepare(session, conversation, content=content, voice=voice):  # type: ignore[no-untyped-def]
            stored = await store_attachment(
                session,
                conversation,
                content=content,
                filename="x",
                max_bytes=10_000,
                now=services.clock.now(),
                voice_hint=voice,
            )
            return Inbound(attachments=(InboundFile(stored.id, stored.kind),))  # type: ignore[arg-type]

        await services.runtime.receive(msg(), prepare=prepare)
    await say(services, "建议开通语音留言", "!done", "方便老人", "!skip", "!anonymous")
    await say(services, "!confirm")
    [matter] = await matters(services)
    async with services.db.reader() as session:
        files = list(await session.scalars(select(Attachment).order_by(Attachment.created_at)))
    assert [f.matter_id for f in files] == [matter.id, matter.id]
    assert any(f.needs_listening for f in files)
    assert "needs_listening" in matter.flags


async def test_status_from_the_same_chat(services: Services) -> None:
    await say(services, *intake())
    [matter] = await matters(services)
    received = await say(services, "!go:status")
    reply = received.replies[-1].text
    assert matter.tracking_no in reply
    assert "收到您的事项" in reply and "2026年11月30日前" in reply


async def test_status_from_another_channel_needs_the_last_four_digits(services: Services) -> None:
    await say(services, *intake())
    [matter] = await matters(services)
    assert matter.tracking_no is not None
    found = await say(
        services, "!go:status", matter.tracking_no.lower(), "8000", chat="w", channel="web"
    )
    assert matter.tracking_no in found.replies[-1].text
    assert "2026年11月30日前" in found.replies[-1].text


async def test_wrong_or_unknown_numbers_reveal_nothing(services: Services) -> None:
    await say(services, *intake())
    [matter] = await matters(services)
    assert matter.tracking_no is not None
    wrong_pair = await say(services, "!go:status", matter.tracking_no, "1234", chat="a")
    unknown = await say(services, "!go:status", "C26112399999", "8000", chat="b")
    assert [r.text for r in wrong_pair.replies] == [r.text for r in unknown.replies]
    assert matter.tracking_no not in wrong_pair.replies[0].text
    assert "王" not in wrong_pair.replies[0].text and "收到您的事项" not in unknown.replies[0].text


async def test_failed_look_ups_are_limited_per_day(services: Services) -> None:
    await say(services, *intake())
    [matter] = await matters(services)
    assert matter.tracking_no is not None
    await say(services, "!go:status", chat="x")
    for _ in range(5):
        last = await say(services, "C26112399999", "0000", chat="x")
    assert "明天再试" in last.replies[-1].text
    blocked = await say(services, "!other", matter.tracking_no, "8000", chat="x")
    assert all(matter.tracking_no not in r.text for r in blocked.replies)
    services.clock.advance(days=1)  # type: ignore[attr-defined]
    allowed = await say(services, "!other", matter.tracking_no, "8000", chat="x")
    assert matter.tracking_no in allowed.replies[-1].text


async def test_notify_citizen_writes_to_the_conversation_in_its_language(
    services: Services,
) -> None:
    await say(services, "/lang en")
    await say(services, *intake())
    async with services.db.transaction() as session:
        matter = await session.scalar(select(Matter))
        assert matter is not None
        message = await notify_citizen(
            session, matter, "status.notify.transferred", now=services.clock.now(), body="12333"
        )
        assert message is not None
    async with services.db.reader() as session:
        last = await session.scalar(select(Message).order_by(Message.id.desc()).limit(1))
    assert last is not None and last.author == "bot"
    assert last.body["text"].startswith("Your matter (tracking number C")
    assert last.body["tracking_no"] == matter.tracking_no
