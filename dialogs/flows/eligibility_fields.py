"""The application's fields: which to ask, in what order, and how each answer is read.

The letter (支持起诉申请书) needs more than the interview collects; these steps collect it
after consent, and the personal ones end up encrypted in the case. Steps that do not apply
are skipped: the party and guardian questions only when a minor's guardian, an elderly or
disabled applicant might be applying for someone else; the company's legal representative
only for a company; the place only for wages, refunds and injuries; the co-claimants only
for a group. Optional fields take 跳过 and the letter draws a blank line for them.

Each reader returns the value to store, ``""`` for a skipped optional field, or None when it
cannot use the answer (the step then says what is wrong and asks again).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from dialogs.choices import Option, match_choice, normalise
from dialogs.conversation import Conversation
from dialogs.parsing import parse_amount, parse_count, valid_id_number, valid_phone
from dialogs.typed_contact import read_contact
from dialogs.types import JSON, Inbound

__all__ = ["CHOICES", "OPTIONAL", "ORDER", "READERS", "applies", "choice_options", "next_field"]

#: Every field in asking order; the respondent steps repeat once per respondent.
ORDER = (
    "on_behalf",
    "party_name",
    "party_id_number",
    "relation",
    "name",
    "phone",
    "id_number",
    "address",
    "respondent_kind",
    "respondent",
    "legal_rep",
    "more_respondents",
    "amount",
    "amount_basis",
    "place",
    "history",
    "people",
    "co_claimants",
    "files",
)
#: Fields answered by a button (their values, in display order).
CHOICES: dict[str, tuple[str, ...]] = {
    "on_behalf": ("self", "minor", "ward"),
    "relation": ("mother", "father", "grandparent", "child", "spouse", "other"),
    "respondent_kind": ("company", "person"),
    "more_respondents": ("yes", "no"),
}
#: Fields with a 跳过 (or 不清楚) button; the letter leaves a line to fill in by hand.
OPTIONAL = frozenset(
    {"party_id_number", "id_number", "address", "legal_rep", "amount_basis", "place"}
    | {"history", "co_claimants", "amount"}
)
MAX_RESPONDENTS = 5
_MAY_ACT_FOR_OTHERS = frozenset({"minor_or_guardian", "elderly", "disabled"})
_HAS_A_PLACE = frozenset({"wages", "training_refund", "injury"})
_SKIP = frozenset(
    {"跳过", "不填", "不想填", "以后再说", "没有", "不知道", "不清楚", "skip", "later"}
)
_NAMES = re.compile(r"[,，、;；/\s]+")
# clean() folds full-width punctuation to ASCII; in Chinese prose the letter wants it back.
_CJK_PUNCT = re.compile(r"(?<=[\u4e00-\u9fff])([,;:!?])|([,;:!?])(?=[\u4e00-\u9fff])")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def applies(field: str, app: JSON, facts: JSON) -> bool:
    """Whether ``field`` is asked for this applicant and matter."""
    if field == "on_behalf":
        return facts.get("applicant_group") in _MAY_ACT_FOR_OTHERS
    if field in ("party_name", "party_id_number", "relation"):
        return app.get("on_behalf") in ("minor", "ward")
    if field == "legal_rep":
        return (app.get("_respondent") or {}).get("kind") == "company"
    if field == "more_respondents":
        return len(app.get("respondents", [])) < MAX_RESPONDENTS
    if field == "place":
        return facts.get("matter") in _HAS_A_PLACE
    if field == "co_claimants":
        return int(app.get("people") or 1) > 1
    return True


def next_field(after: str | None, app: JSON, facts: JSON) -> str | None:
    """The field after ``after`` (the first when None) that applies; None when all are asked."""
    start = 0 if after is None else ORDER.index(after) + 1
    return next((f for f in ORDER[start:] if applies(f, app, facts)), None)


def choice_options(conv: Conversation, field: str) -> list[Option]:
    """The buttons of a choice field, with the words that also choose them."""
    return [
        Option(v, conv.t(f"eligibility.apply.opt.{field}.{v}"), _words(conv, field, v))
        for v in CHOICES[field]
    ]


def _words(conv: Conversation, field: str, value: str) -> tuple[str, ...]:
    key = f"eligibility.apply.words.{field}.{value}"
    if not conv.catalog.has(key):
        return ()
    return tuple(normalise(w) for w in conv.t(key).split("|") if w)


def _skipped(msg: Inbound) -> bool:
    return msg.button == "skip" or normalise(msg.button or msg.text) in _SKIP


def _name(conv: Conversation, msg: Inbound) -> Any:
    name = read_contact(msg.text)[0] or msg.text.strip()  # "我叫王大力" → 王大力
    ok = 1 <= len(name) <= 30 and not any(ch.isdigit() for ch in name)
    return name if ok and msg.button is None else None


def _optional_name(conv: Conversation, msg: Inbound) -> Any:
    return "" if _skipped(msg) else _name(conv, msg)


def _id(conv: Conversation, msg: Inbound) -> Any:
    if _skipped(msg):
        return ""
    return valid_id_number(msg.text, conv.ctx.today or date.today()) if msg.text else None


def _phone(conv: Conversation, msg: Inbound) -> Any:
    return valid_phone(msg.text) if msg.text else None


def _free_text(limit: int, least: int = 2) -> Callable[[Conversation, Inbound], Any]:
    def read(conv: Conversation, msg: Inbound) -> Any:
        if _skipped(msg):
            return ""
        text = _chinese_punctuation(msg.text.strip())
        return text[:limit] if msg.button is None and len(text) >= least else None

    return read


def _chinese_punctuation(text: str) -> str:
    return _CJK_PUNCT.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], text)


def _respondent(conv: Conversation, msg: Inbound) -> Any:
    text = msg.text.strip()
    return text[:100] if msg.button is None and len(text) >= 2 else None


def _amount(conv: Conversation, msg: Inbound) -> Any:
    if msg.button == "unsure" or _skipped(msg):
        return ""
    amount = parse_amount(msg.text) if msg.text else None
    return None if amount is None else format(amount.normalize(), "f")


def _people(conv: Conversation, msg: Inbound) -> Any:
    return parse_count(msg.button or msg.text)


def _co_claimants(conv: Conversation, msg: Inbound) -> Any:
    if _skipped(msg):
        return []
    names = [n for n in _NAMES.split(msg.text.strip()) if n][:500]
    ok = names and all(1 <= len(n) <= 30 and not any(c.isdigit() for c in n) for n in names)
    return names if ok and msg.button is None else None


def _choice(field: str) -> Callable[[Conversation, Inbound], Any]:
    def read(conv: Conversation, msg: Inbound) -> Any:
        return match_choice(msg, choice_options(conv, field))

    return read


READERS: dict[str, Callable[[Conversation, Inbound], Any]] = {
    **{field: _choice(field) for field in CHOICES},
    "party_name": _name,
    "party_id_number": _id,
    "name": _name,
    "phone": _phone,
    "id_number": _id,
    "address": _free_text(100, least=4),
    "respondent": _respondent,
    "legal_rep": _optional_name,
    "amount": _amount,
    "amount_basis": _free_text(300),
    "place": _free_text(100),
    "history": _free_text(500),
    "people": _people,
    "co_claimants": _co_claimants,
}
