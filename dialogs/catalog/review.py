"""Catalogs drafted by someone who is not a native speaker: every string carries its review.

A file of such a catalog (``bo/*.yaml``) opens with a ``_review`` header saying who drafted it
and what a reviewer must check, and every string is tagged::

    _review:
      status: draft
      note: Drafted without a native speaker; check every string before use in production.
    greeting: !review "བཀྲ་ཤིས་བདེ་ལེགས། …"

``!review`` is a draft awaiting a native speaker; a reviewer who has checked a string changes
its tag to ``!reviewed``. A string without either tag, or a file without the header, is a
:class:`~dialogs.catalog.CatalogError`: nothing reaches a citizen unmarked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from knowledge.yamlio import base_loader

__all__ = ["HEADER", "Marked", "ReviewStatus", "read_marked"]

HEADER = "_review"
ReviewStatus = Literal["review", "reviewed"]


@dataclass(frozen=True, slots=True)
class Marked:
    """One string of a marked catalog and where its review stands."""

    text: str
    status: ReviewStatus


class _MarkedLoader(base_loader()):  # type: ignore[misc]
    """The safe loader plus the two review tags."""


def _construct(status: ReviewStatus) -> Any:
    def build(loader: yaml.SafeLoader, node: yaml.Node) -> Marked:
        if not isinstance(node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(None, None, "a review tag marks text", None)
        return Marked(str(loader.construct_scalar(node)), status)

    return build


_MarkedLoader.add_constructor("!review", _construct("review"))
_MarkedLoader.add_constructor("!reviewed", _construct("reviewed"))


def read_marked(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The file's ``_review`` header and the rest of it (leaves are :class:`Marked`)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_MarkedLoader) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a catalog file is a mapping")
    header = data.pop(HEADER, None)
    return (header if isinstance(header, dict) else {}), data
