"""The open case owns the conversation: what the citizen says while a matter waits for them.

When staff ask for material, ask a question or reply, the runtime tells the engine
(``case.awaiting``); the state then records the open case (``state["open_case"]``: matter,
tracking number, what was asked, until when). While it lasts and the citizen is not in the
middle of another flow, their text, photos, files and voice notes go to that matter
(effect ``add_to_case``; the backend answers ``case.added`` and the reply names the
tracking number), instead of to the FAQ.

The rules, in order (``takes``):

1. Only in bot mode, and only where the conversation is idle (the menu, the FAQ, right after
   filing); an intake in progress keeps its answers.
2. Global words (菜单, 转人工, 取消 …) and universal buttons were handled before this; menu
   words (查询进度, 投诉 …) still open their flow.
3. Files always go to the case; so does text, unless it is clearly a new request
   (``is_new_request``): then the citizen chooses, with buttons, between adding it to the
   case and asking it as a new question.

How long an open case lasts after the staff action is ``TIMEOUT_DAYS`` (by what was asked).
``case.closed`` (the matter closed) ends it at once.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from dialogs.choices import normalise
from dialogs.conversation import Conversation
from dialogs.intents import recognise
from dialogs.types import JSON, Button, Event, Inbound
from knowledge.yamlio import read_yaml

__all__ = [
    "IDLE_FLOWS",
    "TIMEOUT_DAYS",
    "active",
    "answer",
    "is_new_request",
    "on_event",
    "takes",
]

KEY = "open_case"
# Days an open case lasts after the staff action, by what the citizen was asked for.
TIMEOUT_DAYS: dict[str, int] = {"material": 14, "question": 7, "replied": 3}
IDLE_FLOWS = frozenset({"menu", "faq"})
IDLE_STEPS = frozenset({("eligibility", "filed"), ("complaint", "submitted")})
_MENU_ITEMS = ("eligibility", "complaint", "faq", "status")
PENDING_LIMIT = 2000

# "Is this a new request?": the word lists are data (reviewed like the danger words).
WORDS_FILE = Path(__file__).parent / "data" / "open_case.yaml"
_QUESTION = re.compile(
    r"(怎么办|怎么|如何|能不能|可不可以|可以吗|是否|找谁|哪里|多少钱|算不算|违法吗|吗$|呢$|\?$|？$)"
)


def is_new_request(text: str) -> bool:
    """True when the text is clearly a new complaint or a new legal question.

    An explicit "another matter / I want to complain / I want to ask" is new; otherwise a
    request the intent matcher recognises as one (``dialogs.intents``), or a question (six
    characters or more), that says nothing about the case, its material or its reply is new.
    Everything else is taken as the citizen answering the case.
    """
    said, words = normalise(text), request_words()
    if any(word in said for word in words["new_matter"]):
        return True
    if len(said) < 6 or any(word in said for word in words["about_case"]):
        return False
    intent = recognise(text)
    return bool(intent is not None and intent.explicit) or bool(_QUESTION.search(said))


@lru_cache(maxsize=1)
def request_words() -> dict[str, tuple[str, ...]]:
    """The word lists of ``dialogs/data/open_case.yaml``."""
    data = read_yaml(WORDS_FILE)
    return {key: tuple(str(w) for w in data.get(key) or ()) for key in ("new_matter", "about_case")}


# -- the record in the state ---------------------------------------------------------------


def _record(conv: Conversation, event: Event) -> None:
    data = event.data
    asks = str(data.get("asks") or "replied")
    on = _day(data.get("on")) or conv.ctx.today
    days = timedelta(days=TIMEOUT_DAYS.get(asks, TIMEOUT_DAYS["replied"]))
    conv.state[KEY] = {
        "matter_id": int(data.get("matter_id") or 0),
        "tracking_no": str(data.get("tracking_no") or ""),
        "kind": str(data.get("kind") or ""),
        "asks": asks if asks in TIMEOUT_DAYS else "replied",
        "what": str(data.get("what") or "")[:500],
        "until": (on + days).isoformat() if on is not None else "",
    }


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def active(conv: Conversation) -> JSON | None:
    """The open case, or None (an expired one is forgotten here)."""
    case = conv.state.get(KEY)
    if not isinstance(case, dict) or not case.get("matter_id"):
        return None
    until, today = _day(case.get("until")), conv.ctx.today
    if until is not None and today is not None and today > until:
        conv.state.pop(KEY, None)
        return None
    return case


def _idle(conv: Conversation) -> bool:
    return conv.flow in IDLE_FLOWS or (conv.flow, conv.step) in IDLE_STEPS


def _menu_word(conv: Conversation, text: str) -> bool:
    said = normalise(text)
    for item in _MENU_ITEMS:
        words = {normalise(w) for w in conv.t(f"menu.words.{item}").split("|")}
        if said in words or said == normalise(conv.t(f"menu.item.{item}")):
            return True
    return False


def takes(conv: Conversation, inbound: Inbound) -> bool:
    """True when this inbound belongs to the open case (see the module's rules)."""
    if conv.mode != "bot" or not _idle(conv) or active(conv) is None:
        return False
    if inbound.button is not None:
        return inbound.button.startswith("case:")
    if inbound.attachments:
        return True
    return bool(inbound.text.strip()) and not _menu_word(conv, inbound.text)


# -- answering -----------------------------------------------------------------------------


def answer(conv: Conversation, inbound: Inbound) -> None:
    """Send the inbound to the case, or ask whether a new-looking request belongs to it."""
    case = active(conv)
    assert case is not None
    if inbound.button == "case:add":
        pending = str(case.pop("pending", "") or "")
        if pending:
            _add(conv, case, pending, inbound)
        return
    if inbound.button == "case:new":
        _ask_anew(conv, str(case.pop("pending", "") or ""))
        return
    if inbound.button is not None:
        return  # a stale case button: nothing to do
    if not inbound.attachments and is_new_request(inbound.text):
        case["pending"] = inbound.text[:PENDING_LIMIT]
        _offer_choice(conv, case)
        return
    _add(conv, case, inbound.text, inbound)


def _add(conv: Conversation, case: JSON, text: str, inbound: Inbound) -> None:
    conv.emit(
        "add_to_case",
        matter_id=case["matter_id"],
        asks=case.get("asks", "replied"),
        text=text.strip(),
        attachments=[{"id": a.id, "kind": a.kind, "name": a.name} for a in inbound.attachments],
    )


def _offer_choice(conv: Conversation, case: JSON) -> None:
    number = case["tracking_no"]
    conv.say(
        conv.t("casework.choose", tracking_no=number),
        [
            conv.button("casework.add", "case:add", tracking_no=number),
            conv.button("casework.ask_new", "case:new"),
            conv.button("casework.new_complaint", "go:complaint"),
            conv.button("common.person", "/person"),
        ],
        ask="case_or_new",
    )


def _ask_anew(conv: Conversation, text: str) -> None:
    from dialogs.flows.faq import answer_question

    if text:
        answer_question(conv, text)
    else:
        conv.say(conv.t("common.not_understood"), [conv.button("common.menu", "/menu")])


# -- events from the backend ---------------------------------------------------------------


def on_event(conv: Conversation, event: Event) -> bool:
    """The ``case.*`` events: awaiting, closed, added, gone, registered."""
    handler = _EVENTS.get(event.name)
    if handler is None:
        return False
    handler(conv, event)
    return True


def _closed(conv: Conversation, event: Event) -> None:
    case = conv.state.get(KEY)
    if isinstance(case, dict) and case.get("matter_id") == event.data.get("matter_id"):
        conv.state.pop(KEY, None)


def _added(conv: Conversation, event: Event) -> None:
    data = event.data
    asks = str(data.get("asks") or "replied")
    lines = [conv.t(f"casework.added.{asks}", tracking_no=data.get("tracking_no", ""))]
    if int(data.get("files") or 0):
        lines.append(conv.t("casework.files", count=int(data["files"])))
    if data.get("voice"):
        lines.append(conv.t("casework.voice"))
    conv.say(" ".join(lines), _after_buttons(conv))


def _after_buttons(conv: Conversation) -> list[Button]:
    return [conv.button("common.menu", "/menu"), conv.button("common.person", "/person")]


def _gone(conv: Conversation, event: Event) -> None:
    conv.state.pop(KEY, None)
    from dialogs.globals_ import show_menu

    conv.say(conv.t("casework.gone", tracking_no=event.data.get("tracking_no", "")))
    show_menu(conv)


def _registered(conv: Conversation, event: Event) -> None:
    """A person turned this conversation's handoff into a complaint or application."""
    from dialogs.promises import reply_promise

    data = event.data
    conv.mode = "bot"
    conv.state.pop("noted", None)
    kind = conv.t(f"casework.kind.{data.get('kind', 'complaint')}")
    lines = [conv.t("casework.registered", kind=kind, tracking_no=data["tracking_no"])]
    if data.get("procedural_due") and data.get("result_due"):
        lines.append(reply_promise(conv, data, "casework.promise"))
    conv.say("\n".join(lines), _after_buttons(conv), tracking_no=str(data["tracking_no"]))
    _record(conv, Event("case.awaiting", {**data, "asks": "replied"}))


_EVENTS = {
    "case.awaiting": _record,
    "case.closed": _closed,
    "case.added": _added,
    "case.gone": _gone,
    "case.registered": _registered,
}
