"""Words and commands that work at every step, and the events that belong to no flow.

菜单/menu, 返回/back, 取消/cancel, 转人工/person, 帮助/help, /start, /lang, /privacy, /delete.
Buttons carry the same commands as payloads (``/menu`` …), so a tap and a typed word agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from dialogs.choices import normalise
from dialogs.conversation import Conversation
from dialogs.flows import get_flow
from dialogs.types import Button, Event, Inbound

_WORDS: dict[str, tuple[str, ...]] = {
    "/menu": ("菜单", "主菜单", "menu", "首页", "开始", "目录", "དཀར་ཆག", "ཐོ་གཞུང"),
    "/back": ("返回", "上一步", "back", "回去", "后退", "ཕྱིར་ལོག", "སྔོན་མ"),
    "/cancel": ("取消", "cancel", "退出", "不办了", "算了", "重来", "stop", "འདོར་བ", "འདོར"),
    "/person": (
        "转人工",
        "人工",
        "人工服务",
        "人工客服",
        "真人",
        "找人",
        "工作人员",
        "person",
        "human",
        "agent",
        "客服",
        "ལས་བྱེད་པ",  # staff member
        "མི་དངོས",  # a real person
    ),
    "/help": ("帮助", "help", "怎么用", "?", "？", "རོགས་རམ"),
    "/lang": (
        "语言",
        "language",
        "lang",
        "english",
        "繁體",
        "繁体",
        "简体",
        "中文",
        "藏文",
        "藏语",
        "སྐད་ཡིག",
        "བོད་ཡིག",
    ),
    "/privacy": ("隐私", "privacy", "隐私政策", "个人信息"),
    "/delete": ("删除我的信息", "删除我的数据", "delete my data", "ངའི་ཆ་འཕྲིན་སུབ"),
}
_RESTART_FLOWS = ("menu", "faq")  # nothing collected there: a language change shows the menu
_OPENS = "handoff_opens"  # out of hours: when staff will read the messages, in words
_CONTAINS_PERSON = ("转人工", "人工客服", "人工服务", "找真人", "真人客服")
# A short message asking for a person in other words, at any step of any flow (2026-12
# review: "我要人工", "能和工作人员说吗", "talk to a person" were read as answers). Short only:
# "去年我找工作人员反映过" is an account, not a request.
_PERSON_REQUEST = re.compile(
    r"(?:转|找|接|要|联系|叫|换|请|让)(?:个|一个|一下|你们的?)?(?:人工|真人|活人|工作人员|客服)"
    r"(?!反映过|问过|说过|谈过|了|的|出庭|到场|签字)"
    r"|(?:和|跟|同)(?:你们的?)?(?:工作人员|真人|人工|客服)(?:说|聊|谈|讲|通话)"
    r"|^(?:我)?(?:想|要)?找(?:个)?人(?:说说话?|聊聊|说话|谈谈)"
    r"|\b(?:talk|speak|chat) (?:to|with) (?:a |an |some |your )?(?:real )?"
    r"(?:person|human|someone|somebody|staff|agent|operator|officer)\b"
    r"|\b(?:real|live) (?:person|human|agent)\b|\b(?:human|person|agent),? please\b"
    r"|\bconnect me (?:to|with)\b"
)
PERSON_REQUEST_LIMIT = 20  # characters
# A message that is only a greeting ("你好", "在吗？", "您好，有人吗") is not a legal question:
# answering it from the FAQ said "I am not sure" and logged a miss for staff.
_GREETING = re.compile(
    r"^(?:(?:你好|您好|你们好|大家好|在吗|在不在|有人吗|有人在吗|有没有人|喂|嗨|哈喽|哈啰|"
    r"早上好|上午好|中午好|下午好|晚上好|早|老师好|同志|领导|打扰了|请问|hi|hello|hey)"
    r"[啊呀哈呢吧么嘛]?[\s,，.。!！?？~～、]*)+$"
)


def command_of(inbound: Inbound) -> str | None:
    """The global command this inbound means, or None."""
    if inbound.button is not None:
        # An empty or blank payload is no command (hostile input; tests/reliability).
        command = (inbound.button.split(maxsplit=1) or [""])[0]
        return command if command in _WORDS or command == "/start" else None
    text = normalise(inbound.text)
    if text.startswith("/"):
        head = text.split(maxsplit=1)[0]
        return head if head in _WORDS or head == "/start" else None
    for command, words in _WORDS.items():
        if text in words:
            return command
    if any(w in text for w in _CONTAINS_PERSON):
        return "/person"
    short = len(text) <= PERSON_REQUEST_LIMIT or len(text.split()) <= PERSON_REQUEST_LIMIT // 2
    return "/person" if short and _PERSON_REQUEST.search(text) else None


def is_greeting(inbound: Inbound) -> bool:
    """True when a typed message is nothing but a greeting."""
    return inbound.button is None and bool(_GREETING.match(normalise(inbound.text)))


def is_start(inbound: Inbound) -> bool:
    """True for /start (with or without a deep-link payload)."""
    return command_of(inbound) == "/start"


def greet(conv: Conversation) -> None:
    """The first message: who we are, what we can do, and the menu."""
    conv.say(conv.t("menu.greeting"))
    show_menu(conv)


#: The main menu's entries in order (their numbers are what a citizen may type).
MENU_ITEMS = ("eligibility", "complaint", "faq", "status", "relief", "lead")


def show_menu(conv: Conversation) -> None:
    """The main menu with its jobs and 转人工."""
    conv.reset()
    buttons = [
        Button(conv.t(f"menu.item.{item}"), f"go:{item}", number=n)
        for n, item in enumerate(MENU_ITEMS, start=1)
    ]
    conv.say(conv.t("menu.prompt"), [*buttons, conv.button("common.person", "/person")], ask="menu")


def prompt_again(conv: Conversation) -> None:
    """An empty message: say so kindly and show where we are."""
    conv.say(
        conv.t("common.empty"),
        [conv.button("common.menu", "/menu"), conv.button("common.person", "/person")],
    )


def note_while_waiting(conv: Conversation) -> None:
    """While waiting for a person, acknowledge messages once instead of talking over them.

    Out of office hours the citizen was told when staff will read it: "请稍候" would contradict
    that, so the acknowledgement repeats when instead.
    """
    if not conv.state.get("noted"):
        conv.state["noted"] = True
        opens = conv.state.get(_OPENS)
        text = conv.t("handoff.noted_closed", opens=opens) if opens else conv.t("handoff.noted")
        conv.say(
            text, [conv.button("handoff.cancel", "/cancel"), conv.button("common.menu", "/menu")]
        )


def handle(conv: Conversation, inbound: Inbound) -> bool:
    """Run a global command if the inbound is one; True when handled."""
    command = command_of(inbound)
    if command is None:
        return False
    _COMMANDS[command](conv, inbound)
    return True


def _start(conv: Conversation, inbound: Inbound) -> None:
    text = inbound.button or inbound.text
    arg = text.split(maxsplit=1)[1].strip() if len(text.split(maxsplit=1)) > 1 else ""
    flow = get_flow(arg.split("-", 1)[0]) if arg else None
    if flow is not None and arg.split("-", 1)[0] != "menu":
        conv.move(flow.name, "start", remember=False)
        flow.enter(conv, arg.partition("-")[2])
    else:
        show_menu(conv)


def _menu(conv: Conversation, inbound: Inbound) -> None:
    show_menu(conv)


def _back(conv: Conversation, inbound: Inbound) -> None:
    previous = conv.back()
    flow = get_flow(conv.flow)
    if previous is None or flow is None:
        show_menu(conv)
        return
    flow.enter(conv, f"@{previous[1]}")


def _cancel(conv: Conversation, inbound: Inbound) -> None:
    if conv.mode == "waiting":
        conv.mode = "bot"
        conv.state.pop("noted", None)
        conv.state.pop(_OPENS, None)
        conv.emit("cancel_person")
        conv.say(conv.t("handoff.cancelled"))
    elif conv.flow != "menu":
        conv.say(conv.t("common.cancelled"))
    show_menu(conv)


def _person(conv: Conversation, inbound: Inbound) -> None:
    if conv.mode in ("waiting", "human"):
        opens = conv.state.get(_OPENS) if conv.mode == "waiting" else None
        text = conv.t("handoff.already_closed", opens=opens) if opens else conv.t("handoff.already")
        conv.say(text, [conv.button("handoff.cancel", "/cancel")])
        return
    conv.mode = "waiting"
    conv.state.pop("noted", None)
    conv.emit("request_person", flow=conv.flow, step=conv.step)


def _help(conv: Conversation, inbound: Inbound) -> None:
    conv.say(
        conv.t("common.help"),
        [conv.button("common.menu", "/menu"), conv.button("common.person", "/person")],
    )


def _lang(conv: Conversation, inbound: Inbound) -> None:
    text = normalise(inbound.button or inbound.text)
    choice = {
        "english": "en",
        "繁體": "zh-hant",
        "繁体": "zh-hant",  # typed 繁體 arrives normalised to Simplified
        "简体": "zh-hans",
        "中文": "zh-hans",
        "藏文": "bo",
        "藏语": "bo",
        "བོད་ཡིག": "bo",
    }.get(text) or (text.split()[1] if len(text.split()) > 1 else "")
    chosen = {"en": "en", "zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "bo": "bo"}
    if choice in chosen:
        conv.lang = chosen[choice]  # type: ignore[assignment]
        name = conv.t(f"common.lang_{conv.lang.lower().replace('-', '_')}")
        conv.say(conv.t("common.lang_set", language=name), lang=conv.lang)
        _carry_on(conv)
        return
    conv.say(
        conv.t("common.lang_pick"),
        [
            conv.button("common.lang_zh_hans", "/lang zh-Hans"),
            conv.button("common.lang_zh_hant", "/lang zh-Hant"),
            conv.button("common.lang_en", "/lang en"),
            conv.button("common.lang_bo", "/lang bo"),
        ],
        ask="lang",
    )


def _carry_on(conv: Conversation) -> None:
    """After a change of language: the same step again, in the new language, with every answer
    kept (2026-12 review: switching to 繁體 mid-interview used to drop the citizen in the menu)."""
    flow = get_flow(conv.flow)
    if flow is None or conv.flow in _RESTART_FLOWS or not conv.step:
        show_menu(conv)
        return
    flow.enter(conv, f"@{conv.step}")


def _privacy(conv: Conversation, inbound: Inbound) -> None:
    days = conv.ctx.settings.get("retention_faq_days", 90)
    conv.say(
        conv.t("privacy.notice", faq_days=days),
        [conv.button("common.menu", "/menu"), conv.button("privacy.delete", "/delete")],
    )


def _delete(conv: Conversation, inbound: Inbound) -> None:
    arg = (inbound.button or inbound.text).split(maxsplit=1)
    if len(arg) > 1 and arg[1] == "confirm":
        conv.emit("delete_my_data")
        return
    conv.say(
        conv.t("privacy.delete_confirm"),
        [conv.button("privacy.delete_yes", "/delete confirm"), conv.button("common.menu", "/menu")],
        ask="delete_confirm",
    )


_COMMANDS: dict[str, Callable[[Conversation, Inbound], None]] = {
    "/start": _start,
    "/menu": _menu,
    "/back": _back,
    "/cancel": _cancel,
    "/person": _person,
    "/help": _help,
    "/lang": _lang,
    "/privacy": _privacy,
    "/delete": _delete,
}


def on_event(conv: Conversation, event: Event) -> bool:
    """Events that belong to no flow: handoff, deletion, feedback, urgent flags."""
    handler = _EVENTS.get(event.name)
    if handler is None:
        return False
    handler(conv, event)
    return True


def _opening_words(conv: Conversation, opens: str) -> str:
    """When the office opens, as people say it: 11月23日（周一）09:00 / Mon 23 November, 09:00."""
    try:
        at = datetime.fromisoformat(opens)
    except ValueError:
        return opens
    months = conv.t("complaint.month_names").split("|")
    weekdays = conv.t("handoff.weekdays").split("|")
    return conv.t(
        "handoff.opens",
        month=at.month,
        day=at.day,
        month_name=months[at.month - 1] if len(months) == 12 else at.month,
        weekday=weekdays[at.weekday()] if len(weekdays) == 7 else "",
        time=at.strftime("%H:%M"),
    )


def _handoff_requested(conv: Conversation, event: Event) -> None:
    key = "handoff.requested_open" if event.data.get("in_hours") else "handoff.requested_closed"
    opens = _opening_words(conv, str(event.data.get("opens", "")))
    if event.data.get("in_hours"):
        conv.state.pop(_OPENS, None)
    else:
        conv.state[_OPENS] = opens  # later acknowledgements say when, not "请稍候"
    conv.say(
        conv.t(key, opens=opens),
        [conv.button("handoff.cancel", "/cancel")],
        handoff="waiting",
    )


def _staff_joined(conv: Conversation, event: Event) -> None:
    conv.mode = "human"
    conv.state.pop(_OPENS, None)
    conv.say(conv.t("handoff.joined", name=event.data.get("name", "")), handoff="human")


def _staff_released(conv: Conversation, event: Event) -> None:
    conv.mode = "bot"
    conv.state.pop("noted", None)
    conv.state.pop(_OPENS, None)
    conv.say(conv.t("handoff.released"), handoff="bot")
    show_menu(conv)


def _request_ended(conv: Conversation, event: Event) -> None:
    """Staff closed the request for a person without joining: say why, the bot takes over."""
    conv.mode = "bot"
    conv.state.pop("noted", None)
    conv.state.pop(_OPENS, None)
    reason = str(event.data.get("reason") or "left")
    conv.say(conv.t(f"handoff.ended_{reason}"), handoff="bot")
    show_menu(conv)


def _data_deleted(conv: Conversation, event: Event) -> None:
    kept = event.data.get("kept", [])
    conv.say(
        conv.t("privacy.deleted_kept", matters="、".join(kept))
        if kept
        else conv.t("privacy.deleted")
    )
    show_menu(conv)  # never a dead end: the menu, as after any other finished task


def _ignore(conv: Conversation, event: Event) -> None:
    return None


_EVENTS: dict[str, Callable[[Conversation, Event], None]] = {
    "handoff.requested": _handoff_requested,
    "handoff.joined": _staff_joined,
    "handoff.released": _staff_released,
    "handoff.ended": _request_ended,
    "privacy.deleted": _data_deleted,
    "urgent.flagged": _ignore,
    "handoff.cancelled": _ignore,
}
