"""The support-lawsuit application: consent, the fields the letter needs, files, confirmation.

Fields (``eligibility_fields.ORDER``, each only where it applies): for whom (self, a minor
child, a family member who cannot act) → that person's name, ID number and the relation →
the citizen's name → phone → ID number (optional, GB 11643 check digit) → address → each
respondent (company or person, name, a company's legal representative; 还有 adds another,
up to five) → amount (monthly for maintenance) → how it was worked out → where → demands
and bodies approached → how many people → their names (groups) → files → ``confirm``.

Every field is read by a parser that returns None for what it cannot read, and the step asks
again saying what is wrong. Nothing is filed until the citizen taps 确认提交 (or says
是/确认) on the summary; ``fix:<field>`` re-asks one field (``fix:respondents`` the whole
respondent list) and comes back to the summary.
"""

from __future__ import annotations

from typing import Any

from dialogs.choices import normalise
from dialogs.consent import ensure_consent
from dialogs.conversation import Conversation
from dialogs.eligibility import evaluate
from dialogs.flows import eligibility_confirm as summary
from dialogs.flows.eligibility_fields import (
    CHOICES,
    OPTIONAL,
    ORDER,
    READERS,
    choice_options,
    next_field,
)
from dialogs.flows.eligibility_outcome import citations_of
from dialogs.flows.eligibility_questions import FLOW_NAME, facts_of
from dialogs.safety import danger_categories
from dialogs.types import JSON, Button, Inbound

__all__ = ["FIELDS", "STEPS", "answer", "ask_step", "start"]

FIELDS = ORDER
STEPS = frozenset({*ORDER, "confirm"})
_FILES_DONE = frozenset({"好了", "好", "完成", "发完了", "没有", "没有了", "没", "无", "跳过"})
_FILES_DONE |= {"done", "none", "no", "skip"}
_CONFIRM = frozenset({"确认", "确认提交", "提交", "是", "是的", "对", "好", "好的", "yes", "ok"})
_MONTHLY = frozenset({"maintenance"})
_KEEPS_DANGER = frozenset({"history"})  # what happened may well describe the danger


def start(conv: Conversation) -> None:
    """Begin the application (after consent to the personal-information notice)."""
    conv.data["app"] = {"files": [], "respondents": []}
    conv.data.pop("fixing", None)
    first = next_field(None, _app(conv), facts_of(conv))
    assert first is not None
    if ensure_consent(conv, first):
        ask_step(conv, first)


def _app(conv: Conversation) -> JSON:
    app: JSON = conv.data.setdefault("app", {"files": [], "respondents": []})
    return app


def _question(conv: Conversation, step: str) -> str:
    if step == "amount" and facts_of(conv).get("matter") in _MONTHLY:
        return conv.t("eligibility.apply.ask.amount_monthly")
    if step in ("respondent_kind", "respondent") and _app(conv).get("respondents"):
        return conv.t(f"eligibility.apply.ask.{step}_another")
    return conv.t(f"eligibility.apply.ask.{step}")


def ask_step(conv: Conversation, step: str) -> None:
    """Ask for one field (or show the confirmation)."""
    if step == "confirm":
        summary.show(conv)
        return
    conv.move(FLOW_NAME, step)
    person = conv.button("common.person", "/person")
    if step in CHOICES:
        conv.ask_choice(_question(conv, step), choice_options(conv, step), step, person)
        return
    extra: list[Button] = []
    if step == "amount":
        extra = [conv.button("eligibility.apply.unknown", "unsure")]
    elif step in OPTIONAL:
        extra = [conv.button("eligibility.apply.skip", "skip")]
    elif step == "people":
        extra = [conv.button("eligibility.apply.alone", "1")]
    elif step == "files":
        extra = [
            conv.button("eligibility.apply.files_done", "done"),
            conv.button("eligibility.apply.files_none", "none"),
        ]
    conv.say(_question(conv, step), [*extra, person], ask=step)


def answer(conv: Conversation, step: str, msg: Inbound) -> None:
    """Read the answer at an application step; a clear re-ask when it cannot be used."""
    if step == "files":
        _files(conv, msg)
    elif msg.attachments and step != "confirm":
        # A photo sent early is kept for the application; the question still needs its answer.
        files: list[str] = _app(conv).setdefault("files", [])
        files.extend(a.id for a in msg.attachments)
        conv.say(conv.t("eligibility.apply.files_got", count=len(files)))
        ask_step(conv, step)
    elif step == "confirm":
        _confirm(conv, msg)
    elif step not in _KEEPS_DANGER and danger_categories(msg.text):
        # The emergency numbers have gone out; "他又打我了" is not an address: ask again.
        ask_step(conv, step)
    else:
        value = READERS[step](conv, msg)
        if value is None:
            conv.say(conv.t(f"eligibility.apply.bad.{step}"))
            ask_step(conv, step)
            return
        _store(conv, step, value)
        _next(conv, step)


def _store(conv: Conversation, step: str, value: Any) -> None:
    app = _app(conv)
    if step == "respondent_kind":
        app["_respondent"] = {"kind": value, "who": "", "legal_rep": ""}
    elif step in ("respondent", "legal_rep"):
        app.setdefault("_respondent", {"kind": "person", "who": "", "legal_rep": ""})
        app["_respondent"]["who" if step == "respondent" else "legal_rep"] = value
    elif step == "more_respondents":
        app["_more"] = value
    else:
        app[step] = value
    if step == "legal_rep" or (step == "respondent" and app["_respondent"]["kind"] != "company"):
        app.setdefault("respondents", []).append(app.pop("_respondent"))


_RESPONDENT_LOOP = frozenset({"respondent_kind", "respondent", "legal_rep", "more_respondents"})


def _next(conv: Conversation, step: str) -> None:
    """The next field; when fixing one, the next *unanswered* field, else the summary."""
    app, facts = _app(conv), facts_of(conv)
    if step == "more_respondents" and app.pop("_more", "no") == "yes":
        following: str | None = "respondent_kind"
    else:
        following = next_field(step, app, facts)
    if conv.data.get("fixing"):
        while following is not None and following not in _RESPONDENT_LOOP and following in app:
            following = next_field(following, app, facts)
        if following is None or (following in _RESPONDENT_LOOP) != (step in _RESPONDENT_LOOP):
            conv.data.pop("fixing", None)
            following = "confirm"
    ask_step(conv, following or "confirm")


def _files(conv: Conversation, msg: Inbound) -> None:
    files: list[str] = _app(conv).setdefault("files", [])
    if msg.attachments:
        files.extend(a.id for a in msg.attachments)
        conv.say(
            conv.t("eligibility.apply.files_got", count=len(files)),
            [conv.button("eligibility.apply.files_done", "done")],
            ask="files",
        )
    elif normalise(msg.button or msg.text) in _FILES_DONE:
        _next(conv, "files")
    else:
        conv.say(conv.t("common.not_understood"))
        ask_step(conv, "files")


def _confirm(conv: Conversation, msg: Inbound) -> None:
    payload = msg.button or ""
    field = payload[4:] if payload.startswith("fix:") else ""
    if field == "respondents":
        conv.data["fixing"] = True
        _app(conv)["respondents"] = []
        ask_step(conv, "respondent_kind")
    elif field in ORDER:
        conv.data["fixing"] = True
        ask_step(conv, field)
    elif payload == "confirm" or (msg.button is None and normalise(msg.text) in _CONFIRM):
        _file(conv)
    elif msg.attachments:
        _app(conv).setdefault("files", []).extend(a.id for a in msg.attachments)
        summary.show(conv)
    else:
        conv.say(conv.t("eligibility.apply.confirm.fix_hint"))
        summary.show(conv)


def _file(conv: Conversation) -> None:
    """Queue the filing; the runtime answers with ``eligibility.filed``."""
    facts = facts_of(conv)
    assessment = evaluate(facts)
    app = _app(conv)
    conv.move(FLOW_NAME, "filing", remember=False)
    conv.emit(
        "file_application",
        facts=dict(facts),
        outcome=conv.data.get("outcome") or assessment.outcome,
        flags=list(assessment.flags),
        trace=[t.to_dict() for t in assessment.trace],
        reasons=[r.to_dict() for r in assessment.reasons],
        citations=citations_of(assessment.reasons),
        applicant={k: app.get(k) or None for k in ("name", "phone", "id_number")},
        letter=summary.letter_fields(conv),
        answers=summary.answers(conv),
        attachments=list(app.get("files", [])),
        lang=conv.lang,
    )
