"""公益诉讼线索 ("随手拍"): what, where, since when, photos, anonymous allowed, a tracking number.

A state table (diagram: ``lead.mmd``). Steps: ``category`` (the fields of public interest,
``data/lead_categories.yaml``; the intro says a lead is not a complaint and has no 7-day /
3-month clock) → ``what`` (skipped when the citizen's opening words already said it) →
``where`` (typed, or a location shared on Telegram) → ``since`` → ``regulator`` →
``evidence`` (photos and video through the channel's upload; 传好了 / 没有照片) → ``contact``
(留电话 → consent → ``phone``, or 匿名提供) → ``summary`` → ``submitted``. Only 确认提交
emits ``submit_lead``; its result comes back as ``lead.received`` with the tracking number.
Files and a shared location are kept at any step.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.choices import Option, match_choice, normalise
from dialogs.consent import CONSENT_STEP, ensure_consent, handle_consent_answer
from dialogs.conversation import Conversation
from dialogs.flows import lead_steps as steps
from dialogs.typed_contact import read_contact
from dialogs.types import Event, Inbound

OPENING_MIN = 12  # characters: an opening this long (or naming a harm) is already the "what"


class LeadFlow:
    """A public-interest lead, from its field to its tracking number."""

    name = steps.NAME
    text_steps = frozenset({"what", "where", "since", "phone"})  # typed answers are answers

    def enter(self, conv: Conversation, arg: str = "") -> None:
        """Start afresh (``arg``: the citizen's opening words), or ``@step`` to ask it again."""
        if arg.startswith("@"):
            steps.ASKERS.get(arg[1:], steps.ask_category)(conv)
            return
        guess = _guess_category(conv, arg)
        if guess is not None or len(arg.strip()) >= OPENING_MIN:
            # "河边工厂偷排污水" names the harm: that is what was seen, not a bare request.
            conv.data.update(what=arg.strip()[: steps.WHAT_LIMIT], category=guess)
            conv.say(conv.t("lead.what_kept"))
        conv.move(self.name, "category", remember=False)
        steps.ask_category(conv)

    def on_input(self, conv: Conversation, msg: Inbound) -> None:
        """Files and a location are kept at any step; otherwise the step's handler answers."""
        if msg.location is not None:
            _keep_location(conv, msg)
            return
        if msg.attachments:
            _keep_files(conv, msg)
            if not (msg.text or msg.button):
                return
        _HANDLERS.get(conv.step, on_category)(conv, msg)

    def on_event(self, conv: Conversation, event: Event) -> bool:
        """``lead.received``: the tracking number and thanks, then back to the menu."""
        if event.name != "lead.received":
            return False
        number = str(event.data.get("tracking_no") or "")
        key = "lead.received_anonymous" if event.data.get("anonymous") else "lead.received"
        conv.reset()
        conv.say(
            conv.t(key, tracking_no=number),
            [conv.button("common.menu", "/menu")],
            tracking_no=number,
        )
        return True


def open_with_words(conv: Conversation, text: str) -> None:
    """Open the flow from typed words ("河边工厂偷排污水"), keeping them as what was seen."""
    conv.move(steps.NAME, "start", remember=False)
    conv.state["history"] = []
    FLOW.enter(conv, text)


def _guess_category(conv: Conversation, text: str) -> str | None:
    """The field the opening words name, when exactly one does (the button still confirms)."""
    found = {o.value for o in steps.category_options(conv) if any(w in text for w in o.words if w)}
    return found.pop() if len(found) == 1 else None


def _keep_files(conv: Conversation, msg: Inbound) -> None:
    files: list[dict[str, str]] = conv.data.setdefault("attachments", [])
    files += [{"id": a.id, "kind": a.kind} for a in msg.attachments]
    if conv.step == "evidence":
        conv.say(conv.t("lead.evidence_received", n=len(files)), steps.evidence_buttons(conv))
    else:
        conv.say(conv.t("lead.evidence_later"))
        steps.ASKERS.get(conv.step, steps.ask_category)(conv)


def _keep_location(conv: Conversation, msg: Inbound) -> None:
    assert msg.location is not None
    place = msg.location.words()
    conv.data["location"] = {"lat": msg.location.latitude, "lon": msg.location.longitude}
    typed = str(conv.data.get("place") or "")
    conv.data["place"] = f"{typed}（{place}）" if typed and place not in typed else typed or place
    conv.say(conv.t("lead.where_location_ok", place=place))
    if conv.step == "where":
        steps.go(conv, "since")
    else:
        steps.ASKERS.get(conv.step, steps.ask_category)(conv)


def _not_understood(conv: Conversation) -> None:
    conv.say(conv.t("common.not_understood"))
    steps.ASKERS.get(conv.step, steps.ask_category)(conv)


def _typed(conv: Conversation, msg: Inbound, limit: int) -> str | None:
    text = msg.text.strip()
    if not text or msg.button is not None:
        _not_understood(conv)
        return None
    return text[:limit]


# -- step handlers ------------------------------------------------------------------------


def on_category(conv: Conversation, msg: Inbound) -> None:
    """A field by button, number or words; what was seen next (unless already said)."""
    value = match_choice(msg, steps.category_options(conv))
    if value is None:
        _not_understood(conv)
        return
    conv.data["category"] = value
    steps.go(conv, "where" if conv.data.get("what") else "what")


def on_what(conv: Conversation, msg: Inbound) -> None:
    """What was seen, in the citizen's words."""
    text = _typed(conv, msg, steps.WHAT_LIMIT)
    if text is not None:
        conv.data["what"] = text
        steps.go(conv, "where")


def on_where(conv: Conversation, msg: Inbound) -> None:
    """A typed place (a shared location is taken in ``on_input``)."""
    text = _typed(conv, msg, steps.PLACE_LIMIT)
    if text is not None:
        conv.data["place"] = text
        steps.go(conv, "since")


def on_since(conv: Conversation, msg: Inbound) -> None:
    """A span by button, or the citizen's own words ("去年夏天")."""
    value = match_choice(msg, steps.since_options(conv))
    if value is None:
        value = _typed(conv, msg, 100)
        if value is None:
            return
    conv.data["since"] = value
    steps.go(conv, "regulator")


def on_regulator(conv: Conversation, msg: Inbound) -> None:
    """Whether a regulator was told."""
    value = match_choice(msg, steps.regulator_options(conv))
    if value is None:
        _not_understood(conv)
        return
    conv.data["regulator"] = value
    steps.go(conv, "evidence")


def on_evidence(conv: Conversation, msg: Inbound) -> None:
    """传好了 / 没有照片 moves on; files themselves are kept in ``on_input``."""
    options = [
        Option("done", conv.t("lead.evidence_done"), steps.words(conv, "lead.evidence_words")),
        Option("none", conv.t("lead.evidence_none"), steps.words(conv, "lead.evidence_none_words")),
    ]
    if match_choice(msg, options) is None and normalise(msg.text) not in ("没有", "no"):
        _not_understood(conv)
        return
    steps.go(conv, "contact")


def on_contact(conv: Conversation, msg: Inbound) -> None:
    """留电话 (consent first) or 匿名提供; a typed phone is taken as it comes."""
    name, phone = read_contact(msg.text) if msg.button is None else (None, None)
    answer = "named" if phone else match_choice(msg, steps.contact_options(conv))
    if answer == "anonymous":
        _go_anonymous(conv)
    elif answer == "named":
        conv.data.update(anonymous=False, name=name, phone=phone)
        if ensure_consent(conv, "summary" if phone else "phone"):
            steps.go(conv, "summary" if phone else "phone")
    else:
        _not_understood(conv)


def _go_anonymous(conv: Conversation) -> None:
    conv.data.update(anonymous=True, name=None, phone=None)
    conv.say(conv.t("lead.anonymous_ok"))
    steps.go(conv, "summary")


def on_consent(conv: Conversation, msg: Inbound) -> None:
    """The personal-information notice before a phone is kept; 不同意 keeps the lead, anonymous."""
    declined = Option("no", conv.t("privacy.decline"), ("不同意", "拒绝"))
    if match_choice(msg, [declined]) == "no":
        conv.data.pop("_resume", None)
        _go_anonymous(conv)
        return
    resume = handle_consent_answer(conv, msg)
    if resume:
        steps.ASKERS[resume](conv)


def on_phone(conv: Conversation, msg: Inbound) -> None:
    """A valid mobile number (a name typed with it is kept), or 匿名提供."""
    if msg.button == "anonymous" or normalise(msg.text) in steps.words(
        conv, "lead.contact_anonymous_words"
    ):
        _go_anonymous(conv)
        return
    name, phone = read_contact(msg.text) if msg.button is None else (None, None)
    if phone is None:
        conv.say(conv.t("lead.phone_invalid"))
        steps.ask_phone(conv)
        return
    conv.data.update(anonymous=False, phone=phone, name=name or conv.data.get("name"))
    steps.go(conv, "summary")


def on_summary(conv: Conversation, msg: Inbound) -> None:
    """确认提交 submits; nothing else does."""
    confirm = Option("confirm", conv.t("lead.confirm"), steps.words(conv, "lead.confirm_words"))
    if match_choice(msg, [confirm]) != "confirm":
        conv.say(conv.t("lead.not_confirmed"))
        steps.ask_summary(conv)
        return
    data = conv.data
    conv.move(steps.NAME, "submitted", remember=False)
    category = str(data.get("category") or "other")
    conv.emit(
        "submit_lead",
        category=category,
        basis=steps.categories().get(category, ""),
        what=data.get("what"),
        place=data.get("place"),
        location=data.get("location"),
        since=data.get("since"),
        regulator=data.get("regulator"),
        attachments=[f["id"] for f in data.get("attachments", [])],
        anonymous=bool(data.get("anonymous")),
        contact_name=data.get("name"),
        phone=data.get("phone"),
        urgent=bool(conv.state.get("urgent")),
        lang=conv.lang,
    )


def on_submitted(conv: Conversation, msg: Inbound) -> None:
    """Waiting for the tracking number (normally it arrives in the same turn)."""
    steps.ask_submitting(conv)


_HANDLERS: dict[str, Callable[[Conversation, Inbound], None]] = {
    "category": on_category,
    "what": on_what,
    "where": on_where,
    "since": on_since,
    "regulator": on_regulator,
    "evidence": on_evidence,
    "contact": on_contact,
    CONSENT_STEP: on_consent,
    "phone": on_phone,
    "summary": on_summary,
    "submitted": on_submitted,
}

FLOW = LeadFlow()
