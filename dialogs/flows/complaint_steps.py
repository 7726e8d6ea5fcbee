"""The complaint flow's questions, its summary and its confirmation texts.

Each ``ask_<step>`` asks one step's question again from the state alone, so 返回 and the
summary's "change" buttons can land on any step. The input handlers are in ``complaint.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.choices import Option
from dialogs.conversation import Conversation
from dialogs.flows.complaint_kinds import SUGGESTION
from dialogs.flows.complaint_summary import ask_summary, shorten
from dialogs.routing import Route, routing_table
from dialogs.types import Button
from knowledge.text import to_traditional

ACCOUNT_MIN = 4  # characters: a typed answer this long to "反映过吗?" is the account itself
STORY_MIN = 8  # characters: typed this long where a choice was asked, it is the story going on


def words(conv: Conversation, key: str) -> tuple[str, ...]:
    """Synonyms stored in the catalog as ``a|b|c`` (empty when the key is absent)."""
    return tuple(w for w in conv.t(key).split("|") if w) if conv.catalog.has(key) else ()


def nav(conv: Conversation) -> list[Button]:
    """返回 and 转人工, under every free-text question."""
    return [conv.button("common.back", "/back"), conv.button("common.person", "/person")]


def consent_options(conv: Conversation) -> list[Option]:
    """同意 / 不同意, and 匿名反映 (offered once the notice is declined)."""
    return [
        Option("yes", conv.t("privacy.accept"), ("同意", "接受", "好", "可以")),
        Option("no", conv.t("privacy.decline"), ("不同意", "拒绝")),
        Option(
            "anonymous", conv.t("complaint.go_anonymous"), words(conv, "complaint.anonymous_words")
        ),
    ]


def ask_consent_first(conv: Conversation) -> None:
    """Before any personal story: how personal information is used, 同意 / 不同意."""
    days = conv.ctx.settings.get("retention_faq_days", 90)
    conv.say(
        "\n\n".join((conv.t("complaint.consent_intro"), conv.t("privacy.notice", faq_days=days))),
        [
            conv.button("privacy.accept", "yes"),
            conv.button("privacy.decline", "no"),
            conv.button("common.person", "/person"),
        ],
        ask="consent",
    )


def say_declined(conv: Conversation) -> None:
    """No consent: the anonymous route, and what it means, with a way to change one's mind."""
    conv.say(
        conv.t("complaint.declined"),
        [
            conv.button("complaint.go_anonymous", "anonymous"),
            conv.button("complaint.accept_after_all", "yes"),
            conv.button("common.person", "/person"),
            conv.button("common.menu", "/menu"),
        ],
        ask="consent",
    )


def screening_options(conv: Conversation, question: str) -> list[Option]:
    """The answers of one screening question, labelled from the routing catalog.

    The first question also offers 意见建议 (about the procuratorate's own work), before
    "其他，说不清", so the citizen never has to name the legal kind of the matter.
    """
    options = [
        Option(
            c.value,
            conv.t(f"routing.option.{question}.{c.value}"),
            words(conv, f"routing.words.{question}.{c.value}"),
        )
        for c in routing_table().choices(question)
    ]
    if question == routing_table().start:
        suggestion = Option(
            SUGGESTION,
            conv.t("complaint.topic_suggestion"),
            words(conv, "complaint.kind_words.suggestion"),
        )
        at = len(options) - 1 if options and options[-1].value == "other" else len(options)
        options.insert(at, suggestion)
    return options


def ask_screen(conv: Conversation) -> None:
    """The screening question named in the step (``screen:<question>``)."""
    question = conv.step.partition(":")[2] or routing_table().start
    start = question == routing_table().start
    conv.ask_choice(
        conv.t("complaint.topic_question" if start else f"routing.question.{question}"),
        screening_options(conv, question),
        f"route.{question}",
        conv.button("common.back", "/back"),
    )


def route_lines(conv: Conversation, route: Route) -> list[str]:
    """Body, phone, what to bring and the legal basis of a route."""
    key = f"routing.route.{route.id}"
    lines = [conv.t("complaint.elsewhere_intro", body=conv.t(f"{key}.body"))]
    if route.phone:
        lines.append(conv.t("complaint.phone_line", phone=route.phone))
    lines.append(conv.t("complaint.bring_line", bring=conv.t(f"{key}.bring")))
    if conv.t(f"{key}.note"):
        lines.append(conv.t(f"{key}.note"))
    basis = to_traditional(route.basis) if conv.lang == "zh-Hant" else route.basis
    lines.append(conv.t("complaint.basis_line", basis=basis))
    return lines


def ask_elsewhere(conv: Conversation) -> None:
    """The body that handles it, with 仍然提交 / 主菜单 / 转人工."""
    route = routing_table().route(str(conv.data.get("route")))
    text = "\n".join([*route_lines(conv, route), conv.t("complaint.elsewhere_tail")])
    buttons = [conv.button("complaint.submit_anyway", "submit_anyway")]
    if route.offer:  # e.g. elderly support: the support-lawsuit pre-screen is worth a look
        buttons.append(conv.button("complaint.try_eligibility", f"go:{route.offer}"))
    if route.phone:
        buttons.append(conv.button("common.call_button", f"call:{route.phone}", number=route.phone))
    buttons += [conv.button("common.menu", "/menu"), conv.button("common.person", "/person")]
    conv.say(text, buttons, ask="route_elsewhere", route=route.id)


def ask_facts(conv: Conversation) -> None:
    """Invite the facts, in several messages, ended by 写完了.

    What the citizen typed when asking to complain ("…不退费，我要投诉") was kept aside until
    consent; it now becomes the first part of the facts, and the prompt says so.
    """
    opening = conv.data.pop("opening", None)
    if opening and not conv.data.get("facts") and not conv.data.get("_edit"):
        conv.data["facts"] = [str(opening)]
        text = conv.t("complaint.facts_prompt_opening", opening=shorten(str(opening)))
    else:
        key = "complaint.facts_edit" if conv.data.get("_edit") else "complaint.facts_prompt"
        text = conv.t(key)
    conv.say(text, [conv.button("complaint.done", "done"), *nav(conv)], ask="facts")


def ask_request(conv: Conversation) -> None:
    """What the person asks for."""
    conv.say(conv.t("complaint.request_prompt"), nav(conv), ask="request")


def ask_earlier(conv: Conversation) -> None:
    """Whether another body handled it before (skippable)."""
    conv.ask_choice(
        conv.t("complaint.earlier_question"),
        earlier_options(conv),
        "earlier_handled",
        conv.button("common.back", "/back"),
    )


def earlier_options(conv: Conversation) -> list[Option]:
    """反映过 / 没有 / 跳过."""
    return [
        Option("yes", conv.t("complaint.earlier_yes")),
        Option("no", conv.t("complaint.earlier_no")),
        Option("skip", conv.t("complaint.skip"), ("跳过", "skip")),
    ]


def ask_earlier_detail(conv: Conversation) -> None:
    """Which body, when, with what result."""
    conv.say(
        conv.t("complaint.earlier_detail_prompt"),
        [conv.button("complaint.skip", "skip"), *nav(conv)],
        ask="earlier_detail",
    )


def contact_options(conv: Conversation) -> list[Option]:
    """留下姓名电话 / 匿名提交."""
    return [
        Option("named", conv.t("complaint.named"), words(conv, "complaint.named_words")),
        Option(
            "anonymous", conv.t("complaint.anonymous"), words(conv, "complaint.anonymous_words")
        ),
    ]


def ask_contact(conv: Conversation) -> None:
    """Named or anonymous, saying that anonymous matters get no reply."""
    conv.ask_choice(
        conv.t("complaint.contact_question"),
        contact_options(conv),
        "anonymous",
        conv.button("common.back", "/back"),
    )


def ask_name(conv: Conversation) -> None:
    """The complainant's name."""
    conv.say(conv.t("complaint.name_prompt"), nav(conv), ask="name")


def ask_phone(conv: Conversation) -> None:
    """The complainant's phone, with a way out to anonymity."""
    buttons = [conv.button("complaint.anonymous", "anonymous"), *nav(conv)]
    conv.say(conv.t("complaint.phone_prompt"), buttons, ask="phone")


def ask_submitting(conv: Conversation) -> None:
    """Between 确认提交 and the tracking number (normally the same turn)."""
    conv.say(conv.t("complaint.submitting"))


ASKERS: dict[str, Callable[[Conversation], None]] = {
    "consent": ask_consent_first,
    "screen": ask_screen,
    "elsewhere": ask_elsewhere,
    "facts": ask_facts,
    "request": ask_request,
    "earlier": ask_earlier,
    "earlier_detail": ask_earlier_detail,
    "contact": ask_contact,
    "name": ask_name,
    "phone": ask_phone,
    "summary": ask_summary,
    "submitted": ask_submitting,
}


def ask_step(conv: Conversation, step: str) -> None:
    """Ask the question of ``step`` (``screen:<question>`` included)."""
    ASKERS.get(step.partition(":")[0], ask_screen)(conv)


def go(conv: Conversation, step: str) -> None:
    """Move to ``step`` (remembered for 返回) and ask it."""
    conv.move("complaint", step)
    ask_step(conv, step)


def go_next(conv: Conversation, step: str) -> None:
    """Go on to ``step``, or straight back to the summary when an answer was being changed."""
    go(conv, "summary" if conv.data.get("_edit") else step)


def not_understood(conv: Conversation) -> None:
    """没看懂, and the current question again with its options."""
    conv.say(conv.t("common.not_understood"))
    ask_step(conv, conv.step)
