"""One timeline of a case: the citizen's messages, replies, status changes, claims, notes,
reminders and follow-ups, in the order they happened, each in words.

Built from the conversation's transcript (as the item API returns it, so whatever masking
the transcript gets applies here too) and the matter's events. A staff reply is one entry
(its event), not two; a citizen message that went to the case is shown once, as the message,
marked as added to the case. The bot's own messages are included but marked ``bot`` so the
page can fold them away.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from backend.db.models import MatterEvent, StaffUser
from backend.privacy_masks import mask_text
from backend.staff.labels import Labels
from backend.teams.names import team_name

Entry = dict[str, Any]


def build_timeline(
    transcript: list[dict[str, Any]],
    events: list[MatterEvent],
    users: dict[int, StaffUser],
    labels: Labels,
    timezone: str = "Asia/Shanghai",
    tracking_no: str | None = None,
) -> list[Entry]:
    """Messages and events merged by time (events after messages of the same moment).

    The conversation up to the message that confirmed ``tracking_no`` is the intake the
    summary card already shows: it is kept, folded with the bot's words (``bot``).
    """
    to_case = {
        int(e.data["message_id"])
        for e in events
        if e.kind == "citizen_reply" and isinstance((e.data or {}).get("message_id"), int)
    }
    shown_ids = {int(m["id"]) for m in transcript if isinstance(m.get("id"), int)}
    intake_end = _confirmation(transcript, tracking_no)
    entries: list[tuple[str, int, int, Entry]] = []
    for message in transcript:
        entry = message_entry(message, labels, to_case)
        if entry is not None and int(message.get("id") or 0) <= intake_end:
            entry["bot"] = True
        if entry is not None:
            entries.append((str(message.get("at") or ""), 0, int(message.get("id") or 0), entry))
    for event in events:
        if event.kind == "citizen_reply" and (event.data or {}).get("message_id") in shown_ids:
            continue
        entries.append((event.at.isoformat(), 1, event.id, event_entry(event, users, labels)))
    entries.sort(key=lambda item: item[:3])
    zone = ZoneInfo(timezone)
    return [{**entry, "at_label": _local(entry.get("at"), zone)} for *_, entry in entries]


def _confirmation(transcript: list[dict[str, Any]], tracking_no: str | None) -> int:
    """The id of the bot's message that gave the tracking number (0 when there is none)."""
    if not tracking_no:
        return 0
    return next(
        (
            int(m.get("id") or 0)
            for m in transcript
            if m.get("direction") == "out" and m.get("tracking_no") == tracking_no
        ),
        0,
    )


def _local(at: Any, zone: ZoneInfo) -> str:
    """``2026-11-23 10:05`` in the service's time zone (what every caseworker's clock says)."""
    try:
        moment = datetime.fromisoformat(str(at))
    except ValueError:
        return ""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def message_entry(message: dict[str, Any], labels: Labels, to_case: set[int]) -> Entry | None:
    """A transcript message as a timeline entry (None for what is not worth showing)."""
    author = str(
        message.get("author") or ("citizen" if message.get("direction") == "in" else "bot")
    )
    if author == "staff" and message.get("staff_reply"):
        return None  # the reply's event stands for it
    button = str(message.get("button") or "")
    if message.get("direction") == "in" and button.startswith("/start"):
        return None
    text = str(message.get("text") or "")
    if not text and button:
        if not message.get("label"):
            return None  # a tap whose words were not kept says nothing to a reader
        text = "▶ " + str(message["label"])
    files = [_file(a, labels) for a in message.get("attachments") or [] if isinstance(a, dict)]
    if not text and not files:
        return None
    message_id = message.get("id")
    who = str(message.get("staff_name") or "") if author == "staff" else ""
    return {
        "id": f"m{message_id}",
        "at": message.get("at"),
        "author": author,
        "who": who or labels.event(author),
        "kind": "message",
        "label": labels.text("event.citizen_reply") if message_id in to_case else "",
        "text": text,
        "files": files,
        "bot": author == "bot" or bool(button),
        "private": False,
    }


def event_entry(event: MatterEvent, users: dict[int, StaffUser], labels: Labels) -> Entry:
    """A matter event as a timeline entry, its details in words."""
    data = dict(event.data or {})
    actor = users.get(event.actor_id) if event.actor_id is not None else None
    author = "staff" if actor else "citizen" if event.kind in _CITIZEN else "system"
    describe = _TEXTS.get(event.kind)
    files = [_file(a, labels) for a in data.get("attachments") or [] if isinstance(a, dict)]
    return {
        "id": f"e{event.id}",
        "at": event.at.isoformat(),
        "author": author,
        "who": actor.display_name if actor else labels.event(author),
        "kind": event.kind,
        "label": _label(event, data, labels),
        "text": describe(data, labels) if describe is not None else "",
        "files": files,
        "bot": False,
        "private": not event.visible_to_citizen,
    }


_CITIZEN = frozenset({"citizen_reply", "repeat", "satisfaction"})


def _label(event: MatterEvent, data: dict[str, Any], labels: Labels) -> str:
    label = labels.event(event.kind)
    template = data.get("template")
    if event.kind == "reply" and template and template != "free":
        named = labels.first(f"staff.label.{template}")
        return labels.text("event_text.reply_with", label=label, template=named) if named else label
    return label


def _file(attachment: dict[str, Any], labels: Labels) -> dict[str, Any]:
    kind = str(attachment.get("kind") or "other")
    return {
        "id": str(attachment.get("id") or ""),
        "kind": kind,
        "label": labels.first(f"console.file.{kind}") or labels.text("file.other"),
        "url": f"/api/staff/attachments/{attachment.get('id')}",
    }


def _status(data: dict[str, Any], labels: Labels) -> str:
    text = labels.text(
        "event_text.status",
        **{"from": labels.status(data.get("from")), "to": labels.status(data.get("to"))},
    )
    why = labels.first(f"console.close_reason.{data.get('close_reason')}")
    if why:
        text = f"{text}；{labels.text('event_text.close_reason', reason=why)}"
    reason = mask_text(str(data.get("reason") or "").strip())
    return f"{text}；{reason}" if reason else text


def _override(data: dict[str, Any], labels: Labels) -> str:
    text = labels.text(
        "event_text.override",
        **{"from": labels.outcome(data.get("from")), "to": labels.outcome(data.get("to"))},
    )
    return f"{text}；{data.get('reason', '')}" if data.get("reason") else text


def _reminder(data: dict[str, Any], labels: Labels) -> str:
    name = labels.first(f"console.reminder.{data.get('reminder')}") or labels.text("reminder.other")
    return labels.text("event_text.reminder", reminder=name, date=data.get("due_on", ""))


def _satisfaction(data: dict[str, Any], labels: Labels) -> str:
    if data.get("rating"):
        rating = labels.first(f"console.rating.{data['rating']}") or labels.text("value.other")
        return labels.text("event_text.satisfaction", rating=rating)
    return mask_text(str(data.get("comment") or ""))


def _converted(data: dict[str, Any], labels: Labels) -> str:
    return labels.text(
        "event_text.converted",
        kind=labels.kind(data.get("kind")),
        tracking_no=data.get("tracking_no", ""),
    )


def _followup(data: dict[str, Any], labels: Labels) -> str:
    parts = [
        labels.first(f"console.followup.{data.get(key)}") or ""
        for key in ("status", "method")
        if data.get(key)
    ]
    if data.get("result"):
        parts.append(labels.first(f"console.rating.{data['result']}") or "")
    note = mask_text(str(data.get("note") or ""))
    return "·".join(p for p in [*parts, note] if p)


def _team_transfer(data: dict[str, Any], labels: Labels) -> str:
    return labels.text(
        "event_text.team_transfer",
        reason=str(data.get("reason") or ""),
        **{
            "from": team_name(data.get("from"), labels.lang),
            "to": team_name(data.get("to"), labels.lang),
        },
    )


_TEXTS: dict[str, Callable[[dict[str, Any], Labels], str]] = {
    "reply": lambda d, lb: str(d.get("text") or ""),
    "note": lambda d, lb: str(d.get("text") or ""),
    "status": _status,
    "override": _override,
    "assigned": lambda d, lb: lb.text("event_text.assigned", name=d.get("name", "")),
    "reminder_fired": _reminder,
    "satisfaction": _satisfaction,
    "repeat": lambda d, lb: mask_text(str(d.get("facts") or "")),
    "citizen_reply": lambda d, lb: mask_text(str(d.get("text") or "")),
    "urgent": lambda d, lb: str(d.get("note") or ""),  # what the danger words were about
    "converted": _converted,
    "converted_from": lambda d, lb: lb.text("event_text.converted_from"),
    "followup": _followup,
    "team_transfer": _team_transfer,
}
