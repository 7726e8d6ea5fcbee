"""回访 in the chat: the citizen answers the follow-up visit with buttons, then a comment.

The backend asks (``followup_reply``) when the follow-up falls due; the buttons carry
``fu:<follow-up id>:satisfied|basically|unsatisfied``. A tap records the answer (effect
``record_followup_answer``) and invites a comment: the next text is kept with it, a tap on
不用了 (or any other button) ends the follow-up.
"""

from __future__ import annotations

from dialogs.catalog import Catalog
from dialogs.conversation import Conversation
from dialogs.types import Button, Inbound, Lang, Reply

RESULTS = ("satisfied", "basically", "unsatisfied")
NO_COMMENT = "nocomment"
_PENDING = "followup_comment"


def followup_reply(catalog: Catalog, lang: Lang, followup_id: int, tracking_no: str) -> Reply:
    """The follow-up question with one button per answer."""
    buttons = [
        Button(catalog.text(lang, f"followup.{result}"), f"fu:{followup_id}:{result}")
        for result in RESULTS
    ]
    text = catalog.text(lang, "followup.ask", tracking_no=tracking_no)
    return Reply(text, buttons, ask="followup", extra={"followup": followup_id})


def handle(conv: Conversation, inbound: Inbound) -> bool:
    """An answer tap, or the comment after one; True when handled."""
    payload = inbound.button or ""
    if payload.startswith("fu:"):
        return _answer(conv, payload)
    pending = conv.state.get(_PENDING)
    if not isinstance(pending, int):
        return False
    conv.state.pop(_PENDING, None)
    if inbound.button is not None or not inbound.text:
        return False  # anything but text ends the wait for a comment
    conv.emit("record_followup_answer", followup_id=pending, comment=inbound.text[:2000])
    _thank(conv)
    return True


def _thank(conv: Conversation) -> None:
    conv.say(
        conv.t("followup.thanks"),
        [conv.button("common.menu", "/menu"), conv.button("common.person", "/person")],
    )


def _answer(conv: Conversation, payload: str) -> bool:
    _, number, result = ([*payload.split(":"), "", ""])[:3]
    if not number.isdigit() or result not in (*RESULTS, NO_COMMENT):
        return False
    conv.state.pop(_PENDING, None)
    if result == NO_COMMENT:
        _thank(conv)
        return True
    conv.emit("record_followup_answer", followup_id=int(number), result=result)
    conv.state[_PENDING] = int(number)
    key = "followup.comment_unsatisfied" if result == "unsatisfied" else "followup.comment"
    conv.say(conv.t(key), [conv.button("followup.no_comment", f"fu:{number}:{NO_COMMENT}")])
    return True
