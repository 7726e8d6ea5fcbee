"""Legal questions: the answer ladder (answer / did you mean / not sure) over the FAQ base."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dialogs.conversation import Conversation
from dialogs.tibetan import refuse_question
from dialogs.types import Button, Event, Inbound
from dialogs.understanding import offer_for_topic, service_button, service_offer
from knowledge.text import to_traditional
from knowledge.tibetan import looks_tibetan

QUESTION_LIMIT = 500  # characters kept from a question; the rest adds nothing to the search
LABEL_CHARS = 30  # a Chinese question on a button
LABEL_LETTERS = 48  # an English one, cut between words


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


def _english(conv: Conversation, entry_id: str) -> Any:
    """The entry's English question and gist (``knowledge.english``), for an English reader."""
    face = getattr(conv.ctx.faq, "english_face", None) if conv.lang == "en" else None
    return face(entry_id) if face is not None else None


def _question(conv: Conversation, entry: Any) -> str:
    """An entry's question as a button label, in the reader's language where we have it."""
    face = _english(conv, entry.id)
    if face is None:
        return _local(conv, entry.question)[:LABEL_CHARS]
    question = str(face.question)
    if len(question) <= LABEL_LETTERS:
        return question
    return question[:LABEL_LETTERS].rsplit(" ", 1)[0] + "…"  # cut between words


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
        return Button(_question(conv, entry), f"faq:{arg}") if entry else None
    return None


def _citations(entry: Any) -> str:
    return "；".join(f"《{c.law}》{c.article}".rstrip() for c in entry.citations)


def show_entry(
    conv: Conversation,
    entry_id: str,
    *,
    details: bool = False,
    offer: str | None = None,
    matter: str | None = None,
) -> None:
    """Show one entry: the gist, its legal basis, next steps and feedback buttons.

    An answer about a situation where the procuratorate can help ends with the sentence that
    offers that service, and the service's button comes first.
    """
    entry = conv.ctx.faq.entry(entry_id) if conv.ctx.faq is not None else None
    if entry is None:
        conv.say(conv.t("faq.gone"), [conv.button("common.menu", "/menu")])
        return
    face = _english(conv, entry.id)
    if face is not None and not details:
        parts = [face.gist]  # the English gist; the button below shows the Chinese in full
    elif face is not None:
        parts = [conv.t("faq.in_chinese"), _local(conv, entry.answer)]
        parts += [entry.details] if entry.details else []
    else:
        parts = [conv.t("faq.in_chinese")] if conv.lang in ("en", "bo") else []
        parts.append(_local(conv, entry.details if details and entry.details else entry.answer))
    if entry.uncertain:
        parts.append(conv.t("faq.uncertain"))
    parts.append(conv.t("faq.basis", citations=_local(conv, _citations(entry))))
    parts.append(conv.t("faq.disclaimer"))
    service = offer or offer_for_topic(entry.topic, tuple(entry.next_steps))
    buttons = [b for b in (_step_button(conv, s) for s in entry.next_steps) if b is not None]
    if (entry.details or face is not None) and not details:
        label = "faq.full_chinese" if face is not None else "faq.more"
        buttons.insert(0, conv.button(label, f"more:{entry.id}"))
    if service is not None:
        parts.append(service_offer(conv, service, matter))
        buttons = [service_button(conv, service)] + [
            b for b in buttons if b.payload != f"go:{service}"
        ]
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


def _ask(conv: Conversation, question: str) -> Any:
    question = question.strip()[:QUESTION_LIMIT]
    conv.state["last_question"] = question
    return conv.ctx.faq.ask(question) if conv.ctx.faq is not None else None


def _guess_button(conv: Conversation, hit: Any) -> Button:
    return Button(_question(conv, hit.entry), f"faq:{hit.entry.id}")


def answer_question(
    conv: Conversation, question: str, *, offer: str | None = None, matter: str | None = None
) -> None:
    """Run the answer ladder for free text; ``offer`` names a service the situation calls for.

    With an offer, an uncertain answer does not end in three guesses: the service is offered
    first, with the closest answer as one button beside it. A question in Tibetan is never
    searched (the base is Chinese): it is told so, and offered a Tibetan-speaking person.
    """
    if looks_tibetan(question):
        refuse_question(conv)
        return
    result = _ask(conv, question)
    decision = result.decision if result is not None else "none"
    if decision == "answer":
        show_entry(conv, result.hits[0].entry.id, offer=offer, matter=matter)
    elif offer is None and _danger_said(conv):
        return  # the emergency numbers, with 转人工, are the reply: no guesses after a threat
    elif offer is not None:
        if decision == "none":
            conv.emit("record_faq_miss", question=question.strip()[:QUESTION_LIMIT])
        _offer_service(conv, offer, matter, result.hits[:1] if decision == "clarify" else ())
    elif decision == "clarify":
        buttons = [
            replace(_guess_button(conv, h), number=n) for n, h in enumerate(result.hits[:3], 1)
        ]
        conv.say(
            conv.t("faq.did_you_mean"),
            [*buttons, conv.button("common.person", "/person")],
            ask="faq_choice",
        )
    else:
        conv.emit("record_faq_miss", question=question.strip()[:QUESTION_LIMIT])
        conv.say(
            conv.t("faq.not_sure"),
            [conv.button("common.person", "/person"), conv.button("common.menu", "/menu")],
        )


def _danger_said(conv: Conversation) -> bool:
    """True when this turn already answered a danger (``dialogs.triage``)."""
    return any("danger" in reply.extra for reply in conv.replies)


def answer_if_sure(conv: Conversation, question: str) -> bool:
    """Show the answer only when the ladder is sure of it (beside another reply)."""
    if looks_tibetan(question):
        return False
    result = _ask(conv, question)
    if result is None or result.decision != "answer":
        return False
    show_entry(conv, result.hits[0].entry.id)
    return True


def _offer_service(conv: Conversation, service: str, matter: str | None, related: Any) -> None:
    head = conv.t("understanding.situation_head")
    buttons = [service_button(conv, service), *(_guess_button(conv, h) for h in related)]
    buttons += [conv.button("common.person", "/person"), conv.button("common.menu", "/menu")]
    conv.say(f"{head}\n{service_offer(conv, service, matter)}", buttons, ask="offer")


FLOW = FaqFlow()
