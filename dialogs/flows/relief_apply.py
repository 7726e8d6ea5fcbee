"""The judicial-relief application: consent, who is applying, a phone, confirm, file.

Asked only after the rules say ``relief_apply``. The personal-information notice comes first
(as for the support application); then the applicant's name (a phone typed with it is kept),
a phone to reach them, and a summary with 确认提交. Confirming emits ``file_relief`` with the
facts, the outcome and flags, the reasons, citations and rule trace, so the caseworker sees
exactly what the citizen was told; the runtime answers ``relief.filed`` with the number.
"""

from __future__ import annotations

from dialogs.choices import Option, match_choice
from dialogs.consent import ensure_consent
from dialogs.conversation import Conversation
from dialogs.flows.eligibility_outcome import citations_of
from dialogs.flows.relief_questions import FLOW_NAME, facts_of
from dialogs.parsing import valid_phone
from dialogs.relief import assess
from dialogs.typed_contact import read_contact
from dialogs.types import Button, Inbound

__all__ = ["STEPS", "answer", "ask_step", "start"]

STEPS = frozenset({"name", "phone", "confirm"})
MAX_NAME = 30


def start(conv: Conversation) -> None:
    """Begin the application (after consent to the personal-information notice)."""
    conv.data["applicant"] = {}
    if ensure_consent(conv, "name"):
        ask_step(conv, "name")


def _nav(conv: Conversation) -> list[Button]:
    return [conv.button("common.back", "/back"), conv.button("common.person", "/person")]


def ask_step(conv: Conversation, step: str) -> None:
    """Ask for the name, the phone, or show the summary to confirm."""
    conv.move(FLOW_NAME, step)
    if step == "confirm":
        _show_confirm(conv)
    else:
        conv.say(conv.t(f"relief.apply.ask_{step}"), _nav(conv), ask=step)


def answer(conv: Conversation, step: str, msg: Inbound) -> None:
    """Read the answer at ``step``; a clear re-ask when it cannot be used."""
    applicant: dict[str, str] = conv.data.setdefault("applicant", {})
    if step == "confirm":
        _on_confirm(conv, msg)
        return
    typed = msg.text if msg.button is None else ""
    name, phone = read_contact(typed) if typed else (None, None)
    if step == "name":
        name = name or typed.strip()
        if not name or len(name) > MAX_NAME or any(ch.isdigit() for ch in name):
            conv.say(conv.t("relief.apply.bad_name"))
            ask_step(conv, step)
            return
        applicant["name"] = name
        if phone:
            applicant["phone"] = phone
        ask_step(conv, "confirm" if phone else "phone")
        return
    phone = valid_phone(typed) or phone if typed else None
    if phone is None:
        conv.say(conv.t("relief.apply.bad_phone"))
        ask_step(conv, step)
        return
    applicant["phone"] = phone
    ask_step(conv, "confirm")


def _show_confirm(conv: Conversation) -> None:
    applicant = conv.data.get("applicant") or {}
    harm = facts_of(conv).get("harm")
    text = conv.t(
        "relief.apply.confirm",
        name=applicant.get("name", ""),
        phone=applicant.get("phone", ""),
        harm=conv.t(f"relief.opt.harm.{harm}") if harm else "",
    )
    buttons = [
        conv.button("relief.apply.submit", "yes"),
        Button(conv.t("relief.apply.fix_name"), "fix:name", secondary=True),
        Button(conv.t("relief.apply.fix_phone"), "fix:phone", secondary=True),
        conv.button("common.person", "/person"),
    ]
    conv.say(text, buttons, ask="confirm")


def _on_confirm(conv: Conversation, msg: Inbound) -> None:
    if msg.button in ("fix:name", "fix:phone"):
        ask_step(conv, (msg.button or "").removeprefix("fix:"))
        return
    words = ("确认", "确认提交", "提交", "确定", "好", "对")
    if match_choice(msg, [Option("yes", conv.t("relief.apply.submit"), words)]) != "yes":
        conv.say(conv.t("common.not_understood"))
        _show_confirm(conv)
        return
    facts = dict(facts_of(conv))
    assessment = assess(facts)
    conv.move(FLOW_NAME, "filing", remember=False)
    conv.emit(
        "file_relief",
        facts=facts,
        outcome=assessment.outcome,
        flags=list(assessment.flags),
        reasons=[r.to_dict() for r in assessment.reasons],
        trace=[t.to_dict() for t in assessment.trace],
        citations=citations_of(assessment.reasons),
        materials=list(assessment.evidence),
        applicant=dict(conv.data.get("applicant") or {}),
        lang=conv.lang,
    )
