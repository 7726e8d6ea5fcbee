"""Transcript tables: say this, expect that. Shared by the engine tests of every flow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dialogs.conversation import new_state
from dialogs.engine import handle
from dialogs.types import JSON, Context, Event, Inbound, Reply
from tests.fakes.faq import FakeFaq


@dataclass
class Step:
    """One line of a transcript: what the citizen does and what must come back."""

    say: str | None = None
    tap: str | None = None
    event: tuple[str, dict[str, Any]] | None = None
    expect: tuple[str, ...] = ()  # substrings of the joined reply texts
    ask: str | None = None  # the ``ask`` of the last reply
    buttons: tuple[str, ...] = ()  # payloads that must be offered
    effects: tuple[str, ...] = ()  # effect names, in order
    silent: bool = False
    mode: str | None = None
    outcome: str | None = None


@dataclass
class Transcript:
    """Runs steps against the pure engine, keeping state like the runtime would."""

    faq: FakeFaq = field(default_factory=FakeFaq)
    state: JSON = field(default_factory=new_state)
    today: date = date(2026, 11, 23)
    replies: list[Reply] = field(default_factory=list)

    def send(self, inbound: Inbound) -> Any:
        turn = handle(self.state, inbound, Context(faq=self.faq, today=self.today))
        self.state = turn.state
        self.replies = turn.replies
        return turn

    def run(self, *steps: Step) -> None:
        for number, step in enumerate(steps, start=1):
            if step.event is not None:
                inbound = Inbound(event=Event(*step.event))
            else:
                inbound = Inbound(text=step.say or "", button=step.tap)
            turn = self.send(inbound)
            where = f"step {number} ({step.say or step.tap or step.event})"
            text = "\n".join(r.text for r in turn.replies)
            for fragment in step.expect:
                assert fragment in text, f"{where}: {fragment!r} not in {text!r}"
            if step.silent:
                assert turn.replies == [], f"{where}: expected silence, got {text!r}"
            if step.ask is not None:
                assert turn.replies and turn.replies[-1].ask == step.ask, (
                    f"{where}: ask {turn.replies[-1].ask if turn.replies else None!r}"
                )
            offered = {b.payload for r in turn.replies for b in r.buttons}
            for payload in step.buttons:
                assert payload in offered, f"{where}: button {payload!r} not in {offered}"
            names = tuple(e.name for e in turn.effects)
            assert names == step.effects, f"{where}: effects {names} != {step.effects}"
            if step.mode is not None:
                assert self.state["mode"] == step.mode, f"{where}: mode {self.state['mode']}"
            if step.outcome is not None:
                assert any(r.outcome == step.outcome for r in turn.replies), where
