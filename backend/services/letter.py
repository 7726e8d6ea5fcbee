"""The draft support-lawsuit application letter (支持起诉申请书) as a .docx.

:func:`build_letter` turns an application matter into the letter's bytes: applicant, the other
party, the request with the amount, the facts in plain words, the pre-screen reasons with
their citations, the evidence list, the date and a signature line. It is pure (no database),
so the web chat route, the Telegram sender (``send_document``) and the staff console all use
it; :func:`letter_for` loads a conversation's own application and builds its letter.

The letter is always in Simplified Chinese: it is a document for a Chinese procuratorate.
Its wording lives in the ``eligibility.letter`` catalog keys; the reasons come from the rules.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from docx import Document
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Matter
from backend.services.applications import application_for
from dialogs.catalog import default_catalog
from dialogs.eligibility import ASK_ORDER, load_rules, localised
from dialogs.types import Lang

__all__ = ["DOCX_MIME", "build_letter", "letter_filename", "letter_for"]

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANG: Lang = "zh-Hans"


def _t(key: str, **values: Any) -> str:
    return default_catalog().text(LANG, f"eligibility.{key}", **values)


def letter_filename(matter: Matter) -> str:
    """The download's file name, e.g. ``支持起诉申请书-A26112300001.docx``."""
    return f"{_t('letter.title')}-{matter.tracking_no or matter.id}.docx"


def _answer(key: str, value: Any) -> str:
    if key == "days_since_award":
        return _t("summary.days", days=value)
    if key.startswith("months_since_"):
        return _t("summary.months", months=value)
    return _t(f"opt.{key}.{value}")


def _request(matter: Matter, facts: dict[str, Any], answers: dict[str, Any]) -> str:
    matter_words = _answer("matter", facts["matter"]) if facts.get("matter") else ""
    amount = answers.get("amount")
    shown = _t("apply.confirm.yuan", value=amount) if amount else _t("letter.amount_unknown")
    return _t("letter.request", matter=matter_words, amount=shown)


def _facts(document: Any, facts: dict[str, Any]) -> None:
    document.add_heading(_t("letter.facts_title"), level=2)
    for key in (k for k in ASK_ORDER if k in facts):
        line = _t("letter.facts_line", question=_t(f"short.{key}"), answer=_answer(key, facts[key]))
        document.add_paragraph(line, style="List Bullet")


def _reasons(document: Any, reasons: list[dict[str, Any]]) -> None:
    if not reasons:
        return
    document.add_heading(_t("letter.reasons_title"), level=2)
    for reason in reasons:
        text = dict(reason.get("text") or {}).get(LANG, "")
        cited = "；".join(f"《{c['law']}》{c['article']}" for c in reason.get("citations", []))
        document.add_paragraph(f"{text}（{cited}）" if cited else text, style="List Bullet")


def _evidence(document: Any, matter_kind: str | None) -> None:
    book = load_rules()
    items = book.checklists.get(matter_kind or "", ())
    if not items:
        return
    document.add_heading(_t("letter.evidence_title"), level=2)
    for item in items:
        document.add_paragraph(localised(book.evidence_items[item], LANG), style="List Number")


def _head(document: Any, matter: Matter, answers: dict[str, Any]) -> None:
    document.add_heading(_t("letter.title"), level=1)
    document.add_paragraph(_t("letter.draft_note"))
    document.add_paragraph(_t("letter.tracking", value=matter.tracking_no or ""))
    missing = _t("apply.confirm.not_given")
    document.add_paragraph(
        _t(
            "letter.applicant",
            name=matter.contact_name or missing,
            phone=matter.contact_phone or missing,
            id_number=matter.id_number or missing,
        )
    )
    document.add_paragraph(_t("letter.respondent", value=answers.get("respondent") or missing))
    if answers.get("people"):
        document.add_paragraph(_t("letter.people", value=answers["people"]))


def _close(document: Any, received: datetime, timezone: str) -> None:
    day = received.astimezone(ZoneInfo(timezone))
    document.add_paragraph(_t("letter.closing"))
    document.add_paragraph(_t("letter.addressee"))
    document.add_paragraph(_t("letter.signature"))
    document.add_paragraph(_t("letter.date", year=day.year, month=day.month, day=day.day))


def build_letter(matter: Matter, timezone: str = "Asia/Shanghai") -> bytes:
    """The draft 支持起诉申请书 for an application matter, as .docx bytes."""
    details: dict[str, Any] = dict(matter.details or {})
    facts = dict(details.get("facts") or {})
    answers = dict(details.get("answers") or {})
    document = Document()
    _head(document, matter, answers)
    document.add_heading(_t("letter.request_title"), level=2)
    document.add_paragraph(_request(matter, facts, answers))
    _facts(document, facts)
    _reasons(document, list(details.get("reasons") or []))
    _evidence(document, facts.get("matter"))
    _close(document, matter.received_at, timezone)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


async def letter_for(
    session: AsyncSession, conversation_id: str, tracking_no: str, timezone: str = "Asia/Shanghai"
) -> tuple[str, bytes] | None:
    """The file name and bytes of the conversation's own application letter, or None."""
    matter = await application_for(session, conversation_id, tracking_no)
    if matter is None:
        return None
    return letter_filename(matter), build_letter(matter, timezone)
