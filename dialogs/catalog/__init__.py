"""Message catalogs: every sentence the bot can say, by language.

``zh-Hans`` is the source. ``en`` is written by hand. ``zh-Hant`` is generated from
``zh-Hans`` with OpenCC when the catalog is first loaded, so it can never fall behind; the
names of languages (``VERBATIM_KEYS``) are the one thing it leaves as written.
Files are ``<lang>/<area>.yaml`` with nested keys, flattened to ``area.key`` names.

``bo`` (Tibetan) is partial by design: it covers what a Tibetan-speaking citizen meets first
(the menu, a complaint, 转人工, the status of a matter, the web page's own labels) and every
other key falls back to zh-Hans (``FALLBACK``). It was drafted without a native speaker, so each
of its strings is tagged for review (``dialogs.catalog.review``); ``Catalog.review`` tells
where each stands.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from dialogs.catalog.review import HEADER, Marked, ReviewStatus, read_marked
from dialogs.types import LANGS, Lang
from knowledge.text import to_traditional
from knowledge.yamlio import read_yaml

__all__ = ["FALLBACK", "Catalog", "CatalogError", "default_catalog", "load_catalog"]

CATALOG_DIR = Path(__file__).parent
# Languages whose catalog is partial, and what their missing keys are said in instead.
FALLBACK: dict[Lang, Lang] = {"bo": "zh-Hans"}


class CatalogError(Exception):
    """A catalog file is malformed or a key is missing."""


class _SafeDict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Catalog:
    """Looks up and formats messages; falls back to zh-Hans so a gap never crashes a turn."""

    def __init__(
        self,
        messages: dict[Lang, dict[str, str]],
        review: dict[Lang, dict[str, ReviewStatus]] | None = None,
    ) -> None:
        self.messages = messages
        self.review = review or {}

    def text(self, lang: Lang, key: str, **values: Any) -> str:
        """The message ``key`` in ``lang``, formatted with ``values``."""
        table = self.messages.get(lang) or self.messages["zh-Hans"]
        template = table.get(key) or self.messages["zh-Hans"].get(key)
        if template is None:
            raise CatalogError(f"no message {key!r}")
        return template.format_map(_SafeDict(values))

    def table(self, lang: Lang) -> dict[str, str]:
        """Every message for ``lang``: its own, and its fallback's where it has none."""
        fallback = FALLBACK.get(lang)
        own = self.messages.get(lang, {})
        return {**self.messages[fallback], **own} if fallback else dict(own)

    def has(self, key: str) -> bool:
        """True when the source catalog defines ``key``."""
        return key in self.messages["zh-Hans"]

    def missing(self, lang: Lang) -> set[str]:
        """Keys defined in zh-Hans but not in ``lang``."""
        return set(self.messages["zh-Hans"]) - set(self.messages.get(lang, {}))


def _flatten(prefix: str, node: Any, into: dict[str, str], origin: Path) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, into, origin)
    elif isinstance(node, str):
        if prefix in into:
            raise CatalogError(f"{origin}: duplicate key {prefix!r}")
        into[prefix] = node
    else:
        raise CatalogError(f"{origin}: {prefix!r} must be text, not {type(node).__name__}")


# YAML folding turns a line break into a space; between two Chinese characters that is noise.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")


def _read_language(directory: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = read_yaml(path) or {}
        _flatten(path.stem, data, table, path)
    return {key: _CJK_GAP.sub("", value) for key, value in table.items()}


# Names of languages are written in their own script and never converted: the zh-Hant
# catalog must still say 简体中文 for the Simplified option ("以后用簡體中文" was a bug).
VERBATIM_KEYS = frozenset(
    {"common.lang_zh_hans", "common.lang_zh_hant", "common.lang_en", "common.lang_bo"}
)


def _traditional(key: str, value: str) -> str:
    return value if key in VERBATIM_KEYS else to_traditional(value)


def _flatten_marked(prefix: str, node: Any, into: dict[str, Marked], origin: Path) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten_marked(f"{prefix}.{key}" if prefix else str(key), value, into, origin)
    elif isinstance(node, Marked):
        if prefix in into:
            raise CatalogError(f"{origin}: duplicate key {prefix!r}")
        into[prefix] = node
    else:
        raise CatalogError(f"{origin}: {prefix!r} is not marked !review or !reviewed")


def _read_marked_language(directory: Path) -> dict[str, Marked]:
    """A drafted catalog: a ``_review`` header in every file, a review tag on every string."""
    table: dict[str, Marked] = {}
    for path in sorted(directory.glob("*.yaml")):
        header, data = read_marked(path)
        if not header.get("status"):
            raise CatalogError(f"{path}: no {HEADER} header saying where its review stands")
        _flatten_marked(path.stem, data, table, path)
    return table


def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    """Read zh-Hans, en and bo from ``directory`` and derive zh-Hant."""
    source = _read_language(directory / "zh-Hans")
    tibetan = _read_marked_language(directory / "bo")
    messages: dict[Lang, dict[str, str]] = {
        "zh-Hans": source,
        "zh-Hant": {key: _traditional(key, value) for key, value in source.items()},
        "en": _read_language(directory / "en"),
        "bo": {key: marked.text for key, marked in tibetan.items()},
    }
    assert set(messages) == set(LANGS)
    review: dict[Lang, dict[str, ReviewStatus]] = {
        "bo": {key: marked.status for key, marked in tibetan.items()}
    }
    return Catalog(messages, review)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The packaged catalog, loaded once per process."""
    return load_catalog()
