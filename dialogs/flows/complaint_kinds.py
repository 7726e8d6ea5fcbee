"""The legal kind a complaint is filed as, decided by the bot from what the citizen chose.

The citizen picks what happened in everyday words; the route the answers land on decides the
kind (控告 / 申诉 / 举报 / 意见建议 / 其他), as data: ``dialogs/data/complaint_kinds.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from knowledge.yamlio import read_yaml

__all__ = ["KINDS", "SUGGESTION", "kind_of_route"]

KINDS = ("accusation", "appeal", "report", "suggestion", "other")
SUGGESTION = "suggestion"  # the flow's own option beside the routing tree's first question
KINDS_FILE = Path(__file__).parent.parent / "data" / "complaint_kinds.yaml"


@lru_cache(maxsize=1)
def _kinds() -> tuple[dict[str, str], str]:
    data = read_yaml(KINDS_FILE) or {}
    routes = {str(k): str(v) for k, v in (data.get("routes") or {}).items() if v in KINDS}
    default = str(data.get("default", "other"))
    return routes, default if default in KINDS else "other"


def kind_of_route(route_id: str) -> str:
    """The legal kind a route is filed as (控告/申诉/举报/其他), from the data file."""
    routes, default = _kinds()
    return routes.get(route_id, default)
