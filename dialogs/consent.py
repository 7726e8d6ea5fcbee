"""Consent before any personal field (个人信息保护法 Arts. 13–17): ask once, remember, resume.

A flow about to ask for a name or phone calls ``ensure_consent(conv, resume_step)``. If the
citizen has not accepted the notice yet, it shows the notice with 同意 / 不同意 and parks the
flow; ``handle_consent_answer`` then resumes at ``resume_step`` (or ends the flow kindly).
"""

from __future__ import annotations

from dialogs.choices import Option, match_choice
from dialogs.conversation import Conversation
from dialogs.types import Inbound

CONSENT_STEP = "consent"


def has_consent(conv: Conversation) -> bool:
    """True once the citizen has accepted the personal-information notice."""
    return bool(conv.state.get("consent"))


def ensure_consent(conv: Conversation, resume_step: str) -> bool:
    """True when consent is given; otherwise ask for it and park the flow at ``consent``."""
    if has_consent(conv):
        return True
    conv.data["_resume"] = resume_step
    conv.move(conv.flow, CONSENT_STEP, remember=False)
    ask_consent(conv)
    return False


def ask_consent(conv: Conversation) -> None:
    """Show the notice with accept / decline buttons."""
    days = conv.ctx.settings.get("retention_faq_days", 90)
    conv.say(
        conv.t("privacy.notice", faq_days=days),
        [
            conv.button("privacy.accept", "yes"),
            conv.button("privacy.decline", "no"),
            conv.button("common.person", "/person"),
        ],
        ask="consent",
    )


def handle_consent_answer(conv: Conversation, msg: Inbound) -> str | None:
    """Process the answer at the consent step: the step to resume, or None (declined/unclear)."""
    options = [
        Option("yes", conv.t("privacy.accept"), ("同意", "接受", "好")),
        Option("no", conv.t("privacy.decline"), ("不同意", "拒绝")),
    ]
    answer = match_choice(msg, options)
    if answer == "yes":
        conv.state["consent"] = True
        resume = str(conv.data.pop("_resume", ""))
        conv.move(conv.flow, resume, remember=False)
        return resume
    if answer == "no":
        conv.say(
            conv.t("privacy.declined"),
            [conv.button("common.menu", "/menu"), conv.button("common.person", "/person")],
        )
        return None
    conv.say(conv.t("common.not_understood"))
    ask_consent(conv)
    return None
