"""满意 / 基本满意 / 不满意: the satisfaction question after a matter closes or a handoff ends.

The backend sends ``survey_reply`` when it closes something; the buttons carry
``csat:<matter id>:satisfied|basically|unsatisfied``. A tap records the rating and invites an
optional comment: the next text is taken as the comment, a tap on 不用了 (or any other
button) ends the survey.
"""

from __future__ import annotations

from dialogs.catalog import Catalog
from dialogs.conversation import Conversation
from dialogs.types import Button, Inbound, Lang, Reply

RATINGS = ("satisfied", "basically", "unsatisfied")
NO_COMMENT = "nocomment"
_PENDING = "survey_comment"


def survey_reply(catalog: Catalog, lang: Lang, matter_id: int) -> Reply:
    """The question with one button per rating."""
    buttons = [
        Button(catalog.text(lang, f"survey.{rating}"), f"csat:{matter_id}:{rating}")
        for rating in RATINGS
    ]
    return Reply(catalog.text(lang, "survey.ask"), buttons, ask="csat", extra={"survey": matter_id})


def handle(conv: Conversation, inbound: Inbound) -> bool:
    """A rating tap, or the optional comment after one; True when handled."""
    payload = inbound.button or ""
    if payload.startswith("csat:"):
        return _rate(conv, payload)
    pending = conv.state.pop(_PENDING, None)
    if not isinstance(pending, int) or inbound.button is not None or not inbound.text:
        return False  # anything but text ends the wait for a comment
    conv.emit("record_satisfaction", matter_id=pending, comment=inbound.text)
    _thank(conv)
    return True


def _thank(conv: Conversation) -> None:
    """Thanks, and a way on (the menu, or a person)."""
    conv.say(
        conv.t("survey.thanks"),
        [conv.button("common.menu", "/menu"), conv.button("common.person", "/person")],
    )


def _rate(conv: Conversation, payload: str) -> bool:
    _, matter, rating = ([*payload.split(":"), "", ""])[:3]
    if not matter.isdigit() or rating not in (*RATINGS, NO_COMMENT):
        return False
    if rating == NO_COMMENT:
        conv.state.pop(_PENDING, None)
        _thank(conv)
        return True
    conv.emit("record_satisfaction", matter_id=int(matter), rating=rating)
    conv.state[_PENDING] = int(matter)
    conv.say(
        conv.t("survey.comment"), [conv.button("survey.no_comment", f"csat:{matter}:{NO_COMMENT}")]
    )
    return True
