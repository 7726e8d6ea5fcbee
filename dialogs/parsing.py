"""Reading what citizens type: durations, money, phone numbers, ID numbers and head counts.

Every parser takes free text as people write it (Chinese or Arabic numerals, full-width
digits, Traditional characters, 口语 such as "两万三" or "十几个") and returns a value or None.
None means "could not tell": the caller asks again; nothing here guesses a default.

Decisions (each has tests in ``tests/eligibility/test_parsing.py``):

- Ranges and "more than" round down: "两个多月" → 2, "十几天" → 0 months, "四五个月" → 4,
  "五十多个" → 50. A count or duration is never made larger than what was said.
- "快两年了" / "将近" / "不到" (almost) is one month less than the whole: 23. It only matters
  near the limitation thresholds, and "almost two years" has not reached two years.
- A month name is the most recent one not in the future ("三月" in November is this March);
  a month in the future with an explicit year ("明年", or 2027年) is None. A bare year
  ("去年", "2025年") is None: it could be 1 or 22 months, so the interview asks for the month.
- A bare number of months ("6") is months; 0–600 only.
- English durations and dates ("3 months", "half a year", "since March", "5 days ago") are
  rewritten in Chinese first (``dialogs.parsing_english``) and read by the same rules.
- Days since a paper arrived (``parse_days``, for the 15 days to challenge an award) round
  *up* instead: "三天多" → 4. "十几天", "十多天" and "一个多星期" are None (a week wide, across
  the warning day: the interview asks for the date). A deadline is better warned a day early
  than missed; 0–3650 only.
- Phones: a mainland mobile (1[3-9] and nine digits) after removing spaces, dashes, brackets
  and a +86 / 0086 prefix, returned as 11 digits; or a landline with its area code (010 and
  02x take three digits, others four; the local number has 7 or 8 digits and does not start
  with 0 or 1), returned as ``0AAA-NNNNNNNN``. Short service numbers (110, 12345) are refused.
  Words around one number are dropped ("我的电话是13800138000"); two numbers are refused.
- Ages (``parse_ages``): every "N岁" / "N周岁" in the text, 0–120, Chinese numerals too
  ("七十五岁" → 75); "十几岁" and "岁数大了" say no number and give nothing.
- ID numbers: GB 11643-1999 18-character numbers only (the old 15-digit form is refused):
  region code starting 1–8, a real date of birth from 1900 on (not after ``today`` when one is
  given), and the ISO 7064 MOD 11-2 check character. Returned with an upper-case X.
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from decimal import Decimal, InvalidOperation

from dialogs.parsing_english import english_to_chinese
from knowledge.text import clean, to_simplified

__all__ = [
    "parse_ages",
    "parse_amount",
    "parse_count",
    "parse_days",
    "parse_months",
    "valid_id_number",
    "valid_phone",
]

_UNKNOWN = re.compile(r"不知道|不清楚|不记得|记不清|忘了|不确定|说不清|不晓得")
# Words where 一 is not a number; converting them would invent digits.
_NOT_NUMBERS = re.compile(r"一共|一起|一直|一下|一些|一般|一定|万一|唯一|统一|一点点")
_NUMERAL_RUN = re.compile(
    r"[0-9零〇一二两三四五六七八九十百千万亿]+(?:[.点][0-9零〇一二三四五六七八九]+[十百千万亿]*)?"
)
_RANGE = re.compile(r"([一二三四五六七八九])([二三四五六七八九])(?=[十百千万个天年月人位名家户周])")
_CN_DIGIT = "一二三四五六七八九"


def _normalise(text: str) -> str:
    """Width-folded, Simplified, without spaces or thousands separators."""
    text = to_simplified(clean(text)).lower()
    text = re.sub(r"(?<=\d)[,，](?=\d{3})", "", text)
    return re.sub(r"\s+", "", text).replace("俩", "两个").replace("仨", "三个")


def _narrow_ranges(text: str) -> str:
    """ "四五个月" → "四个月": a range of two neighbouring digits keeps its lower end."""

    def lower(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        consecutive = _CN_DIGIT.index(second) == _CN_DIGIT.index(first) + 1
        return first if consecutive else match.group(0)

    return _RANGE.sub(lower, text)


def _to_digits(text: str) -> str:
    """Replace each run of Chinese (or mixed) numerals by its Arabic value."""
    import cn2an  # loads its own tables; kept off the import path of the whole package

    def convert(match: re.Match[str]) -> str:
        run = match.group(0)
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", run):
            return run
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # cn2an warns on input it cannot read
            try:
                value = Decimal(str(cn2an.cn2an(run.replace("点", "."), "smart")))
            except (ValueError, KeyError, IndexError, InvalidOperation):
                return run
        return str(int(value)) if value == value.to_integral() else str(value)

    return _NUMERAL_RUN.sub(convert, _narrow_ranges(_NOT_NUMBERS.sub("", text)))


def _prepared(text: str) -> str | None:
    """Normalised text with Arabic numerals, or None for "I don't know" and empty input."""
    norm = _normalise(english_to_chinese(text))  # "3 months ago" → 3个月
    if not norm or _UNKNOWN.search(norm):
        return None
    return _to_digits(norm)


# --- durations ---------------------------------------------------------------------------

_ALMOST = re.compile(r"快要?|将近|接近|不到|差一点")
_DATE = re.compile(
    r"(?:(\d{4})[年\-./]|(今|去|前|大前)年)(\d{1,2})(?:月份?|(?=[\-./])|$)(?:[\-./]?(\d{1,2})[日号]?)?"
)
_FUTURE = re.compile(r"明年|后年|下个?月|以后|将来")
_MONTH_ONLY = re.compile(r"(?<![\d年])(\d{1,2})月份?(?:(\d{1,2})[日号])?")
_YEAR_EDGE = re.compile(r"(今|去|前|大前)年(年底|年末|底|年初|初|年中|中)")
_LAST_MONTH = re.compile(r"(上上|上)个?月|这个月|本月")
_PART = re.compile(
    r"(?P<n>\d+(?:\.\d+)?|半)(?P<more>几|多|来)?(?:个)?(?P<more2>多)?(?P<half0>半)?"
    r"(?P<unit>年|月|星期|礼拜|周|天|日)(?P<half>半)?"
)
_UNIT_MONTHS = {"年": 12.0, "月": 1.0, "星期": 7 / 30, "礼拜": 7 / 30, "周": 7 / 30}
_RELATIVE_YEAR = {"今": 0, "去": 1, "前": 2, "大前": 3}


def parse_months(text: str, today: date) -> int | None:
    """Whole months since a date or for a duration in people's words ("半年", "去年三月")."""
    prepared = _prepared(text)
    if prepared is None or _FUTURE.search(prepared):
        return None
    for reader in (_months_from_date, _months_from_duration):
        months = reader(prepared, today)
        if months is not None:
            return months if 0 <= months <= 600 else None
    return None


def _months_from_date(text: str, today: date) -> int | None:
    if match := _LAST_MONTH.search(text):
        return {"上上": 2, "上": 1}.get(match.group(1) or "", 0)
    if match := _YEAR_EDGE.search(text):
        edge = {"底": 12, "末": 12, "初": 1, "中": 6}[match.group(2)[-1]]
        return _months_between(today.year - _RELATIVE_YEAR[match.group(1)], edge, None, today)
    if match := _DATE.search(text):
        year = (
            int(match.group(1)) if match.group(1) else today.year - _RELATIVE_YEAR[match.group(2)]
        )
        day = int(match.group(4)) if match.group(4) else None
        return _months_between(year, int(match.group(3)), day, today)
    if match := _MONTH_ONLY.search(text):
        month = int(match.group(1))
        year = today.year if month <= today.month else today.year - 1
        day = int(match.group(2)) if match.group(2) else None
        return _months_between(year, month, day, today)
    return None


def _months_between(year: int, month: int, day: int | None, today: date) -> int | None:
    try:
        start = date(year, month, day or 1)
    except ValueError:
        return None
    if start > today:
        return None
    months = (today.year - year) * 12 + today.month - month
    return months - 1 if day is not None and today.day < day else months


def _months_from_duration(text: str, today: date) -> int | None:
    parts = list(_PART.finditer(text))
    if not parts:
        return int(text) if text.isdigit() else None
    total = 0.0
    for part in parts:
        count = 0.5 if part.group("n") == "半" else float(part.group("n"))
        if part.group("half") or part.group("half0"):
            count += 0.5
        days = part.group("unit") in ("天", "日")
        total += count / 30 if days else count * _UNIT_MONTHS[part.group("unit")]
    rest = _PART.sub("", text)
    if re.search(r"\d|几", rest):
        return None  # numbers we could not place, or "几个月": ask again
    months = int(total + 1e-9)
    return months - 1 if _ALMOST.search(text) and months >= 1 else months


_DAY_WORDS = {"大前天": 3, "前天": 2, "昨天": 1, "昨日": 1, "今天": 0, "今日": 0}
_DAY_DATE = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})[日号]")
_DAY_PART = re.compile(r"(\d+|半)(多)?个?(多)?(天|日|星期|礼拜|周|月)(多)?")
_UNIT_DAYS = {"天": 1, "日": 1, "星期": 7, "礼拜": 7, "周": 7, "月": 30}


def parse_days(text: str, today: date) -> int | None:
    """Whole days since a day ("11月20日", "昨天") or for a duration ("一个多星期" → 8)."""
    prepared = _prepared(text)
    if prepared is None or "几" in prepared or _FUTURE.search(prepared):
        return None
    if _DAY_DATE.search(prepared):
        days = _days_from_date(prepared, today)  # a date that does not exist is None
    else:
        days = next((n for word, n in _DAY_WORDS.items() if word in prepared), None)
        days = _days_from_duration(prepared) if days is None else days
    return days if days is not None and 0 <= days <= 3650 else None


def _days_from_date(text: str, today: date) -> int | None:
    match = _DAY_DATE.search(text)
    assert match is not None
    month = int(match.group(1)) if match.group(1) else today.month
    year = today.year
    try:
        day = date(year, month, int(match.group(2)))
        if day > today:  # the most recent such day: last month, or last year
            day = date(year - 1, month, day.day) if match.group(1) else _month_before(day)
    except ValueError:
        return None
    return (today - day).days


def _month_before(day: date) -> date:
    return date(day.year - (day.month == 1), 12 if day.month == 1 else day.month - 1, day.day)


def _days_from_duration(text: str) -> int | None:
    parts = list(_DAY_PART.finditer(text))
    if not parts:
        return int(text) if text.isdigit() else None
    total = 0
    for part in parts:
        count = 0.5 if part.group(1) == "半" else float(part.group(1))
        days = int(count * _UNIT_DAYS[part.group(4)] + 0.5)
        if part.group(2) or part.group(3) or part.group(5):
            if days >= 7:
                return None  # "十多天", "一个多星期": a week wide, so ask for the date
            days += 1
        total += days
    return None if re.search(r"\d", _DAY_PART.sub("", text)) else total


# --- money -------------------------------------------------------------------------------

_CURRENCY = re.compile(r"人民币|rmb|元整|块钱|钱|左右|大概|大约|差不多|约")
_YUAN_JIAO = re.compile(r"(\d+)[块元](\d)[毛角]?")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:万|千|k)?")


def parse_amount(text: str) -> Decimal | None:
    """An amount of money in yuan ("两万三" → 23000, "2.5万", "¥1,200", "三千五百元")."""
    prepared = _prepared(text)
    if prepared is None or "几" in prepared or "-" in prepared:
        return None
    prepared = _YUAN_JIAO.sub(r"\1.\2", _CURRENCY.sub("", prepared))
    tokens = _AMOUNT.findall(prepared)
    if len(tokens) != 1:
        return None  # no number, or several we cannot choose between
    token = tokens[0]
    scale = {"万": 10000, "千": 1000, "k": 1000}.get(token[-1], 1)
    amount = Decimal(token.rstrip("万千k")) * scale
    return amount if 0 < amount < 10**10 else None


# --- head counts -------------------------------------------------------------------------

_ALONE = re.compile(r"就我|我自己|只有我|我一个|本人")
# Rough counts, read as their smallest plausible value ("几十" is at least twenty).
_ROUGH = (("上千", 1000), ("上百", 100), ("几十", 20))
_AGE = re.compile(r"(?<![\d.])(\d{1,3})(?:周)?岁(?!数)")
MAX_AGE = 120


def parse_ages(text: str) -> tuple[int, ...]:
    """Every age stated in ``text`` ("我今年七十五岁", "孩子3周岁"), in order; () for none."""
    if "岁" not in text and "歲" not in text:
        return ()  # most messages: no numeral conversion (and no cn2an import) for them
    prepared = _prepared(text)
    if prepared is None:
        return ()
    return tuple(age for age in map(int, _AGE.findall(prepared)) if age <= MAX_AGE)


def parse_count(text: str) -> int | None:
    """A number of people ("五十多个" → 50, "十几个" → 10, "3个人"), or None."""
    norm = _normalise(text)
    if not norm or _UNKNOWN.search(norm):
        return None
    if _ALONE.search(norm) and not re.search(r"[0-9二两三四五六七八九十百千]", norm):
        return 1
    for words, value in _ROUGH:
        if words in norm:
            return value
    match = re.search(r"\d+", _to_digits(norm))
    if match is None:
        return None  # "几个": could be two or nine, so ask again
    count = int(match.group(0))
    return count if 0 < count <= 100_000 else None


# --- phone and ID numbers ----------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0[12]\d|0[3-9]\d{2})([2-9]\d{6,7})")


def valid_phone(text: str) -> str | None:
    """A mainland mobile ("13800138000") or landline with area code ("010-12345678"), or None."""
    raw = re.sub(r"[\s()（）\-–—.]", "", clean(text))
    found = _phone_in(raw)
    if found is None and not raw.isdigit():
        # "我的电话是13800138000", "手机：138 0013 8000": the words around one number go
        found = _phone_in(re.sub(r"[^\d+]", "", raw))
    return found


def _phone_in(raw: str) -> str | None:
    raw = re.sub(r"^(?:\+86|0086|86)(?=1[3-9]\d{9}$)", "", raw)
    if _MOBILE.fullmatch(raw):
        return raw
    match = _LANDLINE.fullmatch(raw)
    return f"{match.group(1)}-{match.group(2)}" if match else None


_ID = re.compile(r"[1-8]\d{5}(?P<birth>\d{8})\d{3}[\dX]")
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))


def valid_id_number(text: str, today: date | None = None) -> str | None:
    """An 18-character resident ID number (GB 11643-1999) with a valid check digit, or None."""
    number = re.sub(r"\s", "", clean(text)).upper()
    match = _ID.fullmatch(number)
    if match is None:
        return None
    birth = match.group("birth")
    try:
        born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        return None
    if born.year < 1900 or (today is not None and born > today):
        return None
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    check = "10X98765432"[total % 11]
    return number if number[17] == check else None
