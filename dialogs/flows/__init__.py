"""The registry of flows. Each flow is a state table in its own module.

A flow has a ``name``, ``enter(conv, arg)`` to start it and ask its first question,
``on_input(conv, inbound)`` for the current step, and ``on_event(conv, event)`` for results
of its effects. Menu entries whose flow is not registered say so honestly and offer a person.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from typing import Protocol

from dialogs.conversation import Conversation
from dialogs.types import Event, Inbound

# Module paths of the flows, in menu order. A flow module exposes ``FLOW``.
FLOW_MODULES: tuple[str, ...] = (
    "dialogs.flows.menu",
    "dialogs.flows.faq",
    "dialogs.flows.complaint",
    "dialogs.flows.status",
    "dialogs.flows.eligibility",
    "dialogs.flows.appointment",
    "dialogs.flows.relief",
    "dialogs.flows.lead",
)


class Flow(Protocol):
    """A conversation flow: a table of steps with a catch-all per step."""

    name: str

    def enter(self, conv: Conversation, arg: str = "") -> None:
        """Start the flow and ask its first question."""
        ...

    def on_input(self, conv: Conversation, msg: Inbound) -> None:
        """Handle the citizen's answer at the current step."""
        ...

    def on_event(self, conv: Conversation, event: Event) -> bool:
        """Handle a system event; False when the event is not this flow's."""
        ...


@lru_cache(maxsize=1)
def registry() -> dict[str, Flow]:
    """All registered flows by name (imported once, on first use)."""
    flows: dict[str, Flow] = {}
    for path in FLOW_MODULES:
        flow: Flow = import_module(path).FLOW
        flows[flow.name] = flow
    return flows


def get_flow(name: str) -> Flow | None:
    """The flow called ``name``, or None when it is not available yet."""
    return registry().get(name)
