"""The conversation engine: ``handle(state, inbound, ctx) -> Turn``. Pure, no I/O.

Order of a turn: system events go to the flows; otherwise the citizen's language is followed,
danger words get the emergency numbers first, a person's presence keeps the bot quiet, an old
button gets "that step has passed", global words (菜单, 返回, 取消, 转人工, 帮助, /start) win over
the step, a matter waiting for the citizen takes their words (``dialogs.open_case``), a typed
request to do something (``dialogs.understanding``) comes before the step reads the text, and
then the current step answers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dialogs import actions, offered, open_case, tibetan, understanding
from dialogs import globals_ as global_words
from dialogs.catalog import Catalog
from dialogs.conversation import Conversation
from dialogs.flows import get_flow
from dialogs.triage import respond_to_danger
from dialogs.types import JSON, Context, Event, Inbound, Turn
from knowledge.english import looks_english
from knowledge.text import looks_traditional, tidy, to_traditional

__all__ = ["handle"]

# Where a bare greeting means "hello" rather than an answer to a question being asked.
_GREETABLE = ("menu", "faq")
ENGLISH_WORDS = 3  # "ok thanks" stays in Chinese; "my boss did not pay me" is English
CHINESE_CHARS = 2  # "是" alone may be a slip in an English chat; "没有" is Chinese
_CJK = re.compile(r"[\u4e00-\u9fff]")


def handle(state: JSON, inbound: Inbound, ctx: Context, catalog: Catalog | None = None) -> Turn:
    """Decide the replies and effects for one inbound; return the new state with them."""
    conv = Conversation(state, ctx, catalog)
    before = (conv.flow, conv.step)
    # Kept as typed (full-width punctuation and all); every matcher normalises its own copy.
    inbound = replace(inbound, text=tidy(inbound.text)) if inbound.text else inbound
    if inbound.event is not None:
        _on_event(conv, inbound.event)
        return _finish(conv, before)
    _follow_language(conv, inbound.text)
    if inbound.text:
        respond_to_danger(conv, inbound.text)
    if conv.mode == "human":
        return _finish(conv, before)  # a person is talking: the bot stays quiet
    if not conv.state["started"]:
        conv.state["started"] = True
        global_words.greet(conv)
        if inbound.is_empty or global_words.is_start(inbound) or global_words.is_greeting(inbound):
            return _finish(conv, before)
    if inbound.is_empty:
        global_words.prompt_again(conv)
    elif conv.mode == "bot" and conv.flow in _GREETABLE and global_words.is_greeting(inbound):
        global_words.greet(conv)  # hello again: who we are and the menu, not an FAQ miss
    elif offered.is_stale(conv, inbound):
        offered.say_step_passed(conv)  # an old button: that step has passed, here is this one
    elif not (global_words.handle(conv, inbound) or actions.handle_payload(conv, inbound)):
        _take_input(conv, inbound)
    return _finish(conv, before)


def _take_input(conv: Conversation, inbound: Inbound) -> None:
    """Free input: a case waiting for the citizen first, then a typed request, then the step."""
    if inbound.location is not None and conv.flow != "lead":
        # A shared place only means something to a lead (Telegram's location message).
        conv.say(
            conv.t("lead.location_elsewhere"), [conv.button("lead.location_button", "go:lead")]
        )
    elif open_case.takes(conv, inbound):
        open_case.answer(conv, inbound)
    elif not understanding.route(conv, inbound):  # a typed request, before it is searched
        _current_flow(conv, inbound)


def _finish(conv: Conversation, before: tuple[str, str]) -> Turn:
    offered.remember(conv, before)  # this turn's buttons are the current step's
    return conv.turn()


def _current_flow(conv: Conversation, inbound: Inbound) -> None:
    flow = get_flow(conv.flow)
    if flow is None:
        conv.reset()
        flow = get_flow("menu")
    assert flow is not None
    if conv.mode == "waiting" and conv.flow in _GREETABLE and inbound.button is None:
        global_words.note_while_waiting(conv)
        return
    flow.on_input(conv, inbound)


def _on_event(conv: Conversation, event: Event) -> None:
    if open_case.on_event(conv, event) or global_words.on_event(conv, event):
        return
    flow = get_flow(conv.flow)
    if flow is not None and flow.on_event(conv, event):
        return
    for candidate in (get_flow(name) for name in event.name.split(".")[:1]):
        if candidate is not None and candidate.on_event(conv, event):
            return


def _takes_free_text(conv: Conversation) -> bool:
    flow = get_flow(conv.flow)
    text_steps: frozenset[str] = getattr(flow, "text_steps", frozenset())
    return conv.step.partition(":")[0] in text_steps


def _follow_language(conv: Conversation, text: str) -> None:
    """Tibetan script in → Tibetan replies (``dialogs.tibetan``), which stay until /lang;
    Traditional characters in → Traditional replies; Simplified-only text switches back; a
    sentence in English (three words or more) → English replies; Chinese typed in an English
    conversation (two characters or more) → Chinese again, except where a step takes free
    text (a name, an address, the facts may well be written in Chinese). Only the language
    changes: the step and every answer stay (2026-12 review)."""
    if tibetan.follow(conv, text) or not text or conv.lang == "bo":
        return
    if conv.lang == "en":
        if len(_CJK.findall(text)) >= CHINESE_CHARS and not _takes_free_text(conv):
            conv.lang = "zh-Hant" if looks_traditional(text) else "zh-Hans"
        return
    if looks_english(text) and len(text.split()) >= ENGLISH_WORDS:
        conv.lang = "en"
    elif looks_traditional(text):
        conv.lang = "zh-Hant"
    elif conv.lang == "zh-Hant" and to_traditional(text) != text:
        conv.lang = "zh-Hans"
