"""The pre-screen's result: one message that explains itself.

The verdict in one sentence (what to do and by when), the rules that decided with their
citations, the flags explained,
the evidence checklist for the matter, the next steps with phone numbers, and buttons
(apply / 转人工 / 相关问答 / 主菜单). The sentences come from ``rules.yaml`` (lawyers edit them
there); headings and buttons from the catalog. The bot never says more than "may qualify".
"""

from __future__ import annotations

from typing import Any

from dialogs.conversation import Conversation
from dialogs.eligibility import Assessment, Reason, evaluate, load_rules, localised
from dialogs.eligibility.facts import FactValue
from dialogs.types import Button
from knowledge.text import to_traditional

__all__ = ["citations_of", "show_outcome"]

MAX_CALL_BUTTONS = 2


def citations_of(reasons: tuple[Reason, ...]) -> list[dict[str, str]]:
    """Every law and article cited by the deciding rules and raised flags, once each."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for reason in reasons:
        for c in reason.citations:
            seen.setdefault((c.law, c.article), {"law": c.law, "article": c.article})
    return list(seen.values())


def _cited(conv: Conversation, reason: Reason) -> str:
    cited = "；".join(f"《{c.law}》{c.article}" for c in reason.citations)
    return to_traditional(cited) if conv.lang == "zh-Hant" else cited


def _reasons(conv: Conversation, assessment: Assessment) -> list[str]:
    lines = [conv.t("eligibility.outcome.why")]
    for reason in (r for r in assessment.reasons if r.kind == "rule"):
        basis = conv.t("eligibility.outcome.basis", citations=_cited(conv, reason))
        lines.append(f"• {reason.in_language(conv.lang)}{basis}")
    flags = [r for r in assessment.reasons if r.kind == "flag"]
    if flags:
        lines.append(conv.t("eligibility.outcome.flags"))
        for reason in flags:
            title = conv.t(f"eligibility.outcome.flag.{reason.flag or reason.id}")
            basis = conv.t("eligibility.outcome.basis", citations=_cited(conv, reason))
            text = reason.in_language(conv.lang) + basis
            lines.append(conv.t("eligibility.outcome.flag_line", title=title, text=text))
    return lines


def _evidence(conv: Conversation, assessment: Assessment) -> list[str]:
    if not assessment.evidence:
        return []
    items = load_rules().evidence_items
    lines = [conv.t("eligibility.outcome.evidence")]
    lines += [
        f"{n}. {localised(items[i], conv.lang)}" for n, i in enumerate(assessment.evidence, 1)
    ]
    return lines


def _next_steps(conv: Conversation, assessment: Assessment) -> tuple[list[str], list[str]]:
    steps = load_rules().steps
    lines, phones = [conv.t("eligibility.outcome.next")], []
    for step in (steps[s] for s in assessment.next_steps):
        text = localised(step.text, conv.lang)
        named = not step.phone or step.phone in text  # the sentence already gives the number
        phone = "" if named else conv.t("eligibility.outcome.phone", phone=step.phone)
        lines.append(f"• {text}{phone}")
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
    apply_key = "apply" if outcome == "support_apply" else "apply_anyway"
    buttons = [conv.button(f"eligibility.outcome.{apply_key}", "apply")]
    buttons.append(conv.button("common.person", "/person"))
    faq = _faq_button(conv, matter)
    if faq is not None:
        buttons.append(faq)
    buttons += [
        conv.button("common.call_button", f"call:{p}", number=p) for p in phones[:MAX_CALL_BUTTONS]
    ]
    buttons.append(conv.button("common.menu", "/menu"))
    return buttons


def show_outcome(conv: Conversation, facts: dict[str, FactValue], flow: str) -> Assessment:
    """Evaluate the facts and send the explained result; remember it for the application."""
    assessment = evaluate(facts)
    outcome = assessment.outcome
    if outcome is None:  # the flow replays the interview first, so this is a bug
        raise ValueError("show_outcome needs facts that decide the outcome")
    conv.move(flow, "outcome")
    conv.data["outcome"] = outcome
    conv.data["flags"] = list(assessment.flags)
    sentence = assessment.verdict_in(conv.lang)
    steps, phones = _next_steps(conv, assessment)
    parts = [sentence, "\n".join(_reasons(conv, assessment))]
    parts += ["\n".join(block) for block in (_evidence(conv, assessment), steps) if len(block) > 1]
    parts.append(conv.t("eligibility.outcome.disclaimer"))
    conv.say(
        "\n\n".join(parts),
        _buttons(conv, outcome, str(facts.get("matter", "")), phones),
        outcome=outcome,
        verdict=assessment.verdict_id,
        flags=list(assessment.flags),
        citations=citations_of(assessment.reasons),
    )
    return assessment
