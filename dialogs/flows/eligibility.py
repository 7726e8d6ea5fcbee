"""支持起诉预审: the interview, the summary, the explained outcome, and the application.

A state table (diagram: ``eligibility.mmd``). Steps:

- ``resume`` — earlier answers exist: continue with them or start again;
- one step per fact (``matter``, ``relationship`` …) plus the ``relationship_*`` helpers —
  only the facts :func:`dialogs.eligibility.next_question` asks for
  (:mod:`dialogs.flows.eligibility_questions`);
- ``summary`` — every answer with ``edit:<key>``; ``done`` shows the outcome;
- ``outcome`` — the explained result (:mod:`dialogs.flows.eligibility_outcome`); ``apply``
  starts the application;
- ``consent`` and the application steps (:mod:`dialogs.flows.eligibility_apply`);
- ``filing`` → ``filed`` once the runtime answers ``eligibility.filed`` with a tracking number.

Each step has a catch-all: input that fits nothing gets the question again with its options.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.choices import Option, match_choice
from dialogs.consent import CONSENT_STEP, ask_consent, handle_consent_answer
from dialogs.conversation import Conversation
from dialogs.eligibility import value_options
from dialogs.eligibility.facts import NUMERIC_FACTS
from dialogs.flows import eligibility_apply as application
from dialogs.flows import eligibility_questions as questions
from dialogs.flows.eligibility_outcome import show_outcome, typed_card_choice
from dialogs.flows.faq import answer_question
from dialogs.globals_ import note_while_waiting, show_menu
from dialogs.promises import reply_promise
from dialogs.types import Button, Event, Inbound
from dialogs.understanding import HEARD_AGES, HEARD_MATTER


class EligibilityFlow:
    """The pre-screen interview and the application, as one state table."""

    name = questions.FLOW_NAME
    # Steps that take typed words (durations, the application's fields): a request typed
    # there is data, not an intent to act on (dialogs.understanding).
    text_steps = frozenset({*NUMERIC_FACTS, *application.FIELDS})

    def enter(self, conv: Conversation, arg: str = "") -> None:
        """Start (or resume) the interview; ``@<step>`` re-asks that step (返回)."""
        if arg.startswith("@"):
            self._reask(conv, arg[1:])
            return
        conv.state["data"] = {}  # a fresh start, even when re-entered from within the flow
        saved = questions.saved_facts(conv)
        if saved:
            conv.data["facts"] = saved
            conv.move(self.name, "resume", remember=False)
            _ask_resume(conv)
            return
        conv.say(conv.t("eligibility.intro"))
        _take_heard_matter(conv)
        questions.proceed(conv)

    def on_input(self, conv: Conversation, msg: Inbound) -> None:
        """Answer the current step."""
        payload = msg.button or ""
        if payload.startswith("edit:") and payload[5:] in questions.QUESTION_STEPS:
            questions.ask(conv, payload[5:])
        elif payload == "apply" and conv.data.get("outcome"):
            application.start(conv)
        elif payload == "review" and conv.data.get("outcome"):
            questions.show_summary(conv)  # 修改回答 on the result card
        elif conv.step in questions.QUESTION_STEPS:
            questions.answer(conv, conv.step, msg)
        elif conv.step in application.STEPS:
            application.answer(conv, conv.step, msg)
        else:
            _STEPS.get(conv.step, _restart)(conv, msg)

    def on_event(self, conv: Conversation, event: Event) -> bool:
        """``eligibility.filed``: confirm with the tracking number and the draft letter."""
        if event.name != "eligibility.filed":
            return False
        tracking_no = str(event.data.get("tracking_no", ""))
        conv.data.pop("app", None)  # the details are in the case now; keep no copy in state
        questions.forget_saved(conv)
        conv.move(self.name, "filed", remember=False)
        conv.data["letter_url"] = str(event.data.get("letter_url") or "")
        conv.data["tracking_no"] = tracking_no
        promise = (
            reply_promise(conv, event.data, "casework.promise")
            if event.data.get("procedural_due") and event.data.get("result_due")
            else ""
        )
        filed = conv.t("eligibility.apply.filed", tracking_no=tracking_no, promise=promise)
        conv.say(
            filed.replace("\n\n", "\n"),
            [conv.button("common.menu", "/menu")],
            tracking_no=tracking_no,
            urgent=bool(event.data.get("urgent")),
            procedural_reply_due=event.data.get("procedural_due"),
            result_reply_due=event.data.get("result_due"),
        )
        _offer_letter(conv)
        return True

    def _reask(self, conv: Conversation, step: str) -> None:
        if step in questions.QUESTION_STEPS:
            questions.ask(conv, step)
        elif step == "summary":
            questions.show_summary(conv)
        elif step == "outcome":
            _show_result(conv)
        elif step in application.STEPS:
            application.ask_step(conv, step)
        elif step == CONSENT_STEP:
            ask_consent(conv)
        else:
            self.enter(conv)


def _offer_letter(conv: Conversation) -> None:
    """The draft letter: ``letter`` names the application (Telegram sends the document with
    ``backend.services.letter``); the web chat gets ``letter_url`` to download it."""
    tracking_no = str(conv.data.get("tracking_no", ""))
    extra = {"letter_url": conv.data["letter_url"]} if conv.data.get("letter_url") else {}
    conv.say(
        conv.t("eligibility.apply.letter"),
        [
            conv.button("eligibility.apply.letter_button", f"letter:{tracking_no}"),
            conv.button("common.menu", "/menu"),
        ],
        tracking_no=tracking_no,
        letter=tracking_no,
        **extra,
    )


def _ask_resume(conv: Conversation) -> None:
    conv.say(
        conv.t("eligibility.resume"),
        [
            conv.button("eligibility.resume_yes", "yes"),
            conv.button("eligibility.resume_no", "no"),
        ],
        ask="resume",
    )


def _resume(conv: Conversation, msg: Inbound) -> None:
    options = [
        Option("yes", conv.t("eligibility.resume_yes"), ("继续",)),
        Option("no", conv.t("eligibility.resume_no"), ("重新开始", "重新")),
    ]
    choice = match_choice(msg, options)
    if choice == "yes":
        questions.proceed(conv)
    elif choice == "no":
        questions.forget_saved(conv)
        conv.data["facts"] = {}
        conv.say(conv.t("eligibility.intro"))
        _take_heard_matter(conv)
        questions.proceed(conv)
    else:
        conv.say(conv.t("common.not_understood"))
        _ask_resume(conv)


def _show_result(conv: Conversation) -> None:
    facts, missing = questions.replay(questions.facts_of(conv))
    conv.data["facts"] = facts
    if missing is not None:
        questions.ask(conv, missing)
    else:
        show_outcome(conv, facts, questions.FLOW_NAME)


def _summary(conv: Conversation, msg: Inbound) -> None:
    words = ("看结果", "没问题", "是", "对", "好", "确认", "是的", "对的", "ok", "yes")
    if match_choice(msg, [Option("done", conv.t("eligibility.summary.confirm"), words)]):
        _show_result(conv)
    else:
        conv.say(conv.t("common.not_understood"))
        questions.show_summary(conv)


def _outcome(conv: Conversation, msg: Inbound) -> None:
    # Typed text after the result is a question (仲裁委在哪里?): answer it, and keep the
    # result's own way on in reach rather than repeating the whole card. While a person is
    # being fetched, the words are for them: acknowledged, not answered.
    if conv.mode == "waiting" and msg.button is None:
        note_while_waiting(conv)
        return
    labels = ("eligibility.outcome.apply", "eligibility.outcome.apply_anyway")
    typed = typed_card_choice(conv, msg, tuple(conv.t(key) for key in labels))
    if typed == "apply":
        application.start(conv)  # "申请" typed rather than tapped
        return
    if typed == "review":
        questions.show_summary(conv)
        return
    if msg.text.strip():
        answer_question(conv, msg.text)
    conv.say(
        conv.t("card.after_outcome"),
        [
            conv.button("eligibility.outcome.apply", "apply"),
            Button(conv.t("card.review"), "review", secondary=True),
            conv.button("common.person", "/person"),
            conv.button("common.menu", "/menu"),
        ],
    )


def _consent(conv: Conversation, msg: Inbound) -> None:
    resume = handle_consent_answer(conv, msg)
    if resume:
        application.ask_step(conv, resume)


def _filing(conv: Conversation, msg: Inbound) -> None:
    conv.say(conv.t("eligibility.apply.in_progress"))


def _filed(conv: Conversation, msg: Inbound) -> None:
    if (msg.button or "").startswith("letter:"):
        _offer_letter(conv)
    else:
        show_menu(conv)


def _restart(conv: Conversation, msg: Inbound) -> None:
    FLOW.enter(conv)


_STEPS: dict[str, Callable[[Conversation, Inbound], None]] = {
    "resume": _resume,
    "summary": _summary,
    "outcome": _outcome,
    CONSENT_STEP: _consent,
    "filing": _filing,
    "filed": _filed,
}

FLOW = EligibilityFlow()


# Who the applicant is, from the ages the citizen stated, only where the matter leaves no
# doubt: support claims are brought for people of 60 and over (老年人权益保障法 Art. 2) or for
# children (民法典 Art. 17); an older learner's training refund is not a support case on age,
# and for wages an older worker may still be a migrant worker, so the question is asked.
_GROUPS_BY_AGE = {
    "maintenance": ("elderly", "minor_or_guardian"),
    "training_refund": ("minor_or_guardian",),
}
ELDERLY_FROM, ADULT_FROM = 60, 18


def _take_heard_matter(conv: Conversation) -> None:
    """The kind of matter the citizen's own words named before the pre-screen: noted, said
    back, and not asked again (the summary's 修改 changes it); with it the applicant group
    when the ages they stated settle it ("我75岁了，儿子不给赡养费" → 老年人)."""
    matter = conv.state.pop(HEARD_MATTER, None)
    ages = conv.state.pop(HEARD_AGES, None) or []
    if matter not in value_options("matter"):
        return
    facts = questions.facts_of(conv)
    facts["matter"] = matter
    label = conv.t(f"eligibility.opt.matter.{matter}")
    group = _group_from_ages(matter, ages)
    if group is None or "applicant_group" in facts:
        conv.say(conv.t("eligibility.heard_matter", matter=label))
        return
    facts["applicant_group"] = group
    group_label = conv.t(f"eligibility.opt.applicant_group.{group}")
    conv.say(conv.t("eligibility.heard_matter_group", matter=label, group=group_label))


def _group_from_ages(matter: str, ages: list[int]) -> str | None:
    """老年人 or 未成年人或监护人 when every age stated points the same way; else None."""
    groups = {
        "elderly" if age >= ELDERLY_FROM else "minor_or_guardian" if age < ADULT_FROM else None
        for age in ages
    }
    group = groups.pop() if len(groups) == 1 else None
    return group if group in _GROUPS_BY_AGE.get(matter, ()) else None
