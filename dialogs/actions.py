"""Buttons that work from any message: open a flow, show an FAQ entry, feedback, a phone number.

Payloads: ``go:<flow>``, ``faq:<entry id>``, ``more:<entry id>``, ``fb:<entry id>:up|down``,
``call:<number>``. Old buttons stay tappable: a citizen scrolling back can still use them.
"""

from __future__ import annotations

from dialogs import followup, survey
from dialogs.conversation import Conversation
from dialogs.flows import get_flow
from dialogs.tibetan import note_chinese_only
from dialogs.types import Button, Inbound


def handle_payload(conv: Conversation, inbound: Inbound) -> bool:
    """Run a universal button; True when the payload was one."""
    if survey.handle(conv, inbound):  # 满意/基本满意/不满意 buttons and the optional comment
        return True
    if followup.handle(conv, inbound):  # the 回访 answered in the chat, and its comment
        return True
    payload = inbound.button or ""
    kind, _, arg = payload.partition(":")
    if kind == "go" and arg:
        open_flow(conv, arg)
    elif kind in ("faq", "more") and arg:
        from dialogs.flows.faq import show_entry

        show_entry(conv, arg, details=kind == "more")
    elif kind == "fb" and arg.count(":") == 1:
        entry_id, verdict = arg.split(":")
        conv.emit(
            "record_feedback",
            entry_id=entry_id,
            helpful=verdict == "up",
            question=str(conv.state.get("last_question", "")),
        )
        conv.say(
            conv.t("faq.thanks_up" if verdict == "up" else "faq.thanks_down"),
            _after_feedback(conv, helpful=verdict == "up"),
        )
    elif kind == "call" and arg:
        conv.say(conv.t("common.call", number=arg, name=conv.t(_hotline_key(conv, arg))))
    else:
        return False
    return True


def _after_feedback(conv: Conversation, *, helpful: bool) -> list[Button]:
    """A way on after 有帮助 / 没帮助: ask again in other words, a person, the menu."""
    again = conv.button("faq.ask_again", "go:faq")
    person, menu = conv.button("common.person", "/person"), conv.button("common.menu", "/menu")
    return [again, menu] if helpful else [again, person, menu]


def _hotline_key(conv: Conversation, number: str) -> str:
    key = f"hotline.{number}"
    return key if conv.catalog.has(key) else "hotline.other"


def open_flow(conv: Conversation, name: str) -> None:
    """Enter a flow from the menu, or say honestly that it is not available yet."""
    flow = get_flow(name)
    if flow is None or name == "menu":
        say_not_online(conv, name)
        return
    conv.move(name, "start", remember=False)
    conv.state["history"] = []
    note_chinese_only(conv, name)
    flow.enter(conv, "")


def say_not_online(conv: Conversation, name: str) -> None:
    """A service not online yet (预约, 司法救助, 公益线索 …): what to do now, and a person."""
    key = f"understanding.not_yet.{name}"
    conv.say(
        conv.t(key if conv.catalog.has(key) else "understanding.not_yet.other"),
        [
            conv.button("common.person", "/person"),
            conv.button("common.call_button", "call:12309", number="12309"),
            conv.button("common.menu", "/menu"),
        ],
    )
