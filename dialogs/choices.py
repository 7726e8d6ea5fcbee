"""Understanding an answer to a choice question, however the citizen gives it.

A button press, the option's number ("2", "２", "二", "第二个"), its label, a synonym, or a
plain word: 是/对/有/嗯 for yes, 不是/没有/否 for no, 不知道/不清楚 for "unsure".
Anything else is *not* guessed: the caller asks again with the options.

Negation is read, not skipped (2026-12 review): a synonym right after 没/不/未 does not count
("没在干了" is not 在干), and a reply that starts by denying ("还没仲裁", "没打欠条", "老板没给我
打欠条", "不是工伤") answers "no", or "none" where that is the option. 没错, 没问题 and 不错
agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dialogs.types import Inbound
from knowledge.text import clean, to_simplified

__all__ = ["Option", "match_choice", "normalise", "typed_exactly"]

_UNSURE = (
    "不知道",
    "不清楚",
    "不确定",
    "不晓得",
    "不了解",
    "说不清",
    "不懂",
    "搞不清",
    "不太清楚",
    "没数",
    "unsure",
    "not sure",
    "dont know",
    "don't know",
    "idk",
)
_NO = (
    "不是",
    "没有",
    "没",
    "否",
    "不对",
    "不用",
    "不要",
    "不愿意",
    "不想",
    "无",
    "不",
    "no",
    "n",
    "nope",
)
_YES = (
    "是的",
    "是啊",
    "对的",
    "有的",
    "好的",
    "是",
    "对",
    "有",
    "嗯",
    "恩",
    "好",
    "可以",
    "愿意",
    "要",
    "想",
    "行",
    "确定",
    "没错",
    "yes",
    "y",
    "ok",
    "okay",
    "sure",
)
_ORDINAL = re.compile(
    r"^(?:第|选)?\s*([0-9]{1,2}|[一二三四五六七八九十])\s*(?:个|项|条|号)?[。.!！]?$"
)
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_NEGATIONS = ("没有", "没", "不是", "不", "未", "无", "别", "非")
# Who or when may stand before the denial: "还没", "老板没给", "我们都没", "从来没".
_DENIAL = re.compile(
    r"^(?:我们|我|俺|他们|他|她|老板|对方|公司|单位|包工头)?"
    r"(?:还|都|也|并|从来|从|根本|一直|暂时|目前|现在)*"
    r"(?:没有|没|未|无|不是|不)(?!错|问题|关系|事|知道|清楚|确定|记得)"
    r"|^(?:no|nope|not yet|never|none|not|i (?:have not|haven't|did not|didn't|do not|don't|am not|"
    r"'m not|never)|haven't|didn't|don't|have not|did not|do not)\b(?! (?:sure|know|problem)\b)"
)


@dataclass(frozen=True, slots=True)
class Option:
    """One answer a question accepts: the stored value, its label, and words that mean it."""

    value: str
    label: str
    words: tuple[str, ...] = ()


# Tibetan digits ༠–༩ read as 0–9 ("༢" picks the second option, like "2").
_TIBETAN_DIGITS = {0x0F20 + n: str(n) for n in range(10)}


def normalise(text: str) -> str:
    """Lower-case, width-folded, Simplified, trimmed of end punctuation (Tibetan's too)."""
    folded = to_simplified(clean(text)).lower().translate(_TIBETAN_DIGITS)
    return folded.strip(" 。.!！?？~～,，、་།")


def _by_number(text: str, options: Sequence[Option]) -> str | None:
    found = _ORDINAL.match(text)
    if not found:
        return None
    raw = found.group(1)
    index = int(raw) if raw.isdigit() else _CN_DIGITS[raw]
    return options[index - 1].value if 1 <= index <= len(options) else None


def _said(word: str, text: str) -> bool:
    """``word`` occurs in ``text`` and not right after a negation ("没在干" is not 在干)."""
    if word.startswith(_NEGATIONS):
        return word in text
    start = text.find(word)
    while start != -1:
        if not text[:start].endswith(_NEGATIONS):
            return True
        start = text.find(word, start + 1)
    return False


def _label_candidates(text: str, options: Sequence[Option]) -> list[str]:
    exact = [o.value for o in options if normalise(o.label) == text or text in o.words]
    if len(exact) == 1:
        return exact
    return list(
        dict.fromkeys(
            o.value
            for o in options
            if (len(text) >= 2 and text in normalise(o.label))
            or any(len(w) >= 2 and _said(w, text) for w in o.words)
        )
    )


def _by_plain_word(text: str, options: Sequence[Option]) -> str | None:
    values = {o.value for o in options}
    for words, value in ((_UNSURE, "unsure"), (_NO, "no"), (_YES, "yes")):
        if value in values and (
            text in words or any(len(w) >= 2 and text.startswith(w) for w in words)
        ):
            return value
    return None


def _by_denial(text: str, options: Sequence[Option]) -> str | None:
    """A reply that starts by denying answers "no", or "none" where that is the option
    (还没仲裁, 还没起诉); anything else — 不服政府部门的决定 starts with 不 too — is not guessed."""
    if not _DENIAL.match(text):
        return None
    values = {o.value for o in options}
    return next((v for v in ("no", "none") if v in values), None)


def match_choice(inbound: Inbound, options: Sequence[Option]) -> str | None:
    """The option value the citizen chose, or None when the answer fits no option."""
    if inbound.button is not None:
        return inbound.button if inbound.button in {o.value for o in options} else None
    text = normalise(inbound.text)
    if not text:
        return None
    found = _by_number(text, options)
    if found is not None:
        return found
    candidates = _label_candidates(text, options)
    if len(candidates) == 1:
        return candidates[0]
    found = _by_plain_word(text, options)
    # A denial decides only when no option's words were named at all ("还没判" names two).
    return found if found is not None or candidates else _by_denial(text, options)


def typed_exactly(inbound: Inbound, options: Sequence[Option]) -> str | None:
    """The option whose label, or one of whose words, *is* the typed text — no partial match.

    For steps where any other words are a question to answer (after a result card, "我要申请法律
    援助" is a question, "申请" is the button typed out).
    """
    text = normalise(inbound.text)
    if not text or inbound.button is not None:
        return None
    hits = [
        o.value
        for o in options
        if text == normalise(o.label) or text in {normalise(w) for w in o.words}
    ]
    return hits[0] if len(hits) == 1 else None
