"""Telegram files take the shared upload path: an archive or a macro document is refused
with the catalog's sentence and nothing is stored; a PDF is kept (issue 18)."""

from __future__ import annotations

from sqlalchemy import func, select

from backend.container import Services
from backend.db.models import Attachment
from tests.security.test_uploads import CASES, docx, pdf
from tests.telegram.conftest import bot_api, library, polling, vtimer
from tests.telegram.harness import CHAT, Citizen

__all__ = ["bot_api", "library", "polling", "vtimer"]


async def _stored(services: Services) -> int:
    async with services.db.reader() as session:
        return int(await session.scalar(select(func.count()).select_from(Attachment)) or 0)


async def test_archives_and_macros_are_refused_on_telegram(
    polling: Citizen, services: Services
) -> None:
    api = polling.api
    await polling.handled(api.inject_document(CHAT, "工资.zip", CASES[0][1], "application/zip"))
    assert "压缩包" in polling.texts()[-1]
    macro = docx("word/vbaProject.bin")
    await polling.handled(api.inject_document(CHAT, "合同.docx", macro, "application/msword"))
    assert "宏" in polling.texts()[-1]
    assert await _stored(services) == 0
    plain = pdf(b"<</Type /Catalog>>")
    await polling.handled(api.inject_document(CHAT, "判决书.pdf", plain, "application/pdf"))
    assert await _stored(services) == 1
