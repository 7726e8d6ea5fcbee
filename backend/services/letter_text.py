"""The words of the 支持起诉申请书, composed from an application's facts and answers.

Pure: :func:`compose` takes what the case holds and returns the letter's parts as plain
strings; :mod:`backend.services.letter` lays them out on A4. The sentences come from the
``letter`` catalog area; they are written prose about 申请人 and 被申请人 (never the
interview's questions, never "you"). Where the citizen did not give a field the letter needs
(民族 is never asked; a company's credit code rarely known), the sentence carries a drawn
blank line (``________``) to be filled in by hand.

Sex and date of birth come from the 18-character ID number (GB 11643: digits 7–14 are the
date of birth, digit 17 is odd for men) when one was given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from backend.services.letter_facts import facts_paragraphs, legal_basis
from dialogs.catalog import default_catalog

__all__ = ["Letter", "LetterInput", "compose", "person_from_id"]

_FILE_KINDS = frozenset({"photo", "document", "voice"})


@dataclass(frozen=True)
class LetterInput:
    """What the case holds: contact fields (decrypted), the received time, the details."""

    name: str | None
    phone: str | None
    id_number: str | None
    tracking_no: str
    received_at: datetime
    details: dict[str, Any]


@dataclass(frozen=True)
class Letter:
    """The letter's parts, in order."""

    title: str
    parties: list[str]
    request_title: str
    request: str
    facts_title: str
    facts: list[str]
    closing: str
    addressee: str
    annex_title: str
    annex: list[str]
    signatures: list[str]
    date: str
    draft_note: str


def _t(key: str, **values: Any) -> str:
    return default_catalog().text("zh-Hans", f"letter.{key}", **values)


def person_from_id(id_number: str | None) -> tuple[str, str]:
    """性别 and 出生日期 (e.g. "男", "1949年12月31日") from an ID number, or blank lines."""
    if not id_number or len(id_number) != 18:
        return _t("blank_short"), _t("blank_long")
    born = id_number[6:14]
    sex = _t("sex.male") if int(id_number[16]) % 2 else _t("sex.female")
    return sex, f"{int(born[:4])}年{int(born[4:6])}月{int(born[6:])}日"


def _or_blank(value: Any, blank: str = "blank_long") -> str:
    return str(value) if value else _t(blank)


def _parties(data: LetterInput, letter: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    sex, birth = person_from_id(data.id_number)
    address = _or_blank(letter.get("address"))
    party = letter.get("party")
    if not party:
        applicant = _t(
            "applicant",
            name=_or_blank(data.name),
            sex=sex,
            birth=birth,
            ethnicity=_t("blank_short"),
            address=address,
            id_number=_or_blank(data.id_number),
            phone=_or_blank(data.phone),
        )
        return [applicant, *_respondents(letter, answers)]
    party_sex, party_birth = person_from_id(party.get("id_number"))
    lines = [
        _t(
            "party",
            name=_or_blank(party.get("name")),
            sex=party_sex,
            birth=party_birth,
            ethnicity=_t("blank_short"),
            address=address,
            id_number=_or_blank(party.get("id_number")),
        ),
        _t(
            "representative",
            name=_or_blank(data.name),
            relation=_t(f"relation.{party.get('relation') or 'other'}"),
            id_number=_or_blank(data.id_number),
            phone=_or_blank(data.phone),
        ),
    ]
    return [*lines, *_respondents(letter, answers)]


def _respondents(letter: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    found = letter.get("respondents") or []
    if not found:  # none given, or an application filed before the letter had its own fields
        who = answers.get("respondent") or _t("blank_long")
        return [_t("respondent_blank", who=who, address=_t("blank_long"))]
    lines = []
    for r in found:
        if r.get("kind") == "company":
            line = _t(
                "respondent_company",
                who=r.get("who") or _t("blank_long"),
                code=_t("blank_code"),
                legal_rep=_or_blank(r.get("legal_rep"), "blank_short"),
                address=_t("blank_long"),
            )
        else:
            blank = _t("blank_short")
            line = _t(
                "respondent_person",
                who=r.get("who"),
                sex=blank,
                address=_t("blank_long"),
                phone=blank,
            )
        lines.append(line)
    return lines


def claim_kind(facts: dict[str, Any]) -> str:
    """The case type (案由) key for the facts: wages, labour_service, child_support …"""
    matter, group = facts.get("matter"), facts.get("applicant_group")
    if matter == "wages":
        return "labour_service" if facts.get("relationship") == "labour_service" else "wages"
    if matter == "maintenance":
        if group == "elderly":
            return "elderly_support"
        return "child_support" if group == "minor_or_guardian" else "spousal_support"
    if matter == "injury":
        return "work_injury" if facts.get("at_work") == "yes" else "injury"
    return str(matter) if matter in ("training_refund", "other_civil") else "other_civil"


def _request(kind: str, answers: dict[str, Any]) -> str:
    amount = answers.get("amount") or _t("blank_short")
    return _t("request", cause=_t(f"cause.{kind}"), claim=_t(f"claim.{kind}", amount=amount))


def compose(data: LetterInput, timezone: str = "Asia/Shanghai") -> Letter:
    """The whole letter for one application."""
    details = data.details
    facts, answers = dict(details.get("facts") or {}), dict(details.get("answers") or {})
    letter = dict(details.get("letter") or {})
    day = data.received_at.astimezone(ZoneInfo(timezone)).date()
    kind = claim_kind(facts)
    representative = bool(letter.get("party"))
    signatures = [_t("signature")]
    if representative:
        signatures.append(_t("signature_representative"))
    return Letter(
        title=_t("title"),
        parties=_parties(data, letter, answers),
        request_title=_t("request_title"),
        request=_request(kind, answers),
        facts_title=_t("facts_title"),
        facts=[
            *facts_paragraphs(kind, facts, answers, letter, day),
            legal_basis(kind, facts, letter),
        ],
        closing=_t("closing"),
        addressee=_t("addressee"),
        annex_title=_t("annex_title"),
        annex=_annex(details, answers, letter),
        signatures=signatures,
        date=_t("date", year=day.year, month=day.month, day=day.day),
        draft_note=_t("draft_note", tracking_no=data.tracking_no),
    )


def _annex(details: dict[str, Any], answers: dict[str, Any], letter: dict[str, Any]) -> list[str]:
    files = list(details.get("files") or [])
    lines = []
    if files:
        names = "；".join(_file_name(f) for f in files)
        lines.append(_t("annex.files", n=1, count=len(files), names=names))
    else:
        lines.append(_t("annex.no_files", n=1))
    lines.append(_t("annex.id_copy", n=2))
    people = int(answers.get("people") or 1)
    if people > 1:
        claimants = [str(n) for n in letter.get("co_claimant_names") or []]
        if not claimants:
            lines.append(_t("annex.co_claimants_blank", n=3, count=people))
            return lines
        names = "、".join(claimants)
        missing = people - 1 - len(claimants)  # the applicant is one of the people
        if missing > 0:
            names += _t("annex.co_claimants_more", missing=missing)
        lines.append(_t("annex.co_claimants", n=3, count=people, names=names))
    return lines


def _file_name(entry: dict[str, Any]) -> str:
    known = entry.get("kind") if entry.get("kind") in _FILE_KINDS else "other"
    kind = _t(f"annex.file_kind.{known}")
    name = str(entry.get("name") or "").strip()
    return f"{kind}（{name}）" if name else kind
