"""Reading a typed name and phone where a flow asked for them ("请留下姓名和电话").

People answer that prompt by typing, not by tapping 留下姓名电话: "王小明 13800138000",
"我叫李秀兰", "电话13900139000". :func:`read_contact` takes what is there and leaves out what is
not; a sentence that is no name ("为什么要留电话") gives no name, so the flow asks plainly.
"""

from __future__ import annotations

import re

from dialogs.parsing import valid_phone
from knowledge.text import clean

__all__ = ["read_contact"]

NAME_MAX = 30
_PHONE_RUN = re.compile(r"(?:\+?86)?[\d\s\-–—()（）]{7,20}\d")
_LEAD = re.compile(r"^(?:我(?:的)?(?:名字)?(?:叫|是|姓名是|名字是)|姓名|名字|联系人|本人)[:：\s]*")
_PHONE_WORDS = re.compile(r"(?:我的)?(?:电话|手机|手机号|号码|联系方式)(?:号码)?(?:是)?[:：]?")
_NOT_A_NAME = re.compile(
    r"[0-9?？!！吗呢啊吧]|什么|为什么|怎么|可以|不想|不要|不用|不留|好的|谢谢|电话|手机|匿名|知道"
)
_NAME = re.compile(r"^(?:[\u3400-\u9fff·•]{1,12}|[A-Za-z][A-Za-z .'\-]{0,29})$")


def read_contact(text: str) -> tuple[str | None, str | None]:
    """(name, phone) found in a typed answer; either may be None."""
    plain = clean(text)
    phone = None
    for run in _PHONE_RUN.findall(plain):
        phone = valid_phone(run)
        if phone is not None:
            plain = plain.replace(run, " ")
            break
    rest = _PHONE_WORDS.sub(" ", plain)
    rest = re.sub(r"[,，。.;；、\s]+", " ", rest).strip()
    rest = _LEAD.sub("", rest).strip()
    if not rest or len(rest) > NAME_MAX or _NOT_A_NAME.search(rest) or not _NAME.match(rest):
        return None, phone
    return rest, phone
