"""What the bot does when a message describes danger: the numbers first, and the case urgent.

Called by the engine on every citizen message, before any flow, global word or person's
reply. The first time a kind of danger comes up in a conversation the citizen gets that
category's advice and numbers (``safety.category.<name>``) with call buttons; a later message
of the same kind gets a one-line reminder, so someone describing their situation in several
messages is not answered with the same block each time; once a danger has been named, a
message such as "他回来了" or "he's back" (``after_danger`` in the file) gets the numbers
again. Each new kind emits ``flag_urgent``, which marks the conversation and every open case
of it urgent (``backend.services.signals``).

What the citizen is told about staff is only what is true at that moment: while a person has
been asked for (or is talking), the handoff in the queue is marked, so staff will see it first
(out of hours: when they start work). Otherwise no member of staff has seen the message, so
the bot says how to reach one and that what they submit here is marked urgent — never
"工作人员会优先处理" about a message nobody will read.
"""

from __future__ import annotations

from dialogs.conversation import Conversation
from dialogs.safety import danger_categories, follows_danger, hotlines_for

OPENS = "handoff_opens"  # set by dialogs.globals_ when a person was asked for out of hours

__all__ = ["respond_to_danger"]

MAX_CALL_BUTTONS = 3
_SEEN = "dangers"  # state key: the kinds of danger already answered in this conversation
CRY = "cry_for_help"  # a bare 救命: after a named danger, that danger's numbers are the answer


def respond_to_danger(conv: Conversation, text: str) -> None:
    """Send the emergency advice for whatever danger ``text`` describes; flag the case."""
    seen: list[str] = conv.state.get(_SEEN) or []
    categories = danger_categories(text)
    if seen and categories in ((), (CRY,)) and follows_danger(text):
        categories = tuple(seen)  # "他回来了", "救命" after "他打我": the same numbers, now
    if not categories:
        return
    seen = conv.state.setdefault(_SEEN, [])
    new = [c for c in categories if c not in seen]
    numbers = hotlines_for(categories)
    buttons = [
        conv.button("common.call_button", f"call:{n}", number=n) for n in numbers[:MAX_CALL_BUTTONS]
    ]
    buttons.append(conv.button("common.person", "/person"))
    if new:
        lines = [conv.t("safety.lead"), *(conv.t(f"safety.category.{c}") for c in new)]
        lines.append(_who_will_see_it(conv))
        conv.say("\n".join(lines), buttons, danger=categories[0], dangers=list(categories))
        seen.extend(new)
        conv.emit("flag_urgent", category=new[0], categories=new)
    else:
        reminder = conv.t("safety.reminder", numbers=" / ".join(numbers))
        conv.say(reminder, buttons, danger=categories[0], dangers=list(categories))
    conv.state["urgent"] = True


def _who_will_see_it(conv: Conversation) -> str:
    """The truth about staff: a handoff is open (and when it is read), or how to ask for one."""
    if conv.mode == "human":
        return conv.t("safety.flagged_waiting")
    if conv.mode == "waiting":
        opens = conv.state.get(OPENS)
        return (
            conv.t("safety.flagged_closed", opens=opens)
            if opens
            else conv.t("safety.flagged_waiting")
        )
    return conv.t("safety.flagged")
