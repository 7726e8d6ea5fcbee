"""A blind search index for the console: find a matter by name, phone tail or a word of its story.

Personal fields and the facts are encrypted, so ``LIKE`` cannot see into them. Instead each
matter gets terms: every character pair of its text (names, facts, the request, what the
citizen added later) and ``tel:<last four digits>`` of its phone, each stored as a keyed hash
(``FieldCipher.lookup_hash``, cut to 16 hex digits). A query is split the same way and a
matter matches when it has every one of the query's terms. Without the key, the table says
nothing but how many distinct terms a matter has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.crypto import active_cipher
from backend.db.database import Database
from backend.db.models import Matter, MatterEvent, MatterTerm
from dialogs.choices import normalise

TERM_CHARS = 16
MAX_TERMS_PER_TEXT = 4000  # a 10,000-character story has fewer distinct pairs than this
MAX_QUERY_TERMS = 24
_DIGITS = re.compile(r"\D")


def _plain(text: str) -> str:
    return "".join(ch for ch in normalise(text) if ch.isalnum())


def pairs(text: str) -> list[str]:
    """The distinct character pairs of a text (letters and digits only), in order."""
    plain = _plain(text)
    found = dict.fromkeys(plain[i : i + 2] for i in range(len(plain) - 1))
    return list(found)[:MAX_TERMS_PER_TEXT]


def phone_tail(phone: str | None) -> str | None:
    """``tel:5678`` for a phone number with at least four digits."""
    digits = _DIGITS.sub("", phone or "")
    return f"tel:{digits[-4:]}" if len(digits) >= 4 else None


def hashed(term: str) -> str:
    """The stored form of a term."""
    return active_cipher().lookup_hash(f"term:{term}")[:TERM_CHARS]


def terms_for(texts: Iterable[str | None], phone: str | None = None) -> set[str]:
    """The hashed terms of some texts and a phone number."""
    terms = {hashed(p) for text in texts if text for p in pairs(text)}
    tail = phone_tail(phone)
    if tail is not None:
        terms.add(hashed(tail))
    return terms


async def add_terms(
    session: AsyncSession, matter_id: int, texts: Iterable[str | None], phone: str | None = None
) -> int:
    """Index more of a matter (idempotent); returns how many terms were new."""
    terms = terms_for(texts, phone)
    if not terms:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(MatterTerm).values(
        [{"term": term, "matter_id": matter_id} for term in sorted(terms)]
    )
    result = await session.execute(statement.on_conflict_do_nothing())
    return max(int(getattr(result, "rowcount", 0) or 0), 0)


def query_terms(q: str) -> list[str]:
    """The hashed terms a query needs: a phone's last four digits, or the query's pairs."""
    stripped = q.strip()
    if re.fullmatch(r"\d{4}", stripped):
        return [hashed(f"tel:{stripped}")]
    return [hashed(p) for p in pairs(stripped)][:MAX_QUERY_TERMS]


def matches(q: str) -> ColumnElement[bool] | None:
    """A condition on ``Matter`` for the query, or None when the query has no terms."""
    terms = query_terms(q)
    if not terms:
        return None
    having = (
        select(MatterTerm.matter_id)
        .where(MatterTerm.term.in_(terms))
        .group_by(MatterTerm.matter_id)
        .having(func.count() == len(set(terms)))
    )
    return Matter.id.in_(having)


def matter_texts(matter: Matter) -> list[str | None]:
    """What a matter may be found by: the name, the story, the request, the other side."""
    details = matter.details or {}
    answers = details.get("answers") if isinstance(details.get("answers"), dict) else {}
    facts = details.get("story") or details.get("facts")
    story = (
        facts
        if isinstance(facts, str)
        else "\n".join(map(str, facts))
        if isinstance(facts, list)
        else ""
    )
    return [matter.contact_name, story, details.get("request"), (answers or {}).get("respondent")]


async def reindex(db: Database, batch: int = 200) -> int:
    """Index every matter again (matters from before the index existed); returns terms added."""
    added, after = 0, 0
    while True:
        async with db.transaction() as session:
            matters = list(
                await session.scalars(
                    select(Matter).where(Matter.id > after).order_by(Matter.id).limit(batch)
                )
            )
            for matter in matters:
                replies = await session.scalars(
                    select(MatterEvent.data).where(
                        MatterEvent.matter_id == matter.id, MatterEvent.kind == "citizen_reply"
                    )
                )
                texts = [
                    *matter_texts(matter),
                    *(str((d or {}).get("text") or "") for d in replies),
                ]
                added += await add_terms(session, matter.id, texts, matter.contact_phone)
        if len(matters) < batch:
            return added
        after = matters[-1].id
