"""The draft application letter download for the web chat.

``GET /api/webchat/sessions/{id}/letter/{tracking_no}`` with ``Authorization: Bearer <token>``
returns the .docx of that session's own application: another session's token is refused (401)
and another session's tracking number is not found (404), so one citizen cannot read another's.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Header, Request, Response

from backend.container import Services
from backend.services import webchat
from backend.services.letter import DOCX_MIME, letter_for
from bot.errors import ApiError

router = APIRouter(prefix="/api/webchat", tags=["web chat"])


@router.get("/sessions/{session_id}/letter/{tracking_no}")
async def download_letter(
    session_id: str,
    tracking_no: str,
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    """The draft 支持起诉申请书 (.docx) of this session's application."""
    services: Services = request.app.state.services
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, "unauthorized", "missing bearer token")
    async with services.db.reader() as session:
        try:
            await webchat.authenticate(session, session_id, authorization[7:].strip())
        except webchat.SessionNotFound:
            raise ApiError(404, "not_found", "no such chat session") from None
        except webchat.BadToken:
            raise ApiError(401, "unauthorized", "token does not match this session") from None
        letter = await letter_for(
            session, session_id, tracking_no.upper(), services.settings.timezone
        )
    if letter is None:
        raise ApiError(404, "not_found", "no such application in this session")
    filename, content = letter
    disposition = f"attachment; filename=\"letter.docx\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content,
        media_type=DOCX_MIME,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )
