"""藏汉双语接访 in the conversation: Tibetan script in, Tibetan replies out, a person offered.

A message with Tibetan writing in it (``knowledge.tibetan``) switches the conversation to
``bo`` wherever it is: only the language changes, so the flow, its step and the answers so far
stay as they were and the step goes on to read the message. The first time, the citizen is
told so in Tibetan and offered a Tibetan-speaking person, with a way back to Chinese for
someone who only typed a Tibetan name. From then on the conversation carries ``NEEDS_KEY``
in its state, and the backend tags every queue item it leads to "需藏汉双语".
"""

from __future__ import annotations

from dialogs.conversation import Conversation
from dialogs.types import Button
from knowledge.tibetan import looks_tibetan

__all__ = [
    "NEEDS_KEY",
    "follow",
    "needs_tibetan",
    "note_chinese_only",
    "person_buttons",
    "refuse_question",
]

NEEDS_KEY = "needs_bo"
# The flows the Tibetan catalog covers; the others speak zh-Hans (dialogs.catalog.FALLBACK).
SPOKEN_FLOWS = frozenset({"menu", "complaint", "status", "faq"})


def needs_tibetan(state: dict[str, object]) -> bool:
    """True once the conversation has been in Tibetan: its items need a bilingual person."""
    return bool(state.get(NEEDS_KEY)) or state.get("lang") == "bo"


def follow(conv: Conversation, text: str) -> bool:
    """Follow Tibetan writing into ``bo``; True when ``text`` has Tibetan in it."""
    if conv.lang == "bo":
        conv.state[NEEDS_KEY] = True
    if not text or not looks_tibetan(text):
        return False
    conv.state[NEEDS_KEY] = True
    if conv.lang != "bo":
        conv.lang = "bo"
        _say_switched(conv)
    return True


def _say_switched(conv: Conversation) -> None:
    """Once, in Tibetan: replies will be Tibetan, and a Tibetan-speaking person is at hand.

    While a person is talking the bot stays quiet (the console shows the tag); while the
    citizen waits for one, the waiting item has just been tagged, so that is what is said.
    """
    if conv.mode == "human":
        return
    if conv.mode == "waiting":
        conv.say(conv.t("common.tibetan_switch_waiting"), lang="bo")
    else:
        conv.say(
            conv.t("common.tibetan_switch"),
            [*person_buttons(conv), conv.button("common.keep_chinese", "/lang zh-Hans")],
            lang="bo",  # the web page follows: its own labels turn Tibetan too
        )
    say_danger_numbers(conv)


def say_danger_numbers(conv: Conversation) -> None:
    """The danger triage reads Chinese and English only: a Tibetan message that speaks of
    violence or despair would pass unseen, so the emergency numbers are said plainly instead."""
    text = conv.t("common.tibetan_danger")
    if any(reply.text == text for reply in conv.replies):
        return  # once a turn
    numbers = ("110", "120")
    buttons = [conv.button("common.call_button", f"call:{n}", number=n) for n in numbers]
    conv.say(text, buttons, lang="bo")


def person_buttons(conv: Conversation) -> list[Button]:
    """转人工, said as "a person who speaks Tibetan"."""
    return [conv.button("common.person_bo", "/person")]


def refuse_question(conv: Conversation) -> None:
    """A question in Tibetan: say honestly that it cannot be answered here automatically.

    The FAQ base is Chinese; a guess from the Chinese words of a Tibetan message would read as
    an answer. A person who speaks Tibetan, or the menu, is offered instead.
    """
    say_danger_numbers(conv)
    conv.say(
        conv.t("faq.no_tibetan"),
        [*person_buttons(conv), conv.button("common.menu", "/menu")],
        ask="faq_tibetan",
    )


def note_chinese_only(conv: Conversation, flow: str) -> None:
    """Entering a flow the Tibetan catalog does not cover: say so first, and offer a person."""
    if conv.lang == "bo" and flow not in SPOKEN_FLOWS:
        conv.say(conv.t("common.chinese_only"), person_buttons(conv))
