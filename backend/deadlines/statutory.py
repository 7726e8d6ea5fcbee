"""The statutory holidays of 《全国年节及纪念日放假办法》 (2024 revision), computed for any year.

This is the last calendar layer: used only where neither the installed State Council schedule
nor the admin holidays file knows the year. It cannot predict 调休 (make-up workdays) or the
bridging days the State Council adds each year, so every date it answers is provisional.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import lunardate

NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
QINGMING = "清明节"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"

# chinesecalendar names its holidays in English; these are the names the reasons carry.
NAMES_BY_ENGLISH: dict[str, str] = {
    "New Year's Day": NEW_YEAR,
    "Spring Festival": SPRING_FESTIVAL,
    "Tomb-sweeping Day": QINGMING,
    "Labour Day": LABOUR_DAY,
    "Dragon Boat Festival": DRAGON_BOAT,
    "Mid-autumn Festival": MID_AUTUMN,
    "National Day": NATIONAL_DAY,
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

# The 21st-century C value of 清明 in the "寿星" formula [Y*D + C] - [Y/4].
_QINGMING_C = 4.81
_TROPICAL_YEAR_D = 0.2422


def chinese_name(english: str | None) -> str | None:
    """The Chinese name for a chinesecalendar holiday name (unknown names pass through)."""
    if english is None:
        return None
    return NAMES_BY_ENGLISH.get(english, english)


def qingming(year: int) -> date:
    """The date of the 清明 solar term (Apr 4 or 5 in 2001-2099)."""
    if not 2001 <= year <= 2100:
        raise ValueError(f"清明 formula covers 2001-2100, not {year}")
    y = year % 100
    return date(year, 4, int(y * _TROPICAL_YEAR_D + _QINGMING_C) - y // 4)


def lunar_to_solar(year: int, month: int, day: int) -> date:
    """The solar date of a lunar date in the lunar year that starts in solar ``year``."""
    try:
        solar: date = lunardate.LunarDate(year, month, day).to_solar_date()
    except ValueError as exc:  # lunardate knows 1900-2099 only
        raise ValueError(f"no lunar calendar data for {year}: {exc}") from exc
    return solar


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """Every statutory rest day of ``year`` (weekends excluded) with its Chinese name."""
    new_year_eve = lunar_to_solar(year, 1, 1) - timedelta(days=1)  # 除夕: the day before 正月初一
    days: dict[date, str] = {date(year, 1, 1): NEW_YEAR}
    days.update({new_year_eve + timedelta(days=i): SPRING_FESTIVAL for i in range(4)})
    days[qingming(year)] = QINGMING
    days.update({date(year, 5, 1): LABOUR_DAY, date(year, 5, 2): LABOUR_DAY})
    days[lunar_to_solar(year, 5, 5)] = DRAGON_BOAT
    days[lunar_to_solar(year, 8, 15)] = MID_AUTUMN
    days.update({date(year, 10, d): NATIONAL_DAY for d in (1, 2, 3)})
    return days
