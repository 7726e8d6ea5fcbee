"""The support-lawsuit application: consent, contact details, the claim, files, confirmation.

Steps, in order: ``name`` → ``phone`` → ``id_number`` (optional, GB 11643 check digit) →
``respondent`` → ``amount`` → ``people`` → ``files`` → ``confirm``. Every field is read by a
parser that returns None for what it cannot read, and the step asks again saying what is
wrong. Nothing is filed until the citizen taps 确认提交 (or says 是/确认) on the summary;
``fix:<field>`` re-asks one field and comes back to the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from dialogs.choices import normalise
from dialogs.consent import ensure_consent
from dialogs.conversation import Conversation
from dialogs.eligibility import evaluate
from dialogs.flows.eligibility_outcome import citations_of
from dialogs.flows.eligibility_questions import FLOW_NAME, facts_of
from dialogs.parsing import parse_amount, parse_count, valid_id_number, valid_phone
from dialogs.typed_contact import read_contact
from dialogs.types import JSON, Button, Inbound

__all__ = ["FIELDS", "STEPS", "answer", "ask_step", "start"]

FIELDS = ("name", "phone", "id_number", "respondent", "amount", "people", "files")
STEPS = frozenset({*FIELDS, "confirm"})
_SKIP = frozenset({"跳过", "不填", "不想填", "以后再说", "skip", "later"})
_UNKNOWN = frozenset({"不清楚", "不知道", "不确定", "记不清", "unsure", "not sure"})
_FILES_DONE = frozenset({"好了", "好", "完成", "发完了", "没有", "没有了", "没", "无", "跳过"})
_FILES_DONE |= {"done", "none", "no", "skip"}
_CONFIRM = frozenset({"确认", "确认提交", "提交", "是", "是的", "对", "好", "好的", "yes", "ok"})


def start(conv: Conversation) -> None:
    """Begin the application (after consent to the personal-information notice)."""
    conv.data["app"] = {"files": []}
    conv.data.pop("fixing", None)
    if ensure_consent(conv, "name"):
        ask_step(conv, "name")


def _app(conv: Conversation) -> JSON:
    app: JSON = conv.data.setdefault("app", {"files": []})
    return app


def ask_step(conv: Conversation, step: str) -> None:
    """Ask for one field (or show the confirmation)."""
    if step == "confirm":
        _show_confirm(conv)
        return
    conv.move(FLOW_NAME, step)
    extra: list[Button] = []
    if step == "id_number":
        extra = [conv.button("eligibility.apply.skip", "skip")]
    elif step == "amount":
        extra = [conv.button("eligibility.apply.unknown", "unsure")]
    elif step == "people":
        extra = [conv.button("eligibility.apply.alone", "1")]
    elif step == "files":
        extra = [
            conv.button("eligibility.apply.files_done", "done"),
            conv.button("eligibility.apply.files_none", "none"),
        ]
    extra.append(conv.button("common.person", "/person"))
    conv.say(conv.t(f"eligibility.apply.ask.{step}"), extra, ask=step)


def _said(msg: Inbound) -> str:
    return normalise(msg.button or msg.text)


def _read_name(conv: Conversation, msg: Inbound) -> Any:
    name = read_contact(msg.text)[0] or msg.text.strip()  # "我叫王大力" → 王大力
    ok = 1 <= len(name) <= 30 and not any(ch.isdigit() for ch in name)
    return name if ok and msg.button is None else None


def _read_phone(conv: Conversation, msg: Inbound) -> Any:
    return valid_phone(msg.text) if msg.text else None


def _read_id(conv: Conversation, msg: Inbound) -> Any:
    if _said(msg) in _SKIP:
        return ""
    return valid_id_number(msg.text, conv.ctx.today or date.today()) if msg.text else None


def _read_respondent(conv: Conversation, msg: Inbound) -> Any:
    text = msg.text.strip()
    return text[:200] if msg.button is None and len(text) >= 2 else None


def _read_amount(conv: Conversation, msg: Inbound) -> Any:
    if _said(msg) in _UNKNOWN:
        return ""
    amount = parse_amount(msg.text) if msg.text else None
    return None if amount is None else format(amount.normalize(), "f")


def _read_people(conv: Conversation, msg: Inbound) -> Any:
    return parse_count(msg.button or msg.text)


_READERS: dict[str, Callable[[Conversation, Inbound], Any]] = {
    "name": _read_name,
    "phone": _read_phone,
    "id_number": _read_id,
    "respondent": _read_respondent,
    "amount": _read_amount,
    "people": _read_people,
}


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
    else:
        value = _READERS[step](conv, msg)
        if value is None:
            conv.say(conv.t(f"eligibility.apply.bad.{step}"))
            ask_step(conv, step)
            return
        _app(conv)[step] = value
        _next(conv, step)


def _next(conv: Conversation, step: str) -> None:
    if conv.data.pop("fixing", False):
        ask_step(conv, "confirm")
        return
    ask_step(conv, FIELDS[FIELDS.index(step) + 1] if step != FIELDS[-1] else "confirm")


def _files(conv: Conversation, msg: Inbound) -> None:
    files: list[str] = _app(conv).setdefault("files", [])
    if msg.attachments:
        files.extend(a.id for a in msg.attachments)
        conv.say(
            conv.t("eligibility.apply.files_got", count=len(files)),
            [conv.button("eligibility.apply.files_done", "done")],
            ask="files",
        )
    elif _said(msg) in _FILES_DONE:
        _next(conv, "files")
    else:
        conv.say(conv.t("common.not_understood"))
        ask_step(conv, "files")


def _confirm_lines(conv: Conversation) -> list[str]:
    app = _app(conv)
    missing = conv.t("eligibility.apply.confirm.not_given")
    amount = app.get("amount") or ""
    shown = {
        "name": app.get("name") or missing,
        "phone": app.get("phone") or missing,
        "id_number": app.get("id_number") or missing,
        "respondent": app.get("respondent") or missing,
        "amount": conv.t("eligibility.apply.confirm.yuan", value=amount)
        if amount
        else conv.t("eligibility.apply.confirm.unknown_amount"),
        "people": app.get("people") or missing,
        "files": len(app.get("files", [])),
    }
    lines = [conv.t("eligibility.apply.confirm.title")]
    lines += [conv.t(f"eligibility.apply.confirm.{k}", value=v) for k, v in shown.items()]
    outcome = conv.data.get("outcome")
    if outcome:
        lines.append(conv.t("eligibility.apply.confirm.outcome", value=_outcome_words(conv)))
    return lines


def _outcome_words(conv: Conversation) -> str:
    from dialogs.eligibility import load_rules, localised

    return localised(load_rules().outcomes[str(conv.data["outcome"])], conv.lang)


def _show_confirm(conv: Conversation) -> None:
    conv.move(FLOW_NAME, "confirm")
    buttons = [conv.button("eligibility.apply.confirm.submit", "confirm")]
    buttons += [
        Button(
            conv.t("eligibility.apply.confirm.fix", field=conv.t(f"eligibility.apply.field.{f}")),
            f"fix:{f}",
            secondary=True,  # one primary action (确认提交); changing a field is secondary
        )
        for f in FIELDS
        if f != "files"
    ]
    buttons.append(conv.button("common.person", "/person"))
    conv.say("\n".join(_confirm_lines(conv)), buttons, ask="confirm")


def _confirm(conv: Conversation, msg: Inbound) -> None:
    payload = msg.button or ""
    if payload.startswith("fix:") and payload[4:] in FIELDS:
        conv.data["fixing"] = True
        ask_step(conv, payload[4:])
    elif payload == "confirm" or (msg.button is None and _said(msg) in _CONFIRM):
        _file(conv)
    elif msg.attachments:
        _app(conv).setdefault("files", []).extend(a.id for a in msg.attachments)
        _show_confirm(conv)
    else:
        conv.say(conv.t("eligibility.apply.confirm.fix_hint"))
        _show_confirm(conv)


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
        answers={k: app.get(k) or None for k in ("respondent", "amount", "people")},
        attachments=list(app.get("files", [])),
        lang=conv.lang,
    )
