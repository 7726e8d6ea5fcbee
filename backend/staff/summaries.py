"""A matter in a line and in a card: who (masked), what happened, how much, what is due.

The queue row and the case page's summary card are built here from the matter's columns and
its (decrypted) details, in the reader's language, with personal data masked (names 张*,
phones 138****5678, numbers inside the story). Nothing here is a code a person must decode.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from backend.db.models import Matter, StaffUser
from backend.deadlines import official_years
from backend.privacy_masks import mask_id_number, mask_name, mask_phone, mask_text
from backend.staff.kinds import kind_of
from backend.staff.labels import Labels
from backend.staff.queue import DueWindow
from dialogs.parsing import parse_amount

LINE = 60  # characters of the story in a queue row
_MONEY = re.compile(
    r"[0-9０-９][0-9０-９.,，]*\s*(?:万元|万|元|块)|[零一二两三四五六七八九十百千万]+(?:万元|元|块)"
)
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def story(matter: Matter) -> str:
    """What happened, as the citizen told it (masked), or '' when the kind has no story."""
    details = matter.details or {}
    facts = details.get("story") or details.get("facts")
    if isinstance(facts, list):
        facts = "\n".join(str(f) for f in facts)
    return mask_text(facts) if isinstance(facts, str) else ""


def first_sentence(text: str, limit: int = LINE) -> str:
    """The first sentence, cut to ``limit`` characters with an ellipsis."""
    found = _SENTENCE.search(text.strip())
    sentence = (found.group(0) if found else text).strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def amount_of(matter: Matter) -> Decimal | None:
    """The money at stake: the application's answer, or an amount written in the story."""
    details = matter.details or {}
    answers = details.get("answers") if isinstance(details.get("answers"), dict) else {}
    given = (answers or {}).get("amount")
    if given:
        try:
            return Decimal(str(given))
        except ArithmeticError:
            return None
    for span in _MONEY.findall(story(matter)):
        found = parse_amount(span)
        if found is not None:
            return found
    return None


def amount_words(amount: Decimal | None, labels: Labels) -> str | None:
    """23000 → "23,000 元"."""
    if amount is None:
        return None
    shown = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return labels.text("item.yuan", amount=shown)


def who(matter: Matter, labels: Labels) -> str:
    """The citizen's name, masked; 匿名 or 未留姓名 when there is none."""
    if matter.contact_name:
        return mask_name(matter.contact_name)
    return labels.text("queue.anonymous" if matter.anonymous else "queue.no_name")


def other_side(matter: Matter) -> str:
    """Who the citizen is up against, when the intake asked (masked numbers)."""
    answers = (matter.details or {}).get("answers")
    respondent = answers.get("respondent") if isinstance(answers, dict) else None
    return mask_text(str(respondent)) if respondent else ""


def complaint_heading(matter: Matter, labels: Labels) -> str:
    """申诉·不服判决: the legal kind the route gave and the topic; the topic alone when the
    kind is the catch-all ``other`` (其他事项·拖欠工资 said nothing more than 拖欠工资)."""
    code = (matter.details or {}).get("kind")
    topic = labels.category(matter.category)
    return f"{labels.complaint_kind(code)}·{topic}" if code and code != "other" else topic


def one_line(matter: Matter, labels: Labels) -> str:
    """The queue's one-line summary: the kind of matter and what happened."""
    details = matter.details or {}
    if matter.kind == "complaint":
        head = complaint_heading(matter, labels)
        text = story(matter)
        return f"{head}：{first_sentence(text)}" if text else head
    if matter.kind == "application":
        facts = details.get("facts") if isinstance(details.get("facts"), dict) else {}
        head = labels.fact_value("matter", (facts or {}).get("matter"))
        side = other_side(matter)
        return f"{head}：{labels.text('item.other_side')} {side}" if side else head
    if matter.kind == "relief":
        facts = details.get("facts") if isinstance(details.get("facts"), dict) else {}
        return labels.fact_value("harm", (facts or {}).get("harm"))
    if matter.kind == "handoff":
        return labels.text("summary.handoff", where=_flow_words(details.get("flow"), labels))
    if matter.kind == "lead":
        head = labels.first(f"lead.category.{matter.category}") or labels.kind(matter.kind)
        text = story(matter)
        return f"{head}：{first_sentence(text)}" if text else head
    return labels.kind(matter.kind)


def _flow_words(flow: Any, labels: Labels) -> str:
    return labels.first(f"menu.item.{flow}") or labels.text("summary.menu")


def markers(matter: Matter, labels: Labels, followup_due: bool = False) -> list[dict[str, str]]:
    """The row's badges: 紧急, 需藏汉双语, 群众已回复, 语音待听, 待回访."""
    found = []
    flags = (matter.flags or "").split(",")
    if matter.urgent:
        found.append("urgent")
    if "needs_bo" in flags:
        found.append("needs_bo")
    if matter.citizen_replied_at is not None and matter.open:
        found.append("citizen_replied")
    if "needs_listening" in flags:
        found.append("needs_listening")
    if followup_due:
        found.append("followup_due")
    return [{"code": code, "label": labels.text(f"marker.{code}")} for code in found]


def due_view(matter: Matter, window: DueWindow, labels: Labels) -> dict[str, Any]:
    """The next deadline: which reply, the date, days left or over, in words."""
    due = matter.next_due if matter.open else None
    status = window.status(due)
    if due is None:
        kind = kind_of(matter.kind)
        unclocked = kind is not None and not kind.clocked and matter.open
        label = (
            labels.status(matter.status)
            if unclocked
            else labels.text("due.not_set" if matter.anonymous else "due.none")
        )
        return {"status": "none", "label": label, "which": "", "date": None, "days": None}
    days = (due - window.today).days
    label = days_words(days, labels)
    return {
        "status": status,
        "label": label,
        "which": labels.text(f"due.{_which(matter, due)}"),
        "date": due.isoformat(),
        "date_label": labels.text("due.by", date=labels.date(due)),
        "days": days,
        "provisional": provisional(matter, due),
    }


def days_words(days: int, labels: Labels) -> str:
    """还剩 3 天 / 今天到期 / 已超期 2 天."""
    if days < 0:
        return labels.text("due.days_over", days=-days)
    return labels.text("due.today") if days == 0 else labels.text("due.days_left", days=days)


def provisional(matter: Matter, due: date) -> bool:
    """True when this date rests on a year without the State Council's holiday schedule."""
    return matter.due_provisional and due.year not in official_years()


def _which(matter: Matter, due: date) -> str:
    if matter.procedural_replied_at is None and due == matter.procedural_due:
        return "procedural"
    if matter.result_replied_at is None and due == matter.result_due:
        return "result"
    return "progress"


def waiting_view(matter: Matter, now: datetime, labels: Labels, target: int) -> dict[str, Any]:
    """How long a citizen has waited for a person, against the response target."""
    kind = kind_of(matter.kind)
    if kind is None or kind.pinned is None or matter.status != kind.pinned or not matter.open:
        return {}
    minutes = max(0, int((now - matter.received_at).total_seconds() // 60))
    over = matter.respond_by is not None and now > matter.respond_by
    key = "due.waiting_over" if over else "due.waiting"
    return {
        "minutes": minutes,
        "over": over,
        "respond_by": matter.respond_by.isoformat() if matter.respond_by else None,
        "label": labels.text(key, minutes=minutes, target=target),
    }


def assignee_words(user: StaffUser | None, labels: Labels) -> str:
    """经办：张三 / 未分配."""
    return (
        labels.text("queue.assignee", name=user.display_name) if user else labels.text("queue.none")
    )


def contact_view(matter: Matter) -> dict[str, str | None]:
    """Masked contact fields (the reveal button shows one, audited)."""
    return {
        "name": mask_name(matter.contact_name) if matter.contact_name else None,
        "phone": mask_phone(matter.contact_phone) if matter.contact_phone else None,
        "id_number": mask_id_number(matter.id_number) if matter.id_number else None,
    }
