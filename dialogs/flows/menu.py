"""The main menu: the jobs (``MENU_ITEMS``) and 转人工. Free text here is a question for the FAQ."""

from __future__ import annotations

import re

from dialogs.actions import handle_payload, open_flow
from dialogs.choices import Option, match_choice, normalise
from dialogs.conversation import Conversation
from dialogs.flows.faq import answer_question
from dialogs.globals_ import MENU_ITEMS, show_menu
from dialogs.offered import OFFERED
from dialogs.types import Event, Inbound

ITEMS = MENU_ITEMS
_BARE_NUMBER = re.compile(r"^[1-9]$")


class MenuFlow:
    """Step ``main``: pick a job by button, number or words; anything else is a question."""

    name = "menu"

    def enter(self, conv: Conversation, arg: str = "") -> None:
        """Show the menu."""
        show_menu(conv)

    def on_input(self, conv: Conversation, msg: Inbound) -> None:
        """A menu choice opens its flow; other text goes to the FAQ."""
        if msg.attachments:
            conv.say(conv.t("attachments.menu_hint"))
            show_menu(conv)
            return
        guess = _picked_guess(conv, msg)
        if guess is not None:
            handle_payload(conv, Inbound(button=guess))
            return
        options = [
            Option(
                f"go:{item}",
                conv.t(f"menu.item.{item}"),
                tuple(conv.t(f"menu.words.{item}").split("|")),
            )
            for item in ITEMS
        ]
        choice = match_choice(msg, options) if len(msg.text) <= 12 or msg.button else None
        if choice is not None:
            open_flow(conv, choice.removeprefix("go:"))
        elif msg.text.strip():
            answer_question(conv, msg.text)
        else:
            conv.say(conv.t("common.not_understood"))
            show_menu(conv)

    def on_event(self, conv: Conversation, event: Event) -> bool:
        """The menu has no events of its own."""
        return False


def _picked_guess(conv: Conversation, msg: Inbound) -> str | None:
    """A bare number picks from the list shown last: after "您想问的是不是" (numbered guesses
    below the menu), "2" is the second guess, not the menu's second item."""
    text = normalise(msg.text)
    if msg.button is not None or not _BARE_NUMBER.match(text):
        return None
    numbered = [b for b in conv.state.get(OFFERED) or [] if b.get("number") == int(text)]
    payload = str(numbered[-1].get("payload", "")) if numbered else ""
    return payload if payload.startswith("faq:") else None


FLOW = MenuFlow()
