"""The main menu: the four jobs and 转人工. Free text here is a question for the FAQ."""

from __future__ import annotations

from dialogs.actions import open_flow
from dialogs.choices import Option, match_choice
from dialogs.conversation import Conversation
from dialogs.flows.faq import answer_question
from dialogs.globals_ import show_menu
from dialogs.types import Event, Inbound

ITEMS = ("eligibility", "complaint", "faq", "status", "lead")


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


FLOW = MenuFlow()
