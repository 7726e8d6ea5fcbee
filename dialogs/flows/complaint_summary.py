"""The complaint's summary: everything given so far, one primary action, a change per field."""

from __future__ import annotations

from dialogs.conversation import Conversation
from dialogs.flows.complaint_kinds import SUGGESTION
from dialogs.routing import routing_table
from dialogs.types import Button

__all__ = ["EDITABLE", "SUMMARY_TEXT_LIMIT", "ask_summary", "shorten"]

EDITABLE = ("route", "facts", "request", "earlier", "contact")
SUMMARY_TEXT_LIMIT = 120  # characters of the facts shown back on the summary


def shorten(text: str) -> str:
    """Text cut to what a summary shows."""
    return text if len(text) <= SUMMARY_TEXT_LIMIT else text[:SUMMARY_TEXT_LIMIT] + "…"


def _category_label(conv: Conversation) -> str:
    category = str(conv.data.get("category") or "")
    if category == SUGGESTION:
        return conv.t("complaint.topic_suggestion")
    key = f"routing.option.{routing_table().start}.{category}"
    return conv.t(key) if conv.catalog.has(key) else ""


def _summary_lines(conv: Conversation) -> list[str]:
    data, empty = conv.data, conv.t("complaint.summary.empty")
    route = routing_table().route(str(data.get("route")))
    facts = shorten(" / ".join(data.get("facts", []))) or empty
    body = conv.t(f"routing.route.{route.id}.body")
    kind = conv.t(f"complaint.kind.{data.get('kind', 'other')}")
    lines = [
        conv.t("complaint.summary_head"),
        conv.t("complaint.summary.what", value=_category_label(conv) or empty),
        conv.t("complaint.summary.kind_filed", value=kind),
        conv.t(f"complaint.summary.{'route' if route.within else 'route_transfer'}", value=body),
        conv.t("complaint.summary.facts", value=facts),
        conv.t("complaint.summary.request", value=data.get("request") or empty),
    ]
    if data.get("earlier") == "yes":
        detail = data.get("earlier_detail") or empty
        lines.append(conv.t("complaint.summary.earlier", value=detail))
    else:
        lines.append(conv.t("complaint.summary.earlier_none"))
    return lines + _contact_lines(conv)


def _contact_lines(conv: Conversation) -> list[str]:
    data = conv.data
    if data.get("anonymous"):
        lines = [conv.t("complaint.summary.contact_anonymous")]
    else:
        lines = [conv.t("complaint.summary.contact", name=data["name"], phone=data["phone"])]
    files = data.get("attachments", [])
    if files:
        key = "files_voice" if data.get("needs_listening") else "files"
        lines.append(conv.t(f"complaint.summary.{key}", count=len(files)))
    return [*lines, conv.t("complaint.summary_tail")]


def ask_summary(conv: Conversation) -> None:
    """Everything given so far, 确认提交 as the one primary action, a change button per field."""
    conv.data.pop("_edit", None)
    buttons = [conv.button("complaint.confirm", "confirm")]
    buttons += [
        Button(conv.t(f"complaint.edit.{f}"), f"edit:{f}", secondary=True) for f in EDITABLE
    ]
    buttons.append(conv.button("common.person", "/person"))
    conv.say("\n".join(_summary_lines(conv)), buttons, ask="confirm")
