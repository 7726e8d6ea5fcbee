"""The lead flow's questions: each ``ask_<step>`` asks one step again from the state alone.

The categories and their legal bases are data (``dialogs/data/lead_categories.yaml``); the
words are the catalog's (``lead.*``). The input handlers are in ``lead.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from dialogs.choices import Option
from dialogs.conversation import Conversation
from dialogs.types import Button
from knowledge.yamlio import read_yaml

NAME = "lead"
CATEGORIES_FILE = Path(__file__).parent.parent / "data" / "lead_categories.yaml"
SINCE = ("days", "month", "longer", "long_ago", "unsure")
REGULATOR = ("no_action", "handling", "not_reported", "unsure")
WHAT_LIMIT = 2_000  # characters; a longer account is cut, the rest is for the caseworker's call
PLACE_LIMIT = 300


@lru_cache(maxsize=1)
def categories() -> dict[str, str]:
    """Category id → its legal basis, in the order the flow offers them."""
    data = read_yaml(CATEGORIES_FILE) or {}
    return {str(c["id"]): str(c.get("basis") or "") for c in data.get("categories") or []}


def words(conv: Conversation, key: str) -> tuple[str, ...]:
    """Synonyms stored in the catalog as ``a|b|c``."""
    return tuple(w for w in conv.t(key).split("|") if w) if conv.catalog.has(key) else ()


def nav(conv: Conversation) -> list[Button]:
    """返回 and 转人工, under every question."""
    return [conv.button("common.back", "/back"), conv.button("common.person", "/person")]


def go(conv: Conversation, step: str) -> None:
    """Move to ``step`` (返回 comes back) and ask it."""
    conv.move(NAME, step)
    ASKERS[step](conv)


def category_options(conv: Conversation) -> list[Option]:
    """The fields of public interest, labelled and with everyday words."""
    return [
        Option(c, conv.t(f"lead.category.{c}"), words(conv, f"lead.category_words.{c}"))
        for c in categories()
    ]


def since_options(conv: Conversation) -> list[Option]:
    """Since when, in rough spans (a typed date is kept as typed)."""
    return [Option(s, conv.t(f"lead.since.{s}")) for s in SINCE]


def regulator_options(conv: Conversation) -> list[Option]:
    """Whether a regulator was told (a failing regulator opens the administrative route)."""
    return [Option(r, conv.t(f"lead.regulator.{r}")) for r in REGULATOR]


def contact_options(conv: Conversation) -> list[Option]:
    """留电话 / 匿名提供."""
    return [
        Option("named", conv.t("lead.contact.named"), words(conv, "lead.contact_named_words")),
        Option(
            "anonymous",
            conv.t("lead.contact.anonymous"),
            words(conv, "lead.contact_anonymous_words"),
        ),
    ]


def ask_category(conv: Conversation) -> None:
    """What the lead is about; the intro says a lead is not a complaint."""
    text = "\n\n".join(
        (conv.t("lead.intro"), conv.t("lead.not_complaint"), conv.t("lead.category_prompt"))
    )
    extra = [conv.button("lead.to_complaint", "go:complaint"), *nav(conv)]
    conv.ask_choice(text, category_options(conv), "lead_category", *extra)


def ask_what(conv: Conversation) -> None:
    """What was seen: who does what, what harm."""
    conv.say(conv.t("lead.what_prompt"), nav(conv), ask="what")


def ask_where(conv: Conversation) -> None:
    """Where: a typed place, or a location shared from the phone."""
    hint = conv.t("lead.where_location_hint")
    conv.say(f"{conv.t('lead.where_prompt')}\n{hint}", nav(conv), ask="where")


def ask_since(conv: Conversation) -> None:
    """Since when."""
    conv.ask_choice(conv.t("lead.since_prompt"), since_options(conv), "since", *nav(conv))


def ask_regulator(conv: Conversation) -> None:
    """Whether the responsible body was told."""
    conv.ask_choice(
        conv.t("lead.regulator_prompt"), regulator_options(conv), "regulator", *nav(conv)
    )


def evidence_buttons(conv: Conversation) -> list[Button]:
    """传好了 / 没有照片, then 返回 and 转人工."""
    files = conv.data.get("attachments") or []
    main = (
        conv.button("lead.evidence_done", "done")
        if files
        else conv.button("lead.evidence_none", "none")
    )
    return [main, *nav(conv)]


def ask_evidence(conv: Conversation) -> None:
    """Photos and video, through the channel's own upload."""
    text = f"{conv.t('lead.evidence_prompt')}\n{conv.t('lead.evidence_web_hint')}"
    conv.say(text, evidence_buttons(conv), ask="evidence")


def ask_contact(conv: Conversation) -> None:
    """A phone, or anonymous."""
    conv.ask_choice(conv.t("lead.contact_prompt"), contact_options(conv), "contact", *nav(conv))


def ask_phone(conv: Conversation) -> None:
    """The phone (a name may come with it)."""
    buttons = [conv.button("lead.contact.anonymous", "anonymous"), *nav(conv)]
    conv.say(conv.t("lead.phone_prompt"), buttons, ask="phone")


def ask_summary(conv: Conversation) -> None:
    """Everything as it will be submitted, with 确认提交."""
    data = conv.data
    lines = [conv.t("lead.summary_head")]
    since = str(data.get("since") or "")
    since_words = conv.t(f"lead.since.{since}") if since in SINCE else since
    regulator = str(data.get("regulator") or "")
    rows = (
        ("category", conv.t(f"lead.category.{data.get('category', 'other')}")),
        ("what", _short(str(data.get("what") or ""))),
        ("where", str(data.get("place") or "")),
        ("since", since_words),
        ("regulator", conv.t(f"lead.regulator.{regulator}") if regulator in REGULATOR else ""),
    )
    lines += [conv.t(f"lead.summary.{key}", value=value) for key, value in rows if value]
    files = data.get("attachments") or []
    if files:
        lines.append(conv.t("lead.summary.files", n=len(files)))
    contact = conv.t("lead.summary.anonymous") if data.get("anonymous") else _contact(data)
    lines.append(conv.t("lead.summary.contact", value=contact))
    buttons = [conv.button("lead.confirm", "confirm"), *nav(conv)]
    conv.say("\n".join(lines), buttons, ask="confirm")


def _contact(data: dict[str, object]) -> str:
    return " ".join(str(v) for v in (data.get("name"), data.get("phone")) if v)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ask_submitting(conv: Conversation) -> None:
    """Waiting for the tracking number."""
    conv.say(conv.t("lead.submitting"))


ASKERS: dict[str, Callable[[Conversation], None]] = {
    "category": ask_category,
    "what": ask_what,
    "where": ask_where,
    "since": ask_since,
    "regulator": ask_regulator,
    "evidence": ask_evidence,
    "contact": ask_contact,
    "phone": ask_phone,
    "summary": ask_summary,
    "submitted": ask_submitting,
}
