"""Acting on what the citizen asked for: intents, offers of a service, non-words.

The engine calls :func:`route` after danger words and global words and before the current
step sees a typed message. In the menu and the FAQ, where typed text would otherwise be
searched as a question, a recognised request is acted on: the flow opens, a person is asked
for, or — for a situation the procuratorate may help with — the question is answered and the
service offered. Inside another flow only an explicit request for something else interrupts,
and only at a step that asks the citizen to choose (never where the flow takes free text,
such as the facts of a complaint); it is offered, not forced, with the step's own buttons.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dialogs import globals_ as global_words
from dialogs.actions import open_flow, say_not_online
from dialogs.conversation import Conversation
from dialogs.flows import get_flow
from dialogs.intents import Intent, recognise
from dialogs.offered import current_buttons
from dialogs.parsing import parse_ages
from dialogs.types import Button, Inbound
from knowledge.yamlio import read_yaml

__all__ = ["has_words", "offer_for_topic", "route", "service_button", "service_offer"]

OFFERS_FILE = Path(__file__).parent / "data" / "offers.yaml"
SEARCHING_FLOWS = frozenset({"menu", "faq"})
SERVICES = ("eligibility", "complaint", "relief")
OPENING_MIN = 12  # "我要投诉" alone is no story; "培训班收了钱不上课，我要投诉" is one
OPENING_LIMIT = 1_000


def has_words(text: str) -> bool:
    """False for emoji, stickers or punctuation only, or a bare long number (a phone number
    typed at the menu is no question); "3" — a menu choice — has words."""
    if any(ch.isalpha() for ch in text):
        return True
    digits = sum(ch.isdigit() for ch in text)
    return 0 < digits <= 2


@lru_cache(maxsize=1)
def _topic_offers() -> dict[str, str]:
    data = read_yaml(OFFERS_FILE) or {}
    return {str(k): str(v) for k, v in (data.get("topics") or {}).items() if v in SERVICES}


def offer_for_topic(topic: str, next_steps: tuple[str, ...] = ()) -> str | None:
    """The service an answer on ``topic`` leads into (its own next steps as a fallback)."""
    service = _topic_offers().get(topic)
    return service or next((s for s in next_steps if s in ("eligibility", "complaint")), None)


# The kind of matter a typed situation named ("包工头不给钱" → wages), kept for the pre-screen,
# and the ages it stated ("我75岁了，儿子不给赡养费"), from which the pre-screen may tell who
# the applicant is.
HEARD_MATTER = "heard_matter"
HEARD_AGES = "heard_ages"


def service_button(conv: Conversation, service: str) -> Button:
    """The button into a service, labelled in plain words."""
    return conv.button(f"understanding.button.{service}", f"go:{service}")


def service_offer(conv: Conversation, service: str, matter: str | None = None) -> str:
    """The sentence offering a service (the matter's own wording where there is one)."""
    key = f"understanding.offer.{service}_{matter}"
    return conv.t(key if matter and conv.catalog.has(key) else f"understanding.offer.{service}")


def route(conv: Conversation, inbound: Inbound) -> bool:
    """Act on a typed request before the step sees it; True when handled."""
    text = inbound.text
    if conv.mode != "bot" or inbound.button is not None or inbound.attachments or not text:
        return False
    searching = conv.flow in SEARCHING_FLOWS
    if searching and not has_words(text):
        conv.say(conv.t("understanding.no_words"), _menu_buttons(conv))
        return True
    intent = recognise(text)
    if intent is None:
        return False
    if searching:
        act(conv, intent, text)
        return True
    if _may_interrupt(conv, intent):
        _offer_switch(conv, intent)
        return True
    return False


def _may_interrupt(conv: Conversation, intent: Intent) -> bool:
    flow = get_flow(conv.flow)
    text_steps = getattr(flow, "text_steps", None)
    if not intent.explicit or intent.target == f"go:{conv.flow}" or text_steps is None:
        return False  # a flow that does not say which steps take free text is never interrupted
    return conv.step.partition(":")[0] not in text_steps


def act(conv: Conversation, intent: Intent, text: str) -> None:
    """Do what the intent asks for, from the menu or the FAQ."""
    kind, _, name = intent.target.partition(":")
    if intent.matter:  # 老板欠我工资: the pre-screen will not ask what it is about again
        conv.state[HEARD_MATTER] = intent.matter
        conv.state[HEARD_AGES] = list(parse_ages(text))
    else:
        conv.state.pop(HEARD_MATTER, None)
        conv.state.pop(HEARD_AGES, None)
    if kind != "go":
        global_words.handle(conv, Inbound(button=intent.target))
    elif not intent.explicit:
        from dialogs.flows.faq import answer_question

        answer_question(conv, text, offer=name, matter=intent.matter)
    elif get_flow(name) is None:
        not_yet(conv, name, text)
    elif name == "appointment":
        from dialogs.flows.appointment_steps import open_with_words

        open_with_words(conv, text)  # "预约检察长接待" goes straight to that kind's days
    elif name == "relief":
        from dialogs.flows.relief import open_with_words as open_relief

        open_relief(conv, text)  # "被打成重伤" is the harm already said
    elif name == "lead":
        from dialogs.flows.lead import open_with_words as open_lead

        open_lead(conv, text)  # "河边工厂偷排污水": those words are what was seen
    else:
        open_flow(conv, name)
        if name == "complaint" and len(text) >= OPENING_MIN:
            conv.data["opening"] = text[:OPENING_LIMIT]  # the story so far, used after consent


def not_yet(conv: Conversation, name: str, question: str = "") -> None:
    """A service that is not online yet: say so plainly, answer the question if we can."""
    if question and conv.ctx.faq is not None:
        from dialogs.flows.faq import answer_if_sure

        answer_if_sure(conv, question)
    say_not_online(conv, name)


def _door(intent: Intent) -> str:
    """The service an intent leads to: a flow's name, ``person`` or ``delete``."""
    kind, _, name = intent.target.partition(":")
    return name if kind == "go" else intent.target.lstrip("/")


def _offer_switch(conv: Conversation, intent: Intent) -> None:
    door = _door(intent)
    go = conv.button(f"understanding.button.{door}", intent.target)
    text = conv.t(
        "understanding.switch", service=conv.t(f"understanding.service.{door}"), button=go.label
    )
    conv.say(f"{text}\n{conv.t('understanding.switch_kept')}", [go, *current_buttons(conv)])


def _menu_buttons(conv: Conversation) -> list[Button]:
    return [
        conv.button("common.menu", "/menu"),
        conv.button("common.person", "/person"),
    ]
