"""The personal part of the complaint flow: consent first, the anonymous route, contact details.

Consent is asked before any personal story; declining offers the anonymous route and says what
it means (registered and handled, but no reply and no progress look-up). Where the flow asks
for a name and phone, a typed answer is taken as it comes ("王小明 13800138000", "我叫李秀兰").
"""

from __future__ import annotations

import re

from dialogs.choices import match_choice, normalise
from dialogs.conversation import Conversation
from dialogs.flows import complaint_steps as steps
from dialogs.parsing import valid_phone
from dialogs.routing import routing_table
from dialogs.typed_contact import read_contact
from dialogs.types import Inbound

__all__ = ["go_anonymous", "on_consent", "on_contact", "on_name", "on_phone"]

_QUESTION = re.compile(r"为什么|为啥|干什么用|干嘛|吗|[?？]|\bwhy\b")
NAME_LIMIT = 30


def on_consent(conv: Conversation, msg: Inbound) -> None:
    """同意 → what happened; 不同意 → the anonymous route explained; 匿名反映 → on, anonymous."""
    answer = match_choice(msg, steps.consent_options(conv))
    if answer == "yes":
        conv.state["consent"] = True
        conv.data.pop("anonymous", None)
        _after_consent(conv)
    elif answer == "anonymous":
        conv.data.update(anonymous=True, name=None, phone=None)
        conv.say(conv.t("complaint.anonymous_note"))
        _after_consent(conv)
    elif answer == "no":
        steps.say_declined(conv)
    else:
        steps.not_understood(conv)


def _after_consent(conv: Conversation) -> None:
    if conv.data.get("_edit"):
        steps.go(conv, "summary" if conv.data.get("anonymous") else "contact")
    else:
        steps.go(conv, f"screen:{routing_table().start}")


def on_contact(conv: Conversation, msg: Inbound) -> None:
    """Named → name and phone; anonymous → told there is no reply; a typed name/phone is taken."""
    if msg.button is None and _QUESTION.search(msg.text):
        conv.say(conv.t("complaint.why_contact"))  # "为什么要留电话?" deserves an answer
        steps.ask_step(conv, "contact")
        return
    answer = match_choice(msg, steps.contact_options(conv))
    if answer == "anonymous":
        go_anonymous(conv)
        return
    if answer == "named":
        conv.data["anonymous"] = False
        steps.go(conv, "name")
        return
    name, phone = read_contact(msg.text) if msg.button is None else (None, None)
    if name is None and phone is None:
        steps.not_understood(conv)
        return
    conv.data.update(anonymous=False, name=name, phone=phone)
    steps.go(conv, "phone" if phone is None else "name" if name is None else "summary")


def go_anonymous(conv: Conversation) -> None:
    conv.data.update(anonymous=True, name=None, phone=None)
    conv.say(conv.t("complaint.anonymous_note"))
    steps.go(conv, "summary")


def on_name(conv: Conversation, msg: Inbound) -> None:
    """A name of 1-30 characters ("我叫王小明" gives 王小明; a phone typed with it is kept)."""
    name, phone = read_contact(msg.text) if msg.button is None else (None, None)
    text = name or msg.text.strip()
    if msg.button is not None or not 1 <= len(text) <= NAME_LIMIT or valid_phone(text):
        conv.say(conv.t("complaint.name_bad"), steps.nav(conv), ask="name")
        return
    conv.data["name"] = text
    conv.data["phone"] = phone or conv.data.get("phone")
    steps.go(conv, "summary" if conv.data.get("phone") else "phone")


def on_phone(conv: Conversation, msg: Inbound) -> None:
    """A valid mainland mobile or landline; anything else is asked again."""
    if msg.button == "anonymous" or normalise(msg.text) in ("匿名", "anonymous"):
        go_anonymous(conv)
        return
    phone = valid_phone(msg.text) if msg.button is None else None
    if phone is None:
        buttons = [conv.button("complaint.anonymous", "anonymous"), *steps.nav(conv)]
        conv.say(conv.t("complaint.phone_bad"), buttons, ask="phone")
        return
    conv.data["phone"] = phone
    steps.go(conv, "summary" if conv.data.get("name") else "name")
