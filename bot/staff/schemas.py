"""Response models of the staff API: one family per resource, documented in ``/openapi.json``.

The services build plain dicts (``backend.staff``); these models check and document their
shape at the edge. They allow extra keys, so a field a service adds reaches the console
before its model names it — name it here in the same change.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Public(BaseModel):
    """A response: known fields checked, further fields passed through."""

    model_config = ConfigDict(extra="allow")


class Ok(Public):
    """A change that returns nothing else."""

    ok: bool


class StaffRef(Public):
    """Who, as the console shows a colleague."""

    id: int
    display_name: str


class UserPublic(Public):
    """A staff account (never its password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    languages: list[str]
    active: bool
    locked: bool
    created_at: str


class UsersPublic(Public):
    """Every staff account."""

    users: list[UserPublic]


class SignedIn(Public):
    """The signed-in user and the CSRF token the page sends back with every change."""

    user: dict[str, Any]
    csrf_token: str


class ItemPublic(Public):
    """One line of the queue (no personal data)."""

    id: int
    kind: str
    status: str
    open: bool
    tracking_no: str | None
    urgent: bool
    received_at: str
    next_due: str | None
    due_status: str
    provisional: bool
    assignee: StaffRef | None
    channel: str | None
    summary: str | None
    category: str | None
    route: str | None
    outcome: str | None
    flags: list[str]


class QueuePublic(Public):
    """A page of the queue with the at-a-glance counts."""

    items: list[ItemPublic]
    counts: dict[str, Any]
    page: int
    pages: int
    total: int
    total_capped: bool


class Allowed(Public):
    """What the signed-in user may do to the item now."""

    transitions: list[str]
    actions: list[str]
    close_reasons: list[str] = []


class ItemDetail(ItemPublic):
    """The whole item: masked facts and contact, deadlines, timeline, transcript, files."""

    facts: dict[str, Any]
    contact: dict[str, str | None]
    anonymous: bool
    rule_trace: list[Any]
    procedural_due: str | None
    result_due: str | None
    procedural_replied_at: str | None
    result_replied_at: str | None
    first_response_at: str | None
    closed_at: str | None
    satisfaction: str | None
    conversation_id: str | None
    events: list[dict[str, Any]]
    transcript: list[dict[str, Any]]
    attachments: list[dict[str, Any]]
    allowed: Allowed


class Revealed(Public):
    """One masked field in clear (the transcript: its messages)."""

    value: str | list[dict[str, Any]] | None


class TemplatePublic(Public):
    """A reply template: the deadline it answers, the status it leads to, its text."""

    key: str
    deadline: str
    status: str | None
    fields: list[str]
    label: str
    text: str


class TemplatesPublic(Public):
    """The reply templates."""

    templates: list[TemplatePublic]


class ReplySent(Public):
    """A reply recorded and queued for the citizen."""

    item_id: int
    status: str
    message_id: int
    event_id: int
    next_due: str | None


class NoteAdded(Public):
    """A private note on the timeline."""

    id: int
    kind: str
    at: str


class MessageSent(Public):
    """A live message written to the citizen."""

    message_id: int


class AuditPage(Public):
    """A page of the audit log, newest first."""

    entries: list[dict[str, Any]]
    page: int
    pages: int
    total: int


class FaqEntries(Public):
    """FAQ entries matching a search."""

    entries: list[dict[str, Any]]


class FaqEntryPublic(Public):
    """An FAQ entry as an editable document, with its version and revisions."""

    entry: dict[str, Any]
    version: int
    revisions: list[dict[str, Any]]


class FaqSaved(Public):
    """A saved FAQ entry: its new version, its file, and whether the index reloaded."""

    entry: dict[str, Any]
    version: int
    file: str
    reloaded: bool


class DashboardPublic(Public):
    """The supervisors' dashboard for a period."""

    period: dict[str, str]
    volumes: dict[str, Any]
    procedural_in_time: dict[str, Any]
    result_in_time: dict[str, Any]
    overdue_now: int
    satisfaction: Any
    median_first_response_hours: float | None
    faq_misses: list[Any]
    faq_feedback: list[Any]
    calendar_warnings: list[str]


class CalendarPublic(Public):
    """The staff calendar: ``start`` and the days, each with its bookings in words."""

    start: str
    days: list[dict[str, Any]]
