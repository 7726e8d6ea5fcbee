"""Complaints and petitions (控告/申诉/举报/意见建议): intake, routing, submission.

A state table (diagram: ``complaint.mmd``). Steps: ``consent`` (before any personal story;
declining offers the anonymous route and says what it means) → ``screen:<question>`` (what
happened, in everyday categories: the routing tree in ``dialogs/routing.yaml``, plus 意见建议;
the route decides the legal kind, ``data/complaint_kinds.yaml``) → ``elsewhere`` when another
body handles it (仍然提交 continues) → ``facts`` (several messages and files, ended by 写完了)
→ ``request`` → ``earlier`` [→ ``earlier_detail``] → ``contact`` (a typed name or phone is
taken as it comes) [→ ``name`` → ``phone``] → ``summary`` (one primary action, every answer
changeable) → ``submitted``. Only 确认提交 on the summary emits ``open_complaint``; its result
comes back as ``complaint.opened`` or ``complaint.repeat``. Questions live in
``complaint_steps.py``, the consent and contact handlers in ``complaint_personal.py``, the
summary in ``complaint_summary.py``, the kinds in ``complaint_kinds.py``, confirmations in
``complaint_replies.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.choices import Option, match_choice, normalise
from dialogs.consent import has_consent
from dialogs.conversation import Conversation
from dialogs.flows import complaint_replies as replies
from dialogs.flows import complaint_steps as steps
from dialogs.flows.complaint_kinds import SUGGESTION, kind_of_route
from dialogs.flows.complaint_personal import on_consent, on_contact, on_name, on_phone
from dialogs.flows.complaint_summary import EDITABLE, ask_summary
from dialogs.routing import routing_table
from dialogs.types import Event, Inbound

FACTS_LIMIT = 10_000  # characters of facts; beyond that a person takes the rest
FIELD_LIMIT = 1_000  # request, earlier handling


class ComplaintFlow:
    """Intake of a complaint or petition, from what happened to its tracking number."""

    name = "complaint"
    # Steps that take what the citizen types as it comes (a request typed there is not an
    # intent to act on: dialogs.understanding).
    text_steps = frozenset({"facts", "request", "earlier", "earlier_detail", "contact", "name"})
    text_steps |= {"phone"}

    def enter(self, conv: Conversation, arg: str = "") -> None:
        """Start afresh (consent first), or (``@step``) ask that step again after 返回."""
        if arg.startswith("@"):
            steps.ask_step(conv, arg[1:])
            return
        conv.state["data"] = {}
        first = f"screen:{routing_table().start}" if has_consent(conv) else "consent"
        conv.move(self.name, first, remember=False)
        steps.ask_step(conv, first)

    def on_input(self, conv: Conversation, msg: Inbound) -> None:
        """Files are kept at any step; otherwise the current step's handler answers."""
        if msg.attachments:
            _keep_files(conv, msg)
            if not (msg.text or msg.button):
                return
        handler = _HANDLERS.get(conv.step.partition(":")[0])
        if handler is None:
            self.enter(conv)
        else:
            handler(conv, msg)

    def on_event(self, conv: Conversation, event: Event) -> bool:
        """``complaint.opened`` / ``complaint.repeat``: confirm, then back to the menu."""
        if event.name == "complaint.opened":
            replies.say_opened(conv, event)
        elif event.name == "complaint.repeat":
            replies.say_repeat(conv, event)
        else:
            return False
        conv.reset()
        return True


def _keep_files(conv: Conversation, msg: Inbound) -> None:
    files: list[dict[str, str]] = conv.data.setdefault("attachments", [])
    files += [{"id": a.id, "kind": a.kind} for a in msg.attachments]
    voice = any(a.kind == "voice" for a in msg.attachments)
    conv.data["needs_listening"] = bool(conv.data.get("needs_listening")) or voice
    if conv.step == "facts":
        key = "attachments.received_voice" if voice else "attachments.received"
        conv.say(conv.t(key), [conv.button("complaint.done", "done"), *steps.nav(conv)])
    else:
        conv.say(conv.t("complaint.attachment_later"))
        steps.ask_step(conv, conv.step)


# -- step handlers ------------------------------------------------------------------------


def on_screen(conv: Conversation, msg: Inbound) -> None:
    """One screening answer: the next question, or the route it lands on."""
    question = conv.step.partition(":")[2] or routing_table().start
    value = match_choice(msg, steps.screening_options(conv, question))
    if value == SUGGESTION and question == routing_table().start:
        conv.data.update(category=SUGGESTION, kind="suggestion")
        conv.data["route"] = "procuratorate_general"
        steps.go_next(conv, "facts")
        return
    choice = next((c for c in routing_table().choices(question) if c.value == value), None)
    if choice is None and msg.button is None and len(msg.text.strip()) >= steps.STORY_MIN:
        _keep_story(conv, msg.text.strip())  # the story told where a kind was asked
        return
    if choice is None:
        steps.not_understood(conv)
        return
    if question == routing_table().start:
        conv.data["category"] = choice.value
    if choice.next is not None:
        steps.go(conv, f"screen:{choice.next}")
        return
    conv.data["route"] = choice.route
    conv.data["kind"] = kind_of_route(str(choice.route))
    route = routing_table().route(str(choice.route))
    if not route.within:
        steps.go(conv, "elsewhere")
        return
    _say_within(conv, route.id, route.offer)
    steps.go_next(conv, "facts")


def _keep_story(conv: Conversation, text: str) -> None:
    """Kept as the start of the facts (2026-12 review: it was answered 没看懂 and lost); the
    question is asked again, since only the citizen can say which kind it is."""
    before = str(conv.data.get("opening") or "")
    conv.data["opening"] = f"{before}\n{text}".strip()[:FIELD_LIMIT]
    conv.say(conv.t("complaint.story_kept"))
    steps.ask_step(conv, conv.step)


def _say_within(conv: Conversation, route_id: str, offer: str | None) -> None:
    note = conv.t(f"routing.route.{route_id}.note")
    buttons = [conv.button("complaint.try_eligibility", f"go:{offer}")] if offer else []
    conv.say("\n".join(t for t in (conv.t("complaint.within"), note) if t), buttons)


def on_elsewhere(conv: Conversation, msg: Inbound) -> None:
    """仍然提交 continues the intake; 主菜单 and 转人工 are global words.

    A citizen who simply goes on telling what happened means "submit it here": the story is
    kept as the first part of the facts, never answered with 没看懂.
    """
    options = [Option("submit_anyway", conv.t("complaint.submit_anyway"), ("提交", "仍然", "继续"))]
    if match_choice(msg, options) is not None:
        steps.go_next(conv, "facts")
    elif msg.button is None and len(msg.text.strip()) >= steps.STORY_MIN:
        conv.say(conv.t("complaint.taken_here"))
        conv.move("complaint", "facts")
        on_facts(conv, msg)
    else:
        steps.not_understood(conv)


def on_facts(conv: Conversation, msg: Inbound) -> None:
    """Collect the facts over several messages until 写完了."""
    facts: list[str] = conv.data.setdefault("facts", [])
    if msg.button == "done" or normalise(msg.text) in steps.words(conv, "complaint.done_words"):
        if not facts:
            conv.say(conv.t("complaint.facts_empty"), steps.nav(conv), ask="facts")
        else:
            steps.go_next(conv, "request")
        return
    if not msg.text.strip():
        steps.not_understood(conv)
        return
    if sum(map(len, facts)) + len(msg.text) > FACTS_LIMIT:
        conv.say(conv.t("complaint.facts_full"), [conv.button("complaint.done", "done")])
        return
    facts.append(msg.text.strip())
    conv.say(
        conv.t("complaint.facts_more"),
        [conv.button("complaint.done", "done"), *steps.nav(conv)],
        ask="facts",
    )


def _free_text(conv: Conversation, msg: Inbound, limit: int) -> str | None:
    """Typed text within ``limit``; says why and re-asks otherwise."""
    text = msg.text.strip()
    if not text or msg.button is not None:
        steps.not_understood(conv)
        return None
    if len(text) > limit:
        conv.say(conv.t("complaint.too_long", limit=limit))
        steps.ask_step(conv, conv.step)
        return None
    return text


def on_request(conv: Conversation, msg: Inbound) -> None:
    """What the person asks the procuratorate to do."""
    text = _free_text(conv, msg, FIELD_LIMIT)
    if text is not None:
        conv.data["request"] = text
        steps.go_next(conv, "earlier")


def on_earlier(conv: Conversation, msg: Inbound) -> None:
    """反映过 → which body, when, result; 没有 / 跳过 → contact; a typed account is taken."""
    answer = match_choice(msg, steps.earlier_options(conv))
    if answer is None and msg.button is None and len(msg.text.strip()) >= steps.ACCOUNT_MIN:
        # "去年找过劳动局，说让等": that is the answer and its detail at once.
        conv.data.update(earlier="yes", earlier_detail=msg.text.strip()[:FIELD_LIMIT])
        _to_contact(conv)
        return
    if answer is None:
        steps.not_understood(conv)
        return
    conv.data["earlier"] = answer
    if answer == "yes":
        steps.go(conv, "earlier_detail")
    else:
        conv.data.pop("earlier_detail", None)
        _to_contact(conv)


def on_earlier_detail(conv: Conversation, msg: Inbound) -> None:
    """Earlier handling in the person's words, or 跳过."""
    if msg.button == "skip" or normalise(msg.text) in ("跳过", "skip"):
        conv.data.pop("earlier_detail", None)
        _to_contact(conv)
        return
    text = _free_text(conv, msg, FIELD_LIMIT)
    if text is not None:
        conv.data["earlier_detail"] = text
        _to_contact(conv)


def _to_contact(conv: Conversation) -> None:
    if conv.data.get("_edit") or conv.data.get("anonymous"):
        steps.go(conv, "summary")  # anonymous since the consent step: no contact to ask
    else:
        steps.go(conv, "contact")


def on_summary(conv: Conversation, msg: Inbound) -> None:
    """确认提交 submits; a change button re-asks that field; nothing else submits."""
    options = [
        Option("confirm", conv.t("complaint.confirm"), steps.words(conv, "complaint.confirm_words"))
    ]
    options += [Option(f"edit:{f}", conv.t(f"complaint.edit.{f}")) for f in EDITABLE]
    choice = match_choice(msg, options)
    if choice == "confirm":
        _submit(conv)
    elif choice is not None:
        _edit(conv, choice.removeprefix("edit:"))
    else:
        conv.say(conv.t("complaint.not_confirmed"))
        ask_summary(conv)


def _edit(conv: Conversation, field: str) -> None:
    conv.data["_edit"] = True
    if field == "facts":
        conv.data["facts"] = []
    if field == "contact" and not has_consent(conv):
        steps.go(conv, "consent")  # a name and phone need consent first
        return
    first = {"route": f"screen:{routing_table().start}", "contact": "contact"}
    steps.go(conv, first.get(field, field))


def _submit(conv: Conversation) -> None:
    data = conv.data
    conv.move("complaint", "submitted", remember=False)
    conv.emit(
        "open_complaint",
        kind=data.get("kind"),
        category=data.get("category"),
        route=data.get("route"),
        within=routing_table().route(str(data.get("route"))).within,
        facts="\n".join(data.get("facts", [])),
        request=data.get("request"),
        earlier={"handled": data.get("earlier"), "detail": data.get("earlier_detail")},
        anonymous=bool(data.get("anonymous")),
        contact_name=data.get("name"),
        phone=data.get("phone"),
        attachments=[f["id"] for f in data.get("attachments", [])],
        needs_listening=bool(data.get("needs_listening")),
        urgent=bool(conv.state.get("urgent")),
        lang=conv.lang,
    )


def on_submitted(conv: Conversation, msg: Inbound) -> None:
    """Waiting for the tracking number (normally it arrives in the same turn)."""
    steps.ask_submitting(conv)


_HANDLERS: dict[str, Callable[[Conversation, Inbound], None]] = {
    "consent": on_consent,
    "screen": on_screen,
    "elsewhere": on_elsewhere,
    "facts": on_facts,
    "request": on_request,
    "earlier": on_earlier,
    "earlier_detail": on_earlier_detail,
    "contact": on_contact,
    "name": on_name,
    "phone": on_phone,
    "summary": on_summary,
    "submitted": on_submitted,
}

FLOW = ComplaintFlow()
