"""The buttons of the current step, and what to say when an old button is pressed.

After every turn that said something, the engine keeps the buttons it offered
(``state["offered"]``: the buttons as in the reply shape); a turn that left the conversation at the
same step and asked nothing new (a help text, 转人工) adds its buttons to the step's instead of
replacing them, so the step's own options stay good. A later tap on a step's button that is no
longer on offer (an old 确认提交 scrolled back to in Telegram, a second tab) is not an answer to
the current question: the citizen is told that step has passed and gets the current step's
buttons again, never "没看懂". Buttons that mean the same from anywhere (open a flow, an FAQ
entry, feedback, a phone number, 菜单/返回/转人工 …) are always accepted; "确定删除" is not one
of them, because deleting must answer a question asked just now.
"""

from __future__ import annotations

from dialogs.conversation import Conversation
from dialogs.types import Button, Inbound

__all__ = ["OFFERED", "current_buttons", "is_stale", "remember", "say_step_passed"]

OFFERED = "offered"
# Payload kinds that work from any message (dialogs.actions, survey, the letter download).
_UNIVERSAL_KINDS = frozenset({"go", "faq", "more", "fb", "call", "csat", "fu", "letter"})
_UNIVERSAL_COMMANDS = frozenset(
    {"/start", "/menu", "/back", "/cancel", "/person", "/help", "/lang", "/privacy", "/delete"}
)
# Commands whose argument answers a question (/delete asks "确定删除吗?" first).
_ANSWERS = frozenset({"/delete confirm"})


def remember(conv: Conversation, before: tuple[str, str]) -> None:
    """Keep this turn's buttons as the current step's (a silent turn keeps the old ones).

    ``before`` is the (flow, step) the turn started at: when the turn ends there too and asked
    no question of its own (a help text, a handoff notice, an answer in the FAQ), the step's
    earlier buttons stay on offer beside the new ones. A question (the menu, "确定删除吗?")
    always starts afresh.
    """
    if not conv.replies:
        return
    buttons = [b.to_dict() for r in conv.replies for b in r.buttons]
    asked = any(r.ask for r in conv.replies)
    if (conv.flow, conv.step) == before and not asked:
        seen = {b["payload"] for b in buttons}
        buttons = [b.to_dict() for b in current_buttons(conv) if b.payload not in seen] + buttons
    latest = {b["payload"]: b for b in buttons}  # a menu shown twice in one turn: once
    conv.state[OFFERED] = list(latest.values())


def _universal(payload: str) -> bool:
    if payload.strip() in _ANSWERS:
        return False
    head = payload.split(maxsplit=1)[0] if payload.strip() else ""
    return head in _UNIVERSAL_COMMANDS or payload.partition(":")[0] in _UNIVERSAL_KINDS


def is_stale(conv: Conversation, inbound: Inbound) -> bool:
    """True for a tap on a step's button that the current step did not offer."""
    payload = inbound.button
    offered = conv.state.get(OFFERED)
    if payload is None or not isinstance(offered, list) or _universal(payload):
        return False
    return payload not in {b.payload for b in current_buttons(conv)}


def current_buttons(conv: Conversation) -> list[Button]:
    """The buttons the current step offered (empty when it offered none)."""
    offered = conv.state.get(OFFERED)
    if not isinstance(offered, list):
        return []
    return [Button.from_dict(b) for b in offered if isinstance(b, dict) and "payload" in b]


def say_step_passed(conv: Conversation) -> None:
    """ "这一步已经过去了", with the current step's buttons (or the menu and a person)."""
    buttons = current_buttons(conv)
    if buttons:
        conv.say(conv.t("understanding.step_passed"), buttons)
    else:
        conv.say(
            conv.t("understanding.step_passed_text"),
            [conv.button("common.menu", "/menu"), conv.button("common.person", "/person")],
        )
