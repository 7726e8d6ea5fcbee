"""Single-use, short-lived tickets for the web chat's event stream.

``EventSource`` cannot send an ``Authorization`` header, so the stream used ``?token=`` and
the session's bearer token ended up in proxy access logs. Now the page spends its token on
``POST …/stream-tickets`` (a header, never logged) and opens the stream with the ticket:
valid for ``stream_ticket_seconds``, for that conversation only, and deleted as it is
redeemed, so a logged URL opens nothing. Tickets live in the database, so any worker can
redeem a ticket another issued.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete

from backend.db.database import Database
from backend.db.models import StreamTicket


def _hash(ticket: str) -> str:
    return hashlib.sha256(f"frontdesk-stream:{ticket}".encode()).hexdigest()


async def issue(db: Database, conversation_id: str, *, now: datetime, seconds: int) -> str:
    """A new ticket for the conversation's stream (shown once)."""
    ticket = secrets.token_urlsafe(24)
    async with db.transaction() as session:
        session.add(
            StreamTicket(
                ticket_hash=_hash(ticket),
                conversation_id=conversation_id,
                expires_at=now + timedelta(seconds=seconds),
            )
        )
    return ticket


async def redeem(db: Database, conversation_id: str, ticket: str, *, now: datetime) -> bool:
    """True once for a live ticket of this conversation; the ticket is gone afterwards."""
    async with db.transaction() as session:
        result = await session.execute(
            delete(StreamTicket).where(
                StreamTicket.ticket_hash == _hash(ticket),
                StreamTicket.conversation_id == conversation_id,
                StreamTicket.expires_at > now,
            )
        )
    return int(getattr(result, "rowcount", 0) or 0) == 1
