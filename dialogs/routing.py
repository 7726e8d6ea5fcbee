"""The routing table as data: where a complaint belongs, and the questions that find out.

``routing.yaml`` (beside this module) holds the routes (within the procuratorate or not, the
body's phone number, the legal basis, an optional flow to offer) and the screening tree. The
words a citizen reads — body names, what to bring, deadlines — are catalog text under
``routing.route.<id>.*`` so they are translated and reviewed with every other sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge.yamlio import read_yaml

__all__ = [
    "ROUTING_FILE",
    "Route",
    "RoutingTable",
    "ScreeningChoice",
    "load_routing",
    "routing_table",
]

ROUTING_FILE = Path(__file__).parent / "routing.yaml"


class RoutingError(ValueError):
    """The routing file is malformed: an unknown route or question, or a missing field."""


@dataclass(frozen=True, slots=True)
class Route:
    """One destination: the procuratorate itself, or another body with its number."""

    id: str
    within: bool
    phone: str | None
    basis: str
    offer: str | None = None  # a flow worth offering (e.g. the support-lawsuit pre-screen)


@dataclass(frozen=True, slots=True)
class ScreeningChoice:
    """An answer to a screening question: it asks ``next`` or lands on ``route``."""

    value: str
    next: str | None = None
    route: str | None = None


@dataclass(frozen=True, slots=True)
class RoutingTable:
    """All routes and the screening questions, checked for dangling references."""

    routes: dict[str, Route]
    questions: dict[str, tuple[ScreeningChoice, ...]]
    start: str

    def route(self, route_id: str) -> Route:
        """The route called ``route_id`` (KeyError when unknown)."""
        return self.routes[route_id]

    def choices(self, question: str) -> tuple[ScreeningChoice, ...]:
        """The answers question ``question`` accepts, in display order."""
        return self.questions[question]


def _route(route_id: str, raw: dict[str, Any]) -> Route:
    try:
        return Route(
            id=route_id,
            within=bool(raw["within"]),
            phone=str(raw["phone"]) if raw.get("phone") else None,
            basis=str(raw["basis"]),
            offer=str(raw["offer"]) if raw.get("offer") else None,
        )
    except KeyError as exc:
        raise RoutingError(f"route {route_id!r} lacks {exc.args[0]!r}") from None


def _choice(question: str, raw: dict[str, Any]) -> ScreeningChoice:
    choice = ScreeningChoice(str(raw["value"]), raw.get("next"), raw.get("route"))
    if (choice.next is None) == (choice.route is None):
        raise RoutingError(f"{question}.{choice.value}: give exactly one of next / route")
    return choice


def _check(table: RoutingTable) -> RoutingTable:
    if table.start not in table.questions:
        raise RoutingError(f"screening starts at unknown question {table.start!r}")
    for question, choices in table.questions.items():
        for choice in choices:
            if choice.next is not None and choice.next not in table.questions:
                raise RoutingError(f"{question}.{choice.value}: no question {choice.next!r}")
            if choice.route is not None and choice.route not in table.routes:
                raise RoutingError(f"{question}.{choice.value}: no route {choice.route!r}")
    return table


def load_routing(path: Path = ROUTING_FILE) -> RoutingTable:
    """Read and check a routing file."""
    data = read_yaml(path)
    routes = {str(k): _route(str(k), v) for k, v in data["routes"].items()}
    screening = data["screening"]
    questions = {
        str(q): tuple(_choice(str(q), c) for c in choices)
        for q, choices in screening["questions"].items()
    }
    return _check(RoutingTable(routes, questions, str(screening["start"])))


@lru_cache(maxsize=1)
def routing_table() -> RoutingTable:
    """The packaged routing table, loaded once per process on first use."""
    return load_routing()
