"""Words for codes: what staff read instead of ``support_apply``, ``received`` or ``has_iou``.

Every label comes from the catalogs (``console.*`` for the console's own words, and the
citizen-facing catalogs where the same thing already has a name: a routing body, an
eligibility question's short form and its answers). A code with no label yet (a kind or
fact added by a later intake) reads as the generic ``other`` word of its family, never as
the code itself, so nothing internal reaches the page.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from dialogs.catalog import default_catalog
from dialogs.types import LANGS, Lang

__all__ = ["Labels", "labels_for"]


class Labels:
    """Label look-ups in one language."""

    def __init__(self, lang: Lang = "zh-Hans") -> None:
        self.lang: Lang = lang
        self._catalog = default_catalog()

    def text(self, key: str, **values: Any) -> str:
        """A console message (``console.<key>``)."""
        return self._catalog.text(self.lang, f"console.{key}", **values)

    def first(self, *keys: str, **values: Any) -> str | None:
        """The first of ``keys`` (full catalog keys) the catalog has, formatted; else None."""
        for key in keys:
            if self._catalog.has(key):
                return self._catalog.text(self.lang, key, **values)
        return None

    def _family(self, family: str, code: str | None) -> str:
        return self.first(f"console.{family}.{code}") or self.text(f"{family}.other")

    def kind(self, code: str | None) -> str:
        """控告申诉, 支持起诉申请, 转人工 …"""
        return self._family("kind", code)

    def status(self, code: str | None) -> str:
        """已收到, 待补充材料 …"""
        return self._family("status", code)

    def event(self, code: str | None) -> str:
        """A timeline entry's kind: 收到事项, 回复群众, 认领 …"""
        return self._family("event", code)

    def outcome(self, code: str | None) -> str:
        """An eligibility outcome in a few words."""
        return self._family("outcome", code) if code else self.text("item.none")

    def flag(self, code: str) -> str:
        """A matter's flag: 时效风险, 情况紧急, 多人同样情况, 语音待听 …"""
        return self._family("flag", code)

    def channel(self, code: str | None) -> str:
        """网页, Telegram, 终端 …"""
        return self._family("channel", code)

    def complaint_kind(self, code: str | None) -> str:
        """控告 / 申诉 / 举报 / 意见建议 / 其他 (as the citizen chose it)."""
        return self.first(f"complaint.kind.{code}") or self.text("kind.other")

    def category(self, code: str | None) -> str:
        """What a complaint is about, in the words of the intake's first question."""
        return self.first(f"routing.option.topic.{code}", f"console.category.{code}") or self.text(
            "category.other"
        )

    def route(self, code: str | None) -> str:
        """Which body handles it (检察院 …, 劳动保障监察机构 …)."""
        return self.first(f"routing.route.{code}.body") or self.text("category.other")

    def fact(self, key: str) -> str:
        """An eligibility fact's name, short: 有没有欠条, 劳动仲裁 …"""
        return self.first(
            f"console.fact.{key}",
            f"eligibility.short.{key}",
            f"eligibility.q.{key}",
            f"relief.short.{key}",
        ) or self.text("fact.other")

    def fact_value(self, key: str, value: Any) -> str:
        """An answer in words: 没有, 讨要工资, 3 个月 …"""
        if value is None or value == "":
            return self.text("value.unknown")
        if isinstance(value, bool):
            return self.text("value.yes" if value else "value.no")
        if isinstance(value, int | float):
            unit = next((u for p, u in _UNITS if key.startswith(p)), "")
            return self.text(f"value.{unit}", n=value) if unit else str(value)
        found = self.first(
            f"eligibility.opt.{key}.{value}",
            f"relief.opt.{key}.{value}",  # judicial relief's facts (harm, stage …)
            f"console.value.{value}",
        )
        return found or self.text("value.other")

    def date(self, day: date | None) -> str:
        """2026年12月1日."""
        if day is None:
            return self.text("item.none")
        return self.text("date", year=day.year, month=day.month, day=day.day)


# Facts whose numbers carry a unit (the fact's name says which).
_UNITS = (("months_", "months"), ("days_", "days"))


@cache
def labels_for(lang: str = "zh-Hans") -> Labels:
    """Labels in ``lang`` (zh-Hans when the language is unknown), built once."""
    safe: Lang = lang if lang in LANGS else "zh-Hans"
    return Labels(safe)
