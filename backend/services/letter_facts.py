"""事实与理由: the letter's facts paragraph and its legal basis, as written prose.

Built from the interview's facts (the matter, the work relationship, an IOU, arbitration, when
the money fell due or the job ended, whether other bodies were approached, the hardship) and
the application's answers (whom, where, how much and how it was worked out, what the citizen
says happened). The citizen's own words are quoted as 申请人所述, never rewritten.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogs.catalog import default_catalog

__all__ = ["facts_paragraphs", "legal_basis", "months_before"]


def _t(key: str, **values: Any) -> str:
    return default_catalog().text("zh-Hans", f"letter.{key}", **values)


def months_before(day: date, months: Any) -> str:
    """The month ``months`` before ``day`` as "2025年8月" (empty when not a number)."""
    if not isinstance(months, int) or isinstance(months, bool):
        return ""
    total = day.year * 12 + day.month - 1 - months
    return f"{total // 12}年{total % 12 + 1}月"


def _basis(text: str) -> str:
    return _t("fact.basis", text=text) if text else ""


def _place(letter: dict[str, Any]) -> str:
    return _t("fact.at_place", place=letter["place"]) if letter.get("place") else ""


def _who(letter: dict[str, Any]) -> str:
    names = [r["who"] for r in letter.get("respondents") or [] if r.get("who")]
    return "、".join(names)


def _wages(
    facts: dict[str, Any], answers: dict[str, Any], letter: dict[str, Any], day: date
) -> str:
    relationship = str(facts.get("relationship") or "unsure")
    what = _t("fact.what.labour_service" if relationship == "labour_service" else "fact.what.wages")
    parts = [
        _t(
            "fact.worked",
            at_place=_place(letter),
            who=_who(letter),
            work=_t(f"fact.work.{relationship}"),
        )
    ]
    if facts.get("has_iou") == "yes":
        parts.append(_t("fact.iou"))
    basis = _basis(letter.get("amount_basis") or "")
    if answers.get("amount"):
        parts.append(_t("fact.arrears", what=what, amount=answers["amount"], basis=basis))
    else:
        parts.append(_t("fact.arrears_unknown", what=what, basis=basis))
    if due := months_before(day, facts.get("months_since_due")):
        parts.append(_t("fact.due_since", date=due))
    if left := months_before(day, facts.get("months_since_left")):
        parts.append(_t("fact.left", date=left))
    elif facts.get("still_employed") == "yes":
        parts.append(_t("fact.still_working"))
    if facts.get("arbitration") in ("refused_or_late", "unsatisfied_award"):
        parts.append(_t(f"fact.arbitration.{facts['arbitration']}"))
    return "".join(parts)


def _claim(
    kind: str, facts: dict[str, Any], answers: dict[str, Any], letter: dict[str, Any], day: date
) -> str:
    since = months_before(day, facts.get("months_since_due") or facts.get("months_since_injury"))
    # A letter never states a 工伤认定 the citizen has not said was made.
    if kind == "work_injury" and facts.get("injury_recognised") != "yes":
        kind = "work_injury_unrecognised"
    return _t(
        f"fact.{kind}",
        who=_who(letter),
        at_place=_place(letter),
        amount=answers.get("amount") or _t("blank_short"),
        basis=_basis(letter.get("amount_basis") or ""),
        since=_t("fact.since", date=since) if since else "",
        since_comma=_t("fact.since_comma", date=since) if since else _t("fact.since_comma_unknown"),
        from_date=_t("fact.from_date", date=since) if since else "",
    )


def _background(facts: dict[str, Any], answers: dict[str, Any], letter: dict[str, Any]) -> str:
    parts = []
    if letter.get("history"):
        parts.append(_t("fact.history", text=letter["history"]))
    elif facts.get("other_remedies_tried") == "yes":
        parts.append(_t("fact.tried"))
    people = int(answers.get("people") or 1)
    if people > 1:
        parts.append(_t("fact.group", count=people))
    elif facts.get("many_claimants") == "yes":
        parts.append(_t("fact.many"))
    return "".join(parts)


def facts_paragraphs(
    kind: str, facts: dict[str, Any], answers: dict[str, Any], letter: dict[str, Any], day: date
) -> list[str]:
    """What happened, in one or two paragraphs of prose."""
    if kind in ("wages", "labour_service"):
        first = _wages(facts, answers, letter, day)
    else:
        first = _claim(kind, facts, answers, letter, day)
    background = _background(facts, answers, letter)
    return [first, background] if background else [first]


def _hardship(facts: dict[str, Any]) -> str:
    group = str(facts.get("applicant_group") or "other")
    text = _t(f"hardship.{group}")
    if group == "other" or facts.get("capacity_weak") == "yes":
        text += ("，" if group != "other" else "") + _t("hardship.weak")
    if facts.get("urgent") == "yes":
        text += _t("hardship.urgent")
    return text + _t("hardship.tail")


def legal_basis(kind: str, facts: dict[str, Any], letter: dict[str, Any] | None = None) -> str:
    """The closing paragraph: the substantive law, the hardship, and 民诉法 Art. 15.

    Wages claimed from several respondents (a foreman with the general contractor or the
    developer) also cite the regulation that makes them answer for the foreman's arrears.
    """
    law = kind
    if kind == "wages" and facts.get("applicant_group") == "migrant_worker":
        law = "migrant_wages"
    laws = _t(f"law.{law}")
    if kind in ("wages", "labour_service") and len((letter or {}).get("respondents") or []) > 1:
        laws += _t("law.contractor_chain")
    group = str(facts.get("applicant_group") or "")
    support_key = f"letter.support.{group}"
    support = _t(f"support.{group}") if default_catalog().has(support_key) else ""
    return _t("basis", laws=laws, hardship=_hardship(facts), support=support)
