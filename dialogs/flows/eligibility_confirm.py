"""The application summary before 确认提交, and what the filing carries for the letter.

:func:`show` lists every answer with a button to change it. :func:`answers` keeps the short
summary the staff console has always shown (other side, amount, people); :func:`letter_fields`
is everything else the 支持起诉申请书 needs, stored encrypted with the case.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dialogs.conversation import Conversation
from dialogs.eligibility import evaluate
from dialogs.flows.eligibility_fields import applies
from dialogs.flows.eligibility_questions import FLOW_NAME, facts_of
from dialogs.types import JSON

__all__ = ["answers", "letter_fields", "show"]

_FIXABLE = (
    "on_behalf",
    "name",
    "phone",
    "id_number",
    "address",
    "respondents",
    "amount",
    "people",
    "co_claimants",
)


def _app(conv: Conversation) -> JSON:
    app: JSON = conv.data.setdefault("app", {"files": [], "respondents": []})
    return app


def answers(conv: Conversation) -> dict[str, Any]:
    """Other side, amount and people, as the staff console shows them."""
    app = _app(conv)
    names = "、".join(r["who"] for r in app.get("respondents", []) if r.get("who"))
    return {
        "respondent": names or None,
        "amount": app.get("amount") or None,
        "people": app.get("people") or None,
    }


def letter_fields(conv: Conversation) -> dict[str, Any]:
    """What the letter needs beyond the interview: party, address, respondents, the claim."""
    app = _app(conv)
    party = None
    if app.get("on_behalf") in ("minor", "ward"):
        party = {
            "kind": app["on_behalf"],
            "name": app.get("party_name") or "",
            "id_number": app.get("party_id_number") or "",
            "relation": app.get("relation") or "other",
        }
    monthly = facts_of(conv).get("matter") == "maintenance"
    return {
        "party": party,
        "address": app.get("address") or "",
        "respondents": list(app.get("respondents", [])),
        "amount_period": "month" if monthly else "total",
        "amount_basis": app.get("amount_basis") or "",
        "place": app.get("place") or "",
        "history": app.get("history") or "",
        "co_claimant_names": list(app.get("co_claimants") or []),
    }


def _respondent_lines(conv: Conversation) -> list[str]:
    lines = []
    for n, r in enumerate(_app(conv).get("respondents", []), start=1):
        kind = conv.t(f"eligibility.apply.opt.respondent_kind.{r['kind']}")
        rep = conv.t("eligibility.apply.confirm.legal_rep", value=r["legal_rep"])
        lines.append(f"  {n}. {r['who']}（{kind}{rep if r.get('legal_rep') else ''}）")
    return lines or [f"  {conv.t('eligibility.apply.confirm.not_given')}"]


def _lines(conv: Conversation) -> list[str]:
    app, missing = _app(conv), conv.t("eligibility.apply.confirm.not_given")
    lines = [conv.t("eligibility.apply.confirm.title")]
    if app.get("on_behalf") in ("minor", "ward"):
        relation = conv.t(f"eligibility.apply.opt.relation.{app.get('relation', 'other')}")
        name = app.get("party_name") or missing
        lines.append(conv.t("eligibility.apply.confirm.party", name=name, relation=relation))
    for field in ("name", "phone", "id_number", "address"):
        lines.append(conv.t(f"eligibility.apply.confirm.{field}", value=app.get(field) or missing))
    lines.append(conv.t("eligibility.apply.confirm.respondents"))
    lines += _respondent_lines(conv)
    lines.append(conv.t("eligibility.apply.confirm.amount", value=_amount(conv)))
    for field in ("amount_basis", "place", "history"):
        if app.get(field):
            lines.append(conv.t(f"eligibility.apply.confirm.{field}", value=app[field]))
    lines.append(conv.t("eligibility.apply.confirm.people", value=app.get("people") or missing))
    if app.get("co_claimants"):
        names = "、".join(app["co_claimants"])
        lines.append(conv.t("eligibility.apply.confirm.co_claimants", value=names))
    lines.append(conv.t("eligibility.apply.confirm.files", value=len(app.get("files", []))))
    if conv.data.get("outcome"):
        verdict = evaluate(facts_of(conv)).verdict_in(conv.lang)
        lines.append(conv.t("eligibility.apply.confirm.outcome", value=verdict))
    return lines


def _amount(conv: Conversation) -> str:
    amount = _app(conv).get("amount") or ""
    if not amount:
        return conv.t("eligibility.apply.confirm.unknown_amount")
    monthly = facts_of(conv).get("matter") == "maintenance"
    key = "monthly" if monthly else "yuan"
    return conv.t(f"eligibility.apply.confirm.{key}", value=amount)


def show(conv: Conversation) -> None:
    """Every answer, 确认提交, and a button per answer to change it."""
    conv.move(FLOW_NAME, "confirm")
    app, facts = _app(conv), facts_of(conv)
    buttons = [conv.button("eligibility.apply.confirm.submit", "confirm")]
    for field in _FIXABLE:
        if field == "respondents" or applies(field, app, facts):
            label = conv.t(f"eligibility.apply.field.{field}")
            fix = conv.button("eligibility.apply.confirm.fix", f"fix:{field}", field=label)
            # one primary action (确认提交); changing an answer is secondary
            buttons.append(replace(fix, secondary=True))
    buttons.append(conv.button("common.person", "/person"))
    conv.say("\n".join(_lines(conv)), buttons, ask="confirm")
