"""FAQ entries: the data model, and loading them from the YAML files lawyers edit.

Each ``knowledge/data/faq/<topic>.yaml`` holds a list of entries. Loading validates every
entry and stops at the first problem with a :class:`KnowledgeError` that names the file and
the entry id, so a reviewer can find the line to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.text import join_cjk_lines
from knowledge.yamlio import read_yaml

__all__ = [
    "CALL_NUMBERS",
    "TOPICS",
    "Citation",
    "FaqEntry",
    "KnowledgeError",
    "dangling_links",
    "default_data_dir",
    "load_entries",
]

TOPICS: tuple[str, ...] = (
    "wage_arrears",
    "labour_arbitration",
    "labour_contract",
    "work_injury",
    "social_insurance",
    "training_refund",
    "minors",
    "elderly_support",
    "disability",
    "domestic_violence",
    "legal_aid",
    "petition_complaint",
    "judicial_relief",
    "litigation_procedure",
    "limitation_period",
    "consumer",
    "support_lawsuit",
    "procuratorate_services",
    "other",
)

CALL_NUMBERS: frozenset[str] = frozenset(
    {"12333", "12348", "110", "12315", "12338", "12355", "12345", "12388", "12368", "12309", "120"}
)
_PLAIN_STEPS = frozenset({"eligibility", "complaint", "person", "status"})
_ID = re.compile(r"^[a-z][a-z0-9_]*-[0-9]{3}$")  # wage-001, lab2-001, civ2-001
_MIN_PARAPHRASES = 4


class KnowledgeError(ValueError):
    """A knowledge file is missing, unreadable or breaks the entry schema."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One legal basis: the law's name and the article (第三十条)."""

    law: str
    article: str


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One question-and-answer entry of the FAQ base."""

    id: str
    topic: str
    question: str
    paraphrases: tuple[str, ...]
    answer: str
    details: str
    citations: tuple[Citation, ...]
    next_steps: tuple[str, ...]
    reviewed: dt.date
    uncertain: bool = False


def default_data_dir() -> Path:
    """The FAQ files shipped with the package: ``knowledge/data/faq``."""
    return Path(__file__).resolve().parent / "data" / "faq"


def load_entries(directory: Path) -> list[FaqEntry]:
    """Load and validate every ``*.yaml`` file in ``directory``, sorted by file name."""
    if not directory.is_dir():
        raise KnowledgeError(f"{directory}: not a directory")
    entries: list[FaqEntry] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        for entry in _load_file(path):
            if entry.id in seen:
                raise KnowledgeError(
                    f"{path.name}: {entry.id}: duplicate id (also in {seen[entry.id]})"
                )
            seen[entry.id] = path.name
            entries.append(entry)
    return entries


def _load_file(path: Path) -> list[FaqEntry]:
    try:
        raw = read_yaml(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path.name}: cannot read: {exc}") from exc
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: expected a list of entries")
    return [_parse_entry(path.name, index, item) for index, item in enumerate(raw)]


def _parse_entry(file: str, index: int, item: Any) -> FaqEntry:
    if not isinstance(item, Mapping):
        raise KnowledgeError(f"{file}: entry #{index + 1}: expected a mapping")
    entry_id = str(item.get("id", f"#{index + 1}"))
    where = f"{file}: {entry_id}"
    if not _ID.match(entry_id):
        raise KnowledgeError(f"{where}: id must look like topic-001")
    topic = item.get("topic")
    if topic not in TOPICS:
        raise KnowledgeError(f"{where}: unknown topic {topic!r}")
    paraphrases = _strings(item.get("paraphrases"), where, "paraphrases")
    if len(paraphrases) < _MIN_PARAPHRASES:
        raise KnowledgeError(f"{where}: needs at least {_MIN_PARAPHRASES} paraphrases")
    return FaqEntry(
        id=entry_id,
        topic=str(topic),
        question=_text(item.get("question"), where, "question"),
        paraphrases=paraphrases,
        answer=join_cjk_lines(_text(item.get("answer"), where, "answer")),
        details=join_cjk_lines(str(item.get("details") or "").strip()),
        citations=_citations(item.get("citations"), where),
        next_steps=_next_steps(item.get("next_steps"), where),
        reviewed=_date(item.get("reviewed"), where),
        uncertain=_flag(item.get("uncertain", False), where),
    )


def _text(value: Any, where: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(f"{where}: {field} must be non-empty text")
    return value.strip()


def _strings(value: Any, where: str, field: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise KnowledgeError(f"{where}: {field} must be a list")
    return tuple(_text(v, where, field) for v in value)


def _citations(value: Any, where: str) -> tuple[Citation, ...]:
    if not isinstance(value, list) or not value:
        raise KnowledgeError(f"{where}: needs at least one citation")
    citations = []
    for item in value:
        if not isinstance(item, Mapping):
            raise KnowledgeError(f"{where}: a citation must have law and article")
        law = _text(item.get("law"), where, "citation law")
        article = item.get("article")
        citations.append(Citation(law=law, article=str(article).strip() if article else ""))
    return tuple(citations)


def _next_steps(value: Any, where: str) -> tuple[str, ...]:
    steps = _strings(value if value is not None else [], where, "next_steps")
    for step in steps:
        kind, _, arg = step.partition(":")
        ok = (
            (step in _PLAIN_STEPS)
            or (kind == "call" and arg in CALL_NUMBERS)
            or (kind == "faq" and bool(_ID.match(arg)))
        )
        if not ok:
            raise KnowledgeError(f"{where}: bad next_step {step!r}")
    return steps


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeError(f"{where}: reviewed must be a date (YYYY-MM-DD)") from exc


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise KnowledgeError(f"{where}: uncertain must be true or false")
    return value


def dangling_links(entries: Iterable[FaqEntry]) -> list[str]:
    """``faq:<id>`` next steps that name no loaded entry, as ``"<entry id> -> <step>"``.

    Not a load error: the FAQ is written topic by topic, and one missing related-entry
    button should not take every answer offline. The data tests report these.
    """
    entries = list(entries)
    known = {entry.id for entry in entries}
    return [
        f"{entry.id} -> {step}"
        for entry in entries
        for step in entry.next_steps
        if step.startswith("faq:") and step.removeprefix("faq:") not in known
    ]
