"""司法救助预审's questions: ask only what the relief rules still need, then the result card.

Each question is a step named after its fact (``ask`` is the fact key; the buttons carry the
fact's values as payloads, plus 不清楚, which explains the question and asks it again). Plain
words work too (是 / 没有 / 派出所 …, ``relief.words.<fact>.<value>`` in the catalog). After
every answer the interview is replayed over the answers given, so an answer changed on the
summary drops the facts the rules no longer need. The result is the shared outcome card
(:func:`dialogs.flows.eligibility_outcome.outcome_card`) over the relief rule book: verdict,
next action, reasons with their citations, the urgent-treatment note, other ways on, and the
materials checklist for the harm.
"""

from __future__ import annotations

from dialogs.choices import Option, match_choice, normalise
from dialogs.conversation import Conversation
from dialogs.eligibility import replay
from dialogs.eligibility.scheme import FactValue
from dialogs.flows.eligibility_outcome import citations_of, outcome_card
from dialogs.relief import RELIEF, assess, relief_rules
from dialogs.types import Button, Inbound

__all__ = [
    "FLOW_NAME",
    "QUESTION_STEPS",
    "answer",
    "ask",
    "facts_of",
    "proceed",
    "show_outcome",
    "show_summary",
]

FLOW_NAME = "relief"
QUESTION_STEPS = frozenset(RELIEF.ask_order)
UNSURE = "unsure"


def facts_of(conv: Conversation) -> dict[str, FactValue]:
    """The relief facts answered so far."""
    facts: dict[str, FactValue] = conv.data.setdefault("facts", {})
    return facts


def proceed(conv: Conversation) -> None:
    """Ask the next fact the rules need, or give the result when none is left."""
    kept, key = replay(facts_of(conv), relief_rules())
    conv.data["facts"] = kept
    if key is None:
        show_outcome(conv)
    else:
        ask(conv, key)


def _words(conv: Conversation, key: str, value: str) -> tuple[str, ...]:
    name = f"relief.words.{key}.{value}"
    if not conv.catalog.has(name):
        return ()
    langs = ("zh-Hans", "en") if conv.lang == "en" else ("zh-Hans",)
    words = "|".join(conv.catalog.text(lang, name) for lang in langs)  # type: ignore[arg-type]
    return tuple(normalise(w) for w in words.split("|") if w)


def options_for(conv: Conversation, key: str) -> list[Option]:
    """The fact's values as options, then 不清楚."""
    options = [
        Option(v, conv.t(f"relief.opt.{key}.{v}"), _words(conv, key, v))
        for v in RELIEF.value_options(key)
    ]
    return [*options, Option(UNSURE, conv.t("relief.unsure"))]


def harm_named(conv: Conversation, text: str) -> str | None:
    """The one harm whose plain words the text uses; None when none or several fit."""
    said = normalise(text)
    named = [
        value
        for value in RELIEF.value_options("harm")
        if any(len(w) >= 2 and w in said for w in _words(conv, "harm", value))
    ]
    return named[0] if len(named) == 1 else None


def ask(conv: Conversation, key: str) -> None:
    """Ask one fact, remembering the step for 返回."""
    conv.move(FLOW_NAME, key)
    person = conv.button("common.person", "/person")
    conv.ask_choice(conv.t(f"relief.q.{key}"), options_for(conv, key), key, person)


def answer(conv: Conversation, key: str, msg: Inbound) -> None:
    """Read the answer to ``key``; 不清楚 explains; anything else asks again with the options."""
    if msg.attachments:
        conv.say(conv.t("relief.attachment_later"))
        ask(conv, key)
        return
    value = match_choice(msg, options_for(conv, key))
    if value is None:
        conv.say(conv.t("common.not_understood"))
        ask(conv, key)
    elif value == UNSURE:
        conv.say(conv.t(f"relief.explain.{key}"))
        ask(conv, key)
    else:
        facts_of(conv)[key] = value
        proceed(conv)


def show_summary(conv: Conversation) -> None:
    """Every answer with a button to change it, then 看结果."""
    conv.move(FLOW_NAME, "summary")
    facts = facts_of(conv)
    lines = [conv.t("relief.summary.title")]
    buttons = [conv.button("relief.summary.confirm", "done")]
    for n, key in enumerate((k for k in RELIEF.ask_order if k in facts), start=1):
        question = conv.t(f"relief.short.{key}")
        value = conv.t(f"relief.opt.{key}.{facts[key]}")
        lines.append(conv.t("relief.summary.line", n=n, question=question, answer=value))
        label = conv.t("relief.summary.edit", question=question)
        buttons.append(Button(label, f"edit:{key}", secondary=True))
    conv.say("\n".join(lines), buttons, ask="summary", facts=dict(facts))


def show_outcome(conv: Conversation) -> None:
    """The explained result card; on ``relief_apply`` its first button applies."""
    facts = facts_of(conv)
    assessment = assess(facts)
    outcome = assessment.outcome
    if outcome is None:  # proceed() asks until the rules decide, so this is a bug
        raise ValueError("show_outcome needs facts that decide the outcome")
    conv.move(FLOW_NAME, "outcome")
    conv.data["outcome"] = outcome
    conv.data["flags"] = list(assessment.flags)
    card, phones = outcome_card(conv, assessment, facts, relief_rules(), "relief.disclaimer")
    conv.say(
        card.text,
        outcome_buttons(conv, outcome, phones),
        outcome=outcome,
        verdict=assessment.verdict_id,
        flags=list(assessment.flags),
        citations=citations_of(assessment.reasons),
        materials=list(assessment.evidence),
        card=card.to_dict(),
    )


def outcome_buttons(conv: Conversation, outcome: str, phones: list[str]) -> list[Button]:
    """Apply first when the rules say the citizen may qualify; then a person, phones, menu."""
    buttons = [conv.button("relief.apply_button", "apply")] if outcome == "relief_apply" else []
    buttons.append(conv.button("common.person", "/person"))
    buttons += [conv.button("common.call_button", f"call:{p}", number=p) for p in phones[:2]]
    buttons.append(conv.button("common.menu", "/menu"))
    buttons.append(Button(conv.t("card.review"), "review", secondary=True))
    return buttons
