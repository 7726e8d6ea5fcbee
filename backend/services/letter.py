"""The draft support-lawsuit application letter (支持起诉申请书) as an A4 .docx.

:func:`build_letter` lays out the letter :mod:`backend.services.letter_text` composes:
the title; 申请人 (and 法定代理人), 被申请人 (one or several); 申请事项; 事实与理由; 此致 /
____人民检察院; 附 (the files actually uploaded, the co-claimants of a group); the signature
line 申请人（签名或捺印）; the date; and a small note that it is a draft to check. It is pure (no
database), so the web chat route, the Telegram sender (``send_document``) and the staff
console all use it; :func:`letter_for` loads a conversation's own application.

Layout follows the habits of Chinese official documents (GB/T 9704) loosely: A4, margins
3.7 / 3.5 / 2.8 / 2.6 cm, a 宋体 title, 仿宋 body text at 16 pt (三号) with a two-character
first-line indent. The letter is always in Simplified Chinese: it goes to a procuratorate.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Matter
from backend.services.applications import application_for
from backend.services.letter_text import Letter, LetterInput, compose
from dialogs.catalog import default_catalog

__all__ = ["DOCX_MIME", "build_letter", "letter_filename", "letter_for"]

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT, TITLE_FONT = "仿宋", "宋体"
BODY_SIZE, TITLE_SIZE, NOTE_SIZE = Pt(16), Pt(22), Pt(10.5)


def letter_filename(matter: Matter) -> str:
    """The download's file name, e.g. ``支持起诉申请书-A26112300001.docx``."""
    title = default_catalog().text("zh-Hans", "letter.title")
    return f"{title}-{matter.tracking_no or matter.id}.docx"


def _page(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)


def _paragraph(document: Any, text: str, *, indent: bool = True, align: Any = None) -> Any:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.name = BODY_FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    if indent:
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _title(document: Any, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(14)
    paragraph.paragraph_format.line_spacing = Pt(40)
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = TITLE_SIZE
    run.font.name = TITLE_FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), TITLE_FONT)


def _heading(document: Any, text: str) -> None:
    run = _paragraph(document, text, indent=True).runs[0]
    run.bold = True


def _note(document: Any, text: str) -> None:
    paragraph = _paragraph(document, text, indent=False)
    paragraph.paragraph_format.space_before = Pt(18)
    paragraph.paragraph_format.line_spacing = Pt(16)
    run = paragraph.runs[0]
    run.font.size = NOTE_SIZE
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _write(document: Any, letter: Letter) -> None:
    _title(document, letter.title)
    for line in letter.parties:
        _paragraph(document, line)
    _heading(document, letter.request_title)
    _paragraph(document, letter.request)
    _heading(document, letter.facts_title)
    for text in letter.facts:
        _paragraph(document, text)
    _paragraph(document, letter.closing)
    _paragraph(document, letter.addressee, indent=False)
    _paragraph(document, letter.annex_title)
    for line in letter.annex:
        _paragraph(document, line)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for index, line in enumerate(letter.signatures):
        paragraph = _paragraph(document, line, indent=False, align=right)
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(28)
    _paragraph(document, letter.date, indent=False, align=right)
    _note(document, letter.draft_note)


def build_letter(matter: Matter, timezone: str = "Asia/Shanghai") -> bytes:
    """The draft 支持起诉申请书 for an application matter, as .docx bytes."""
    letter = compose(
        LetterInput(
            name=matter.contact_name,
            phone=matter.contact_phone,
            id_number=matter.id_number,
            tracking_no=matter.tracking_no or str(matter.id),
            received_at=matter.received_at,
            details=dict(matter.details or {}),
        ),
        timezone,
    )
    document = Document()
    _page(document)
    _write(document, letter)
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
