"""The pre-screen's result: one card that explains itself, verdict first.

The verdict in one sentence (what to do and by when) and the next action (the first next
step, with its phone number) come first; then the rules that decided with the citations that
apply to *this* citizen's facts (``citation_scope.yaml``), the flags explained, the other ways
on, and last the evidence checklist, which the web page folds (:mod:`dialogs.cards`).
Buttons: one primary action (apply), then 转人工 / 相关问答 / phone numbers / 主菜单, and
修改回答 as a secondary one. The sentences come from ``rules.yaml`` (lawyers edit them
there); headings and buttons from the catalog. The bot never says more than "may qualify".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogs.cards import Card, Line, Section
from dialogs.choices import Option, typed_exactly
from dialogs.conversation import Conversation
from dialogs.eligibility import Assessment, Reason, RuleBook, evaluate, load_rules, localised
from dialogs.eligibility.citation_scope import applicable
from dialogs.eligibility.facts import FactValue
from dialogs.types import Button, Inbound
from knowledge.text import to_traditional

__all__ = ["citations_of", "outcome_card", "show_outcome"]

MAX_CALL_BUTTONS = 2
_IN_COURT = ("pending", "judged")
_SEPARATOR = {"zh-Hans": "", "zh-Hant": "", "en": " "}


Facts = Mapping[str, FactValue]


def citations_of(reasons: tuple[Reason, ...], facts: Facts | None = None) -> list[dict[str, str]]:
    """The laws and articles cited by the deciding rules and raised flags, once each.

    With ``facts``, only the citations that apply to them (``citation_scope.yaml``).
    """
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for reason in reasons:
        cited = reason.citations if facts is None else applicable(reason.citations, facts)
        for c in cited:
            seen.setdefault((c.law, c.article), {"law": c.law, "article": c.article})
    return list(seen.values())


def _cited(conv: Conversation, reason: Reason, facts: Facts) -> str:
    cited = "；".join(f"《{c.law}》{c.article}" for c in applicable(reason.citations, facts))
    return to_traditional(cited) if conv.lang == "zh-Hant" else cited


def _reasons(conv: Conversation, assessment: Assessment, facts: Facts) -> list[Section]:
    lines = []
    for reason in (r for r in assessment.reasons if r.kind == "rule"):
        basis = conv.t("eligibility.outcome.basis", citations=_cited(conv, reason, facts))
        lines.append(Line(reason.in_language(conv.lang), basis))
    flags = []
    for reason in (r for r in assessment.reasons if r.kind == "flag"):
        title = conv.t(f"eligibility.outcome.flag.{reason.flag or reason.id}")
        basis = conv.t("eligibility.outcome.basis", citations=_cited(conv, reason, facts))
        text = conv.t(
            "eligibility.outcome.flag_line", title=title, text=reason.in_language(conv.lang)
        )
        flags.append(Line(text, basis, mark=""))
    return [
        Section("flags", conv.t("eligibility.outcome.flags"), tuple(flags)),
        Section("reasons", conv.t("eligibility.outcome.why"), tuple(lines)),
    ]


def _evidence(conv: Conversation, assessment: Assessment, book: RuleBook) -> Section:
    items = book.evidence_items
    lines = tuple(
        Line(localised(items[i], conv.lang), mark=f"{n}.")
        for n, i in enumerate(assessment.evidence, 1)
    )
    return Section("evidence", conv.t("eligibility.outcome.evidence"), lines, folded=True)


def _next_steps(
    conv: Conversation, assessment: Assessment, book: RuleBook
) -> tuple[list[str], list[str]]:
    """Each next step as a sentence (with its phone number), and the phone numbers."""
    steps = book.steps
    lines, phones = [], []
    for step in (steps[s] for s in assessment.next_steps):
        text = localised(step.text, conv.lang)
        named = not step.phone or step.phone in text  # the sentence already gives the number
        phone = "" if named else conv.t("eligibility.outcome.phone", phone=step.phone)
        lines.append(f"{text}{phone}")
        if step.phone and step.phone not in phones:
            phones.append(step.phone)
    return lines, phones


def _faq_button(conv: Conversation, matter: str) -> Button | None:
    key = f"eligibility.faq_query.{matter}"
    if conv.ctx.faq is None or not conv.catalog.has(key):
        return None
    result: Any = conv.ctx.faq.ask(conv.catalog.text("zh-Hans", key))
    if getattr(result, "decision", "none") == "none" or not result.hits:
        return None
    return conv.button("eligibility.outcome.faq", f"faq:{result.hits[0].entry.id}")


def _buttons(conv: Conversation, outcome: str, matter: str, phones: list[str]) -> list[Button]:
    supported = outcome == "support_apply"
    apply_key = "apply" if supported else "apply_anyway"
    buttons = [Button(conv.t(f"eligibility.outcome.{apply_key}"), "apply", secondary=not supported)]
    buttons.append(conv.button("common.person", "/person"))
    faq = _faq_button(conv, matter)
    if faq is not None:
        buttons.append(faq)
    buttons += [
        conv.button("common.call_button", f"call:{p}", number=p) for p in phones[:MAX_CALL_BUTTONS]
    ]
    buttons.append(conv.button("common.menu", "/menu"))
    buttons.append(Button(conv.t("card.review"), "review", secondary=True))
    return buttons


def _verdict(conv: Conversation, assessment: Assessment, facts: Facts) -> str:
    """The verdict; for a worker unhappy with an award who has not gone to court, the 15 days
    to sue come first even where the outcome's sentence is about something else (a lawyer
    already hired, legal aid): 劳动争议调解仲裁法 Art. 48, 50."""
    verdict = assessment.verdict_in(conv.lang)
    awaiting_court = facts.get("proceedings") not in _IN_COURT
    if facts.get("arbitration") == "unsatisfied_award" and awaiting_court and "15" not in verdict:
        separator = _SEPARATOR.get(conv.lang, " ")
        return f"{conv.t('eligibility.award_deadline')}{separator}{verdict}"
    return verdict


def outcome_card(
    conv: Conversation,
    assessment: Assessment,
    facts: Facts,
    book: RuleBook | None = None,
    note: str = "eligibility.outcome.disclaimer",
) -> tuple[Card, list[str]]:
    """The result laid out verdict first, and the phone numbers of its next steps.

    ``book`` is the rule book that gave the assessment (judicial relief passes its own);
    ``note`` the catalog key of the closing disclaimer.
    """
    assert assessment.outcome is not None
    book = book or load_rules()
    steps, phones = _next_steps(conv, assessment, book)
    first, rest = (steps[0], steps[1:]) if steps else ("", [])
    card = Card(
        verdict=_verdict(conv, assessment, facts),
        next_action=conv.t("card.next_action", step=first) if first else "",
        sections=(
            *_reasons(conv, assessment, facts),
            Section("steps", conv.t("card.more_steps"), tuple(Line(s) for s in rest)),
            _evidence(conv, assessment, book),
        ),
        note=conv.t(note),
    )
    return card, phones


def show_outcome(conv: Conversation, facts: dict[str, FactValue], flow: str) -> Assessment:
    """Evaluate the facts and send the explained result; remember it for the application."""
    assessment = evaluate(facts)
    outcome = assessment.outcome
    if outcome is None:  # the flow replays the interview first, so this is a bug
        raise ValueError("show_outcome needs facts that decide the outcome")
    conv.move(flow, "outcome")
    conv.data["outcome"] = outcome
    conv.data["flags"] = list(assessment.flags)
    card, phones = outcome_card(conv, assessment, facts)
    conv.say(
        card.text,
        _buttons(conv, outcome, str(facts.get("matter", "")), phones),
        outcome=outcome,
        verdict=assessment.verdict_id,
        flags=list(assessment.flags),
        citations=citations_of(assessment.reasons, facts),
        card=card.to_dict(),
    )
    return assessment


def typed_card_choice(
    conv: Conversation, msg: Inbound, apply_labels: tuple[str, ...]
) -> str | None:
    """A result card's buttons typed out: "apply" for the apply button's label or "申请",
    "review" for "修改回答"; None for any other words (a question). No apply when the card
    offers none (``apply_labels`` empty)."""
    review_words = tuple(conv.t("card.typed.review").split("|"))
    options = [Option("review", conv.t("card.review"), review_words)]
    if apply_labels:
        words = apply_labels + tuple(conv.t("card.typed.apply").split("|"))
        options.append(Option("apply", apply_labels[0], words))
    return typed_exactly(msg, options)
