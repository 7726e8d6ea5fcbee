"""Durations and dates typed in English, rewritten in the Chinese the parsers read.

"3 months", "about two years ago", "half a year", "since March", "end of last year",
"5 days", "yesterday", "20 November": the English prompts invite these, and before the
2026-12 review none of them was understood (only a bare number was). Each is rewritten to
its Chinese form ("3个月", "2年", "半年", "3月", "去年年底", "5天", "昨天", "11月20日"), words
that carry no number ("about", "ago", "I left") are dropped, and :mod:`dialogs.parsing`
reads the rest with its own rules (rounding down, the future refused, "almost" one less).
"""

from __future__ import annotations

import re

__all__ = ["english_to_chinese"]

_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_NUMBERS = {
    "a": "1",
    "an": "1",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
}
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "may" only where it cannot be the verb: "in May", "since May", "May 3".
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?<=in |ce |om |of |st )may|may(?= \d)|"
    r"june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Whole phrases first, then numbers and units; order matters.
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\b(?:not sure|don'?t know|do not know|no idea|can'?t remember|cannot remember)\b", "不知道"),
    (r"\b(?:a|one) (?:year )?and a half years?\b", "1年半"),
    (r"\bhalf a year\b", "半年"),
    (r"\bhalf a month\b", "半个月"),
    (r"\b(?:the )?end of last year\b", "去年年底"),
    (r"\b(?:the )?end of this year\b", "今年年底"),
    (r"\b(?:the )?(?:beginning|start) of (?:this|the) year\b", "今年初"),
    (r"\b(?:the )?(?:beginning|start) of last year\b", "去年初"),
    (r"\bthe day before yesterday\b", "前天"),
    (r"\byesterday\b", "昨天"),
    (r"\btoday\b", "今天"),
    (r"\blast month\b", "上个月"),
    (r"\bthis month\b", "这个月"),
    (r"\blast year\b", "去年"),
    (r"\bthis year\b", "今年"),
    (r"\bnext (?:week|month|year)\b", "下个月"),
    (r"\b(?:almost|nearly|not quite|just under)\b", "快"),
)
_UNITS: tuple[tuple[str, str], ...] = (
    (r"(\d+(?:\.\d+)?|半) ?(?:years?|yrs?)\b", r"\1年"),
    (r"(\d+(?:\.\d+)?|半) ?(?:months?|mths?)\b", r"\1个月"),
    (r"(\d+(?:\.\d+)?|半) ?(?:weeks?|wks?)\b", r"\1周"),
    (r"(\d+(?:\.\d+)?|半) ?(?:days?)\b", r"\1天"),
)


def _month_number(name: str) -> int:
    return next(n for n, month in enumerate(_MONTHS, 1) if month.startswith(name[:3]))


def _dates(text: str) -> str:
    """ "20 November" / "November 20th" → 11月20日; "March" → 3月; "2025-03" stays."""

    def day_first(m: re.Match[str]) -> str:
        return f"{_month_number(m.group(2))}月{int(m.group(1))}日"

    def month_first(m: re.Match[str]) -> str:
        day = f"{int(m.group(2))}日" if m.group(2) else ""
        return f"{_month_number(m.group(1))}月{day}"

    text = re.sub(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH}\b", day_first, text)
    return re.sub(rf"\b{_MONTH}\b(?: (\d{{1,2}})(?:st|nd|rd|th)?\b)?", month_first, text)


def english_to_chinese(text: str) -> str:
    """The text with English durations and dates in Chinese; unchanged when it has no Latin."""
    if not _LATIN.search(text):
        return text
    plain = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip()
    for pattern, chinese in _PHRASES:
        plain = re.sub(pattern, chinese, plain)
    plain = re.sub(
        r"\b(" + "|".join(_NUMBERS) + r")\b(?= (?:years?|months?|weeks?|days?)\b)",
        lambda m: _NUMBERS[m.group(1)],
        plain,
    )
    plain = re.sub(r"\bhalf\b", "半", plain)
    plain = _dates(plain)
    for pattern, chinese in _UNITS:
        plain = re.sub(pattern, chinese, plain)
    plain = re.sub(r"\bmore than |\bover ", "", plain)
    return re.sub(r"[a-z']+", "", plain)  # about, ago, since, I left …: no numbers in them
