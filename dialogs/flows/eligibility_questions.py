"""The pre-screen's questions: ask only what the rules still need, read answers, the summary.

Each fact question is a step named after the fact (``ask`` is the fact key; button payloads
are the fact's values). Two helper steps tell employment from labour service for people who
cannot answer the legal question; a boss who is a private person (个体户、包工头) is not
taken to mean labour service, because sole traders are employers too (劳动合同法 Art. 2).
Numbers are typed: months for the month facts, days for ``days_since_award``. After every
answer the interview is *replayed* from the start over the answers given: facts the rules
would no longer ask (after an answer changed on the summary, say) drop out, and the first
fact still needed is asked next.
"""

from __future__ import annotations

import re
from datetime import date

from dialogs.choices import Option, match_choice, normalise
from dialogs.conversation import Conversation
from dialogs.eligibility import ASK_ORDER, replay, value_options
from dialogs.eligibility.facts import FactValue
from dialogs.parsing import parse_count, parse_days, parse_months
from dialogs.types import JSON, Button, Inbound
from knowledge.text import fold_width

__all__ = [
    "FLOW_NAME",
    "HELPERS",
    "QUESTION_STEPS",
    "answer",
    "answer_label",
    "ask",
    "facts_of",
    "proceed",
    "replay",
    "show_summary",
]

FLOW_NAME = "eligibility"
MONTHS = frozenset({"months_since_due", "months_since_left", "months_since_injury"})
DAYS = "days_since_award"
NUMBERS = MONTHS | {DAYS}
UNSURE = "unsure"
#: Helper questions for ``relationship`` and the values they take.
HELPERS: dict[str, tuple[str, ...]] = {
    "relationship_payer": ("company", "individual", "household", UNSURE),
    "relationship_pension": ("yes", "no"),
}
QUESTION_STEPS = frozenset({*ASK_ORDER, *HELPERS})
#: Facts whose "不清楚" gets a short explanation and the question again (never a default).
EXPLAINED = frozenset(
    {
        "matter",
        "applicant_group",
        "at_work",
        "injury_recognised",
        "proceedings",
        "judgment",
        "has_lawyer",
        "willing_to_sue",
        "has_iou",
        "arbitration",
        "capacity_weak",
        "other_remedies_tried",
        "many_claimants",
        *NUMBERS,
    }
)
GROUP_SIZE = 10  # 劳动争议调解仲裁法 Art. 7: ten or more workers with a common claim
_HEADS = re.compile(r"[0-9一二两三四五六七八九十百几]+\s*(?:多|几|来)?\s*[个位名家户人]")
_FEWER = re.compile(r"不到|不足|不够|少于|没有|没到|不满")
_SAVED = "eligibility_saved"  # top-level state key: answers survive a trip to the menu
# "给包工头干活", "挂靠在别人的施工队": a foreman or a subcontracting chain. Not labour service:
# the contractor that subcontracted to a foreman answers for the wages (保障农民工工资支付条例
# Art. 30, 36), so the payer is an individual and the helper questions go on from there.
_FOREMAN = re.compile(
    r"包工头|工头|包工|挂靠|分包|转包|施工队|班组长|带班|foreman|subcontract|gangmaster"
)


def facts_of(conv: Conversation) -> dict[str, FactValue]:
    """The facts answered so far in this interview."""
    facts: dict[str, FactValue] = conv.data.setdefault("facts", {})
    return facts


def proceed(conv: Conversation) -> None:
    """Ask the next fact the rules need, or show the summary when none is left."""
    kept, key = replay(facts_of(conv))
    conv.data["facts"] = kept
    conv.state[_SAVED] = dict(kept)
    if key is None:
        show_summary(conv)
    else:
        ask(conv, key)


def _words(conv: Conversation, key: str, value: str) -> tuple[str, ...]:
    name = f"eligibility.words.{key}.{value}"
    if not conv.catalog.has(name):
        return ()
    langs = ("zh-Hans", "en") if conv.lang == "en" else ("zh-Hans",)
    words = "|".join(conv.catalog.text(lang, name) for lang in langs)  # type: ignore[arg-type]
    return tuple(normalise(w) for w in words.split("|") if w)


def options_for(conv: Conversation, key: str) -> list[Option]:
    """The answers a question accepts (plus 不清楚 where it gets an explanation)."""
    values = HELPERS[key] if key in HELPERS else value_options(key)
    options = [
        Option(v, conv.t(f"eligibility.opt.{key}.{v}"), _words(conv, key, v)) for v in values
    ]
    if key in EXPLAINED and UNSURE not in values:
        options.append(Option(UNSURE, conv.t("eligibility.unsure")))
    return options


def ask(conv: Conversation, key: str) -> None:
    """Ask one question, remembering the step for 返回."""
    conv.move(FLOW_NAME, key)
    text = conv.t(f"eligibility.q.{key}")
    person = conv.button("common.person", "/person")
    if key in NUMBERS:
        conv.say(text, [Button(conv.t("eligibility.unsure"), UNSURE), person], ask=key)
    else:
        conv.ask_choice(text, options_for(conv, key), key, person)


def _number(conv: Conversation, key: str, msg: Inbound) -> str | int | None:
    if msg.button == UNSURE:
        return UNSURE
    if msg.button is None and normalise(msg.text) in ("不知道", "不清楚", "记不清", "unsure"):
        return UNSURE
    if not msg.text:
        return None
    parse = parse_days if key == DAYS else parse_months
    return parse(msg.text, conv.ctx.today or date.today())


def answer(conv: Conversation, key: str, msg: Inbound) -> None:
    """Read the answer to question ``key``; ask again with the options if it fits none."""
    if msg.attachments:
        conv.say(conv.t("eligibility.attachment_later"))
        ask(conv, key)
        return
    if key == "relationship" and msg.button is None and _FOREMAN.search(normalise(msg.text)):
        conv.data["helpers"] = {}
        _helper_answer(conv, "relationship_payer", "individual")
        return
    numeric = key in NUMBERS
    value = _number(conv, key, msg) if numeric else match_choice(msg, options_for(conv, key))
    if key == "many_claimants" and msg.button is None and _HEADS.search(fold_width(msg.text)):
        count = parse_count(msg.text)  # "三十多个人" answers the question too
        if count is not None and _FEWER.search(msg.text):
            count -= 1  # "不到十个" is fewer than ten, not ten
        value = value if count is None else ("yes" if count >= GROUP_SIZE else "no")
    if value is None:
        conv.say(conv.t("common.not_understood"))
        if key in EXPLAINED and conv.data.get("missed") == key:
            conv.say(conv.t(f"eligibility.explain.{key}"))  # not understood twice: say more
        conv.data["missed"] = key
        ask(conv, key)
    elif value == UNSURE and key in EXPLAINED:
        conv.say(conv.t(f"eligibility.explain.{key}"))
        ask(conv, key)
    elif key == "relationship" and value == UNSURE:
        conv.data["helpers"] = {}
        ask(conv, "relationship_payer")
    elif key in HELPERS:
        _helper_answer(conv, key, str(value))
    else:
        facts_of(conv)[key] = value
        proceed(conv)


def _helper_answer(conv: Conversation, key: str, value: str) -> None:
    helpers: dict[str, str] = conv.data.setdefault("helpers", {})
    helpers[key] = value
    following = [k for k in HELPERS if k not in helpers]
    if following:
        ask(conv, following[0])
        return
    relationship = derive_relationship(helpers)
    facts_of(conv)["relationship"] = relationship
    if relationship == UNSURE and helpers.get("relationship_payer") == "individual":
        conv.say(conv.t("eligibility.relationship_individual"))
    proceed(conv)


def derive_relationship(helpers: dict[str, str]) -> str:
    """Employment, labour service or unsure from the helper answers.

    A pensioner's work is labour service in law (劳动争议解释（一）Art. 32), and so is work
    for a private household (家政, Art. 2); a company or organisation paying wages is an
    employer. A boss who is a private person — a sole trader (个体户) or a foreman (包工头) —
    stays ``unsure``: sole traders are employers (劳动合同法 Art. 2) and a foreman's workers
    may be the main contractor's, so only the facts of the case can tell. The rules treat
    ``unsure`` as employment (arbitration is free, so nothing is lost by trying it first).
    """
    if helpers.get("relationship_pension") == "yes":
        return "labour_service"
    payer = helpers.get("relationship_payer")
    if payer == "company":
        return "employment"
    if payer == "household":
        return "labour_service"
    return UNSURE


def answer_label(conv: Conversation, key: str, value: FactValue) -> str:
    """An answer in plain words, as the citizen saw it."""
    if key in MONTHS:
        return conv.t("eligibility.summary.months", months=value)
    if key == DAYS:
        return conv.t("eligibility.summary.days", days=value)
    return conv.t(f"eligibility.opt.{key}.{value}")


def show_summary(conv: Conversation) -> None:
    """Every answer with a button to change it, then 看结果."""
    conv.move(FLOW_NAME, "summary")
    facts = facts_of(conv)
    lines = [conv.t("eligibility.summary.title")]
    buttons = [conv.button("eligibility.summary.confirm", "done")]
    for n, key in enumerate((k for k in ASK_ORDER if k in facts), start=1):
        question = conv.t(f"eligibility.short.{key}")
        answer_text = answer_label(conv, key, facts[key])
        lines.append(conv.t("eligibility.summary.line", n=n, question=question, answer=answer_text))
        label = conv.t("eligibility.summary.edit", question=question)
        buttons.append(Button(label, f"edit:{key}", secondary=True))  # the edits are secondary
    conv.say("\n".join(lines), buttons, ask="summary", facts=dict(facts))


def saved_facts(conv: Conversation) -> JSON:
    """Answers kept from an earlier, unfinished interview (empty when none)."""
    saved = conv.state.get(_SAVED)
    return dict(saved) if isinstance(saved, dict) else {}


def forget_saved(conv: Conversation) -> None:
    """Drop the kept answers (after filing, or when the citizen starts again)."""
    conv.state.pop(_SAVED, None)
