"""Legal questions: the answer ladder (answer / did you mean / not sure) over the FAQ base."""

from __future__ import annotations

from typing import Any

from dialogs.conversation import Conversation
from dialogs.types import Button, Event, Inbound
from knowledge.text import to_traditional

QUESTION_LIMIT = 500  # characters kept from a question; the rest adds nothing to the search


class FaqFlow:
    """Step ``ask``: every message is a question; buttons come from the answers."""

    name = "faq"

    def enter(self, conv: Conversation, arg: str = "") -> None:
        """Invite a question."""
        conv.move(self.name, "ask", remember=False)
        conv.say(
            conv.t("faq.invite"),
            [conv.button("common.menu", "/menu"), conv.button("common.person", "/person")],
            ask="question",
        )

    def on_input(self, conv: Conversation, msg: Inbound) -> None:
        """Answer the question, or ask for one."""
        if msg.attachments:
            conv.say(conv.t("attachments.menu_hint"), [conv.button("common.menu", "/menu")])
        elif msg.text.strip():
            answer_question(conv, msg.text)
        else:
            self.enter(conv)

    def on_event(self, conv: Conversation, event: Event) -> bool:
        """No events of its own."""
        return False


def _local(conv: Conversation, text: str) -> str:
    return to_traditional(text) if conv.lang == "zh-Hant" else text


def _step_button(conv: Conversation, step: str) -> Button | None:
    kind, _, arg = step.partition(":")
    if kind in ("eligibility", "complaint", "status"):
        return conv.button(f"menu.item.{kind}", f"go:{kind}")
    if kind == "person":
        return conv.button("common.person", "/person")
    if kind == "call":
        return conv.button("common.call_button", f"call:{arg}", number=arg)
    if kind == "faq" and conv.ctx.faq is not None:
        entry = conv.ctx.faq.entry(arg)
        return Button(_local(conv, entry.question)[:30], f"faq:{arg}") if entry else None
    return None


def _citations(entry: Any) -> str:
    return "；".join(f"《{c.law}》{c.article}".rstrip() for c in entry.citations)


def show_entry(conv: Conversation, entry_id: str, *, details: bool = False) -> None:
    """Show one entry: the gist, its legal basis, next steps and feedback buttons."""
    entry = conv.ctx.faq.entry(entry_id) if conv.ctx.faq is not None else None
    if entry is None:
        conv.say(conv.t("faq.gone"), [conv.button("common.menu", "/menu")])
        return
    parts = [conv.t("faq.in_chinese")] if conv.lang == "en" else []
    parts.append(_local(conv, entry.details if details and entry.details else entry.answer))
    if entry.uncertain:
        parts.append(conv.t("faq.uncertain"))
    parts.append(conv.t("faq.basis", citations=_local(conv, _citations(entry))))
    parts.append(conv.t("faq.disclaimer"))
    buttons = [b for b in (_step_button(conv, s) for s in entry.next_steps) if b is not None]
    if entry.details and not details:
        buttons.insert(0, conv.button("faq.more", f"more:{entry.id}"))
    buttons += [
        conv.button("faq.helpful", f"fb:{entry.id}:up"),
        conv.button("faq.unhelpful", f"fb:{entry.id}:down"),
    ]
    conv.say(
        "\n\n".join(parts),
        buttons,
        faq_id=entry.id,
        topic=entry.topic,
        citations=[{"law": c.law, "article": c.article} for c in entry.citations],
    )


def answer_question(conv: Conversation, question: str) -> None:
    """Run the answer ladder for free text."""
    question = question.strip()[:QUESTION_LIMIT]
    conv.state["last_question"] = question
    result: Any = conv.ctx.faq.ask(question) if conv.ctx.faq is not None else None
    decision = result.decision if result is not None else "none"
    if decision == "answer":
        show_entry(conv, result.hits[0].entry.id)
    elif decision == "clarify":
        buttons = [
            Button(_local(conv, h.entry.question)[:30], f"faq:{h.entry.id}")
            for h in result.hits[:3]
        ]
        conv.say(
            conv.t("faq.did_you_mean"),
            [*buttons, conv.button("common.person", "/person")],
            ask="faq_choice",
        )
    else:
        conv.emit("record_faq_miss", question=question)
        conv.say(
            conv.t("faq.not_sure"),
            [conv.button("common.person", "/person"), conv.button("common.menu", "/menu")],
        )


FLOW = FaqFlow()
