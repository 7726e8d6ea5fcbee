"""司法救助预审: the screening interview, the explained result, and the application.

A state table (diagram: ``relief.mmd``). Steps:

- one step per fact the relief rules still need (``harm``, ``compensated``, ``hardship``,
  ``at_fault``, ``stage``; :mod:`dialogs.flows.relief_questions`);
- ``outcome`` — the result card with its legal basis and the materials checklist;
  ``apply`` (only on ``relief_apply``) starts the application, ``review`` the summary;
- ``summary`` — every answer with ``edit:<fact>``; ``done`` shows the result again;
- ``consent`` → ``name`` → ``phone`` → ``confirm`` (:mod:`dialogs.flows.relief_apply`);
- ``filing`` until the runtime answers ``relief.filed`` with a tracking number; then the
  conversation is back at the menu.

Each step has a catch-all; 转人工, 菜单, 取消 and 返回 are the engine's global words.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.choices import Option, match_choice
from dialogs.consent import CONSENT_STEP, ask_consent, handle_consent_answer
from dialogs.conversation import Conversation
from dialogs.flows import relief_apply as application
from dialogs.flows import relief_questions as questions
from dialogs.flows.eligibility_outcome import typed_card_choice
from dialogs.flows.faq import answer_question
from dialogs.globals_ import note_while_waiting
from dialogs.promises import reply_promise
from dialogs.types import Event, Inbound


class ReliefFlow:
    """The judicial-relief screening and application, as one state table."""

    name = questions.FLOW_NAME
    text_steps = frozenset({"name", "phone"})  # typed answers (dialogs.understanding)

    def enter(self, conv: Conversation, arg: str = "") -> None:
        """Start the interview; ``@<step>`` asks that step again (返回)."""
        if arg.startswith("@"):
            _reask(conv, arg[1:])
            return
        conv.state["data"] = {}
        conv.say(conv.t("relief.intro"))
        questions.proceed(conv)

    def on_input(self, conv: Conversation, msg: Inbound) -> None:
        """Answer the current step."""
        payload = msg.button or ""
        if payload.startswith("edit:") and payload[5:] in questions.QUESTION_STEPS:
            questions.ask(conv, payload[5:])
        elif payload == "apply" and conv.data.get("outcome") == "relief_apply":
            application.start(conv)
        elif payload == "review" and conv.data.get("outcome"):
            questions.show_summary(conv)
        elif conv.step in questions.QUESTION_STEPS:
            questions.answer(conv, conv.step, msg)
        elif conv.step in application.STEPS:
            application.answer(conv, conv.step, msg)
        else:
            _STEPS.get(conv.step, _restart)(conv, msg)

    def on_event(self, conv: Conversation, event: Event) -> bool:
        """``relief.filed``: confirm with the tracking number and the reply dates."""
        if event.name != "relief.filed":
            return False
        tracking_no = str(event.data.get("tracking_no", ""))
        # The details are in the case now; the conversation goes back to the menu's footing,
        # so "查询进度" typed next is a request, not an answer to a finished flow.
        conv.reset()
        promise = (
            reply_promise(conv, event.data, "casework.promise")
            if event.data.get("procedural_due") and event.data.get("result_due")
            else ""
        )
        urgent = bool(event.data.get("urgent"))
        text = conv.t("relief.apply.filed", tracking_no=tracking_no, promise=promise)
        if urgent:
            text = f"{text}\n{conv.t('relief.apply.filed_urgent')}"
        conv.say(
            text,
            [conv.button("common.menu", "/menu")],
            tracking_no=tracking_no,
            urgent=urgent,
            procedural_reply_due=event.data.get("procedural_due"),
            result_reply_due=event.data.get("result_due"),
        )
        return True


def open_with_words(conv: Conversation, text: str) -> None:
    """Start from a typed request; a harm the words name plainly ("打成重伤") is taken as
    said, told back to the citizen, and not asked again (the summary can still change it)."""
    conv.move(questions.FLOW_NAME, "start", remember=False)
    conv.state["history"], conv.state["data"] = [], {}
    conv.say(conv.t("relief.intro"))
    harm = questions.harm_named(conv, text)
    if harm is not None:
        questions.facts_of(conv)["harm"] = harm
        conv.say(conv.t("relief.heard", harm=conv.t(f"relief.opt.harm.{harm}")))
    questions.proceed(conv)


def _reask(conv: Conversation, step: str) -> None:
    if step in questions.QUESTION_STEPS:
        questions.ask(conv, step)
    elif step == "summary":
        questions.show_summary(conv)
    elif step == "outcome" and conv.data.get("outcome"):
        questions.show_outcome(conv)
    elif step in application.STEPS:
        application.ask_step(conv, step)
    elif step == CONSENT_STEP:
        ask_consent(conv)
    else:
        FLOW.enter(conv)


def _summary(conv: Conversation, msg: Inbound) -> None:
    words = ("看结果", "没问题", "是", "对", "好", "确认", "ok", "yes")
    if match_choice(msg, [Option("done", conv.t("relief.summary.confirm"), words)]):
        questions.proceed(conv)
    else:
        conv.say(conv.t("common.not_understood"))
        questions.show_summary(conv)


def _outcome(conv: Conversation, msg: Inbound) -> None:
    # Typed words after the result are a question (救助能给多少钱?): answered from the FAQ,
    # and the result's own ways on kept in reach. While a person is being fetched, the words
    # are for them.
    if conv.mode == "waiting" and msg.button is None:
        note_while_waiting(conv)
        return
    outcome = str(conv.data.get("outcome", ""))
    apply = (conv.t("relief.apply_button"),) if outcome == "relief_apply" else ()
    typed = typed_card_choice(conv, msg, apply)
    if typed == "apply":
        application.start(conv)  # "申请" typed rather than tapped
        return
    if typed == "review":
        questions.show_summary(conv)
        return
    if msg.text.strip():
        answer_question(conv, msg.text)
    key = "relief.after_outcome" if outcome == "relief_apply" else "relief.after_outcome_other"
    conv.say(conv.t(key), questions.outcome_buttons(conv, outcome, []))


def _consent(conv: Conversation, msg: Inbound) -> None:
    resume = handle_consent_answer(conv, msg)
    if resume:
        application.ask_step(conv, resume)


def _filing(conv: Conversation, msg: Inbound) -> None:
    conv.say(conv.t("relief.apply.in_progress"))


def _restart(conv: Conversation, msg: Inbound) -> None:
    FLOW.enter(conv)


_STEPS: dict[str, Callable[[Conversation, Inbound], None]] = {
    "summary": _summary,
    "outcome": _outcome,
    CONSENT_STEP: _consent,
    "filing": _filing,
}

FLOW = ReliefFlow()
