"""The FAQ editor behind the console: search, read, preview and save knowledge entries.

Saves go to the YAML files the answerer watches (``FRONTDESK_FAQ_DIR``, else the packaged
``knowledge/data/faq``), so an edit takes effect without a restart: the answerer rebuilds its
index when a file's size or mtime changes. Production images should set ``FRONTDESK_FAQ_DIR``
to a writable copy of the packaged files; a read-only directory is reported, not hidden.

Only the edited entry's block of its file is rewritten; the file's comments and the other
entries stay as the lawyers wrote them. Every save is a ``faq_revisions`` row (the full entry
YAML, author, version) and an audit entry, in the caller's transaction: if the database write
fails the file is untouched, because the file is written last.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import FaqRevision, StaffUser
from backend.settings import Settings
from backend.staff import audit
from knowledge.answerer import FaqAnswerer
from knowledge.faq import FaqEntry, KnowledgeError, default_data_dir, load_entries
from knowledge.index import FaqIndex, IndexOptions, TextTokenizer

FIELDS = (
    "id",
    "topic",
    "question",
    "paraphrases",
    "answer",
    "details",
    "citations",
    "next_steps",
    "reviewed",
    "uncertain",
)
_ENTRY_START = re.compile(r"^- id:[ \t]*['\"]?([^'\"\s]+)['\"]?[ \t]*$", re.MULTILINE)
_write_lock = threading.Lock()  # one read-modify-write of a FAQ file at a time per process
# Parsing the YAML files takes about a second (pure-Python YAML); keep the last parse per
# directory until a file's size or mtime changes.
_parsed: dict[Path, tuple[tuple[tuple[str, int, int], ...], list[FaqEntry]]] = {}


class FaqEditError(ValueError):
    """The edit cannot be accepted (the message says why, for a 422)."""


class EntryNotFound(LookupError):
    """No FAQ entry with that id."""


class FaqDirectoryReadOnly(PermissionError):
    """The FAQ directory cannot be written (set FRONTDESK_FAQ_DIR to a writable copy)."""


class StaleEdit(ValueError):
    """Someone saved a newer version since this edit was started."""


@dataclass(frozen=True)
class SavedEntry:
    """The outcome of a save: the entry, its new version and the file written."""

    entry: FaqEntry
    version: int
    file: str


def faq_directory(settings: Settings) -> Path:
    """The directory the answerer reads and the editor writes."""
    return settings.faq_dir or default_data_dir()


def current_entries(directory: Path) -> list[FaqEntry]:
    """The directory's entries, parsed again only when a file changed."""
    files = sorted(directory.glob("*.yaml"))
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    cached = _parsed.get(directory)
    if cached is not None and cached[0] == stamp:
        return list(cached[1])
    entries = load_entries(directory)
    _parsed[directory] = (stamp, entries)
    return list(entries)


def search_entries(directory: Path, query: str = "", limit: int = 5000) -> list[dict[str, Any]]:
    """Entries whose id, question, paraphrases or answer contain ``query`` (all when empty)."""
    needle = query.strip().lower()
    found = []
    for entry in current_entries(directory):
        haystack = " ".join((entry.id, entry.question, *entry.paraphrases, entry.answer))
        if needle in haystack.lower():
            found.append(
                {
                    "id": entry.id,
                    "topic": entry.topic,
                    "question": entry.question,
                    "uncertain": entry.uncertain,
                    "reviewed": entry.reviewed.isoformat(),
                }
            )
    return found[:limit]


def read_entry(directory: Path, entry_id: str) -> dict[str, Any]:
    """The entry as an editable document (the YAML fields, dates as ISO text)."""
    for entry in current_entries(directory):
        if entry.id == entry_id:
            return entry_document(entry)
    raise EntryNotFound(entry_id)


def entry_document(entry: FaqEntry) -> dict[str, Any]:
    """An entry in the YAML file's shape, fields in the files' order."""
    return {
        "id": entry.id,
        "topic": entry.topic,
        "question": entry.question,
        "paraphrases": list(entry.paraphrases),
        "answer": entry.answer,
        "details": entry.details,
        "citations": [{"law": c.law, "article": c.article} for c in entry.citations],
        "next_steps": list(entry.next_steps),
        "reviewed": entry.reviewed.isoformat(),
        "uncertain": entry.uncertain,
    }


def validate_document(document: dict[str, Any]) -> FaqEntry:
    """Check an edited entry with the loader's own rules; raises FaqEditError."""
    clean = {name: document[name] for name in FIELDS if document.get(name) is not None}
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "entry.yaml"
        path.write_text(_dump([clean]), encoding="utf-8")
        try:
            (entry,) = load_entries(Path(scratch))
        except KnowledgeError as exc:
            raise FaqEditError(str(exc).removeprefix("entry.yaml: ")) from None
    return entry


def preview(
    directory: Path,
    document: dict[str, Any],
    question: str,
    *,
    tokenizer: TextTokenizer | None = None,
    options: IndexOptions | None = None,
    k: int = 5,
) -> dict[str, Any]:
    """What the search would return for ``question`` with the edited entry in place."""
    edited = validate_document(document)
    entries = [e for e in current_entries(directory) if e.id != edited.id] + [edited]
    answer = FaqAnswerer(FaqIndex.build(entries, tokenizer, options)).ask(question, k)
    return {
        "decision": answer.decision,
        "confidence": round(answer.confidence, 3),
        "hits": [
            {
                "id": hit.entry.id,
                "topic": hit.entry.topic,
                "question": hit.entry.question,
                "score": round(hit.score, 3),
                "edited": hit.entry.id == edited.id,
            }
            for hit in answer.hits
        ],
    }


async def current_version(session: AsyncSession, entry_id: str) -> int:
    """The latest saved version of an entry (0 when never edited in the console)."""
    latest = await session.scalar(
        select(func.max(FaqRevision.version)).where(FaqRevision.entry_id == entry_id)
    )
    return int(latest or 0)


async def revisions(session: AsyncSession, entry_id: str) -> list[dict[str, Any]]:
    """An entry's console revisions, newest first."""
    rows = await session.scalars(
        select(FaqRevision)
        .where(FaqRevision.entry_id == entry_id)
        .order_by(FaqRevision.version.desc())
    )
    return [
        {"version": r.version, "author_id": r.author_id, "at": r.at.isoformat(), "yaml": r.content}
        for r in rows
    ]


async def save_entry(
    session: AsyncSession,
    directory: Path,
    document: dict[str, Any],
    *,
    author: StaffUser,
    now: dt.datetime,
    base_version: int | None = None,
) -> SavedEntry:
    """Validate, record the revision and its audit entry, then write the entry's YAML file."""
    entry = validate_document(document)
    version = await current_version(session, entry.id) + 1
    if base_version is not None and base_version != version - 1:
        raise StaleEdit(entry.id)
    block = _dump([_ordered(entry)])
    try:
        async with session.begin_nested():  # a concurrent save of the same version fails alone
            session.add(
                FaqRevision(
                    entry_id=entry.id, version=version, content=block, author_id=author.id, at=now
                )
            )
            await session.flush()
    except IntegrityError:
        raise StaleEdit(entry.id) from None
    await audit.record(session, author, "faq_edit", "faq_entry", entry.id, at=now, version=version)
    await session.flush()  # any database error surfaces here, before the file is touched
    file = write_entry(directory, entry, block)
    return SavedEntry(entry, version, file)


def write_entry(directory: Path, entry: FaqEntry, block: str) -> str:
    """Replace (or append) the entry's block in its file, atomically; returns the file name."""
    with _write_lock:
        owners = _owners(directory)
        path = directory / owners.get(entry.id, f"{entry.topic}.yaml")
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        new = _replace_block(old, entry.id, block)
        loaded = yaml.safe_load(new)
        if not isinstance(loaded, list) or not any(
            isinstance(item, dict) and item.get("id") == entry.id for item in loaded
        ):
            raise FaqEditError(f"{path.name}: the edited file would not hold {entry.id}")
        _atomic_write(path, new)
    return path.name


def _owners(directory: Path) -> dict[str, str]:
    owners: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        for match in _ENTRY_START.finditer(path.read_text(encoding="utf-8")):
            owners.setdefault(match.group(1), path.name)
    return owners


def _replace_block(text: str, entry_id: str, block: str) -> str:
    starts = list(_ENTRY_START.finditer(text))
    for number, match in enumerate(starts):
        if match.group(1) != entry_id:
            continue
        end = starts[number + 1].start() if number + 1 < len(starts) else len(text)
        # Comments and blank lines just before the next entry belong to that entry.
        tail = re.search(r"(?:\n(?:[ \t]*#[^\n]*)?)*\Z", text[match.start() : end])
        keep = tail.group(0) if tail else ""
        return text[: match.start()] + block.rstrip("\n") + (keep or "\n") + text[end:]
    separator = (
        "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    )
    return text + separator + block


def _atomic_write(path: Path, text: str) -> None:
    try:
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, path)
    except PermissionError as exc:
        raise FaqDirectoryReadOnly(str(path.parent)) from exc
    except OSError as exc:
        if exc.errno in (13, 30):  # EACCES, EROFS
            raise FaqDirectoryReadOnly(str(path.parent)) from exc
        raise


def _ordered(entry: FaqEntry) -> dict[str, Any]:
    document = entry_document(entry)
    document["reviewed"] = entry.reviewed
    if not document["details"]:
        del document["details"]
    return document


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
