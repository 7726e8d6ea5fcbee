"""A team's name in the reader's language (``console.team_name.<id>`` in the catalogs)."""

from __future__ import annotations

from dialogs.catalog import default_catalog
from dialogs.types import LANGS, Lang


def team_name(team: str | None, lang: str = "zh-Hans") -> str:
    """控告申诉, 民事 …; "未分组" for a matter or person in no team."""
    catalog = default_catalog()
    language: Lang = lang if lang in LANGS else "zh-Hans"
    key = f"console.team_name.{team}"
    return catalog.text(language, key if team and catalog.has(key) else "console.team_name.none")
