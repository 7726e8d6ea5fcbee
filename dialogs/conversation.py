"""The working copy of one conversation during a turn.

Flows read and change the state through this object and queue replies and effects on it;
``engine.handle`` turns it back into plain data. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from dialogs.catalog import Catalog, default_catalog
from dialogs.choices import Option
from dialogs.types import JSON, LANGS, Button, Context, Effect, Lang, Reply, Turn

STATE_VERSION = 1
HISTORY_LIMIT = 30


def new_state(lang: Lang = "zh-Hans") -> JSON:
    """A conversation that has not started yet."""
    return {
        "v": STATE_VERSION,
        "lang": lang,
        "flow": "menu",
        "step": "main",
        "data": {},
        "history": [],
        "mode": "bot",
        "started": False,
    }


def copy_json(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars): the caller's state is never changed.

    Several times faster than ``copy.deepcopy``, which handles every Python object and keeps
    a memo of them; state is plain JSON by contract, so that generality is never needed.
    """
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value


class Conversation:
    """State plus the replies and effects of the current turn."""

    def __init__(self, state: JSON, ctx: Context, catalog: Catalog | None = None) -> None:
        self.state: JSON = copy_json(state) if state else new_state()
        for key, value in new_state().items():
            self.state.setdefault(key, value)
        self.ctx = ctx
        self.catalog = catalog or default_catalog()
        self.replies: list[Reply] = []
        self.effects: list[Effect] = []

    # -- state ---------------------------------------------------------------------------
    @property
    def lang(self) -> Lang:
        """The citizen's language."""
        lang = self.state.get("lang")
        return lang if lang in LANGS else "zh-Hans"

    @lang.setter
    def lang(self, value: Lang) -> None:
        self.state["lang"] = value

    @property
    def flow(self) -> str:
        """The flow the conversation is in."""
        return str(self.state["flow"])

    @property
    def step(self) -> str:
        """The step within the flow (a question, usually)."""
        return str(self.state["step"])

    @property
    def data(self) -> JSON:
        """The current flow's answers so far."""
        data: JSON = self.state["data"]
        return data

    @property
    def mode(self) -> str:
        """``bot``, ``waiting`` (for a person) or ``human`` (a person is talking)."""
        return str(self.state.get("mode", "bot"))

    @mode.setter
    def mode(self, value: str) -> None:
        self.state["mode"] = value

    def move(self, flow: str, step: str, *, remember: bool = True) -> None:
        """Go to ``flow``/``step``; ``remember`` lets 返回 come back here."""
        if remember and (flow, step) != (self.flow, self.step):
            history: list[list[str]] = self.state["history"]
            history.append([self.flow, self.step])
            del history[:-HISTORY_LIMIT]
        if flow != self.flow:
            self.state["data"] = {}
        self.state["flow"], self.state["step"] = flow, step

    def back(self) -> tuple[str, str] | None:
        """Pop the previous step within the current flow, or None at its start."""
        history: list[list[str]] = self.state["history"]
        while history:
            flow, step = history.pop()
            if flow == self.flow:
                self.state["step"] = step
                return flow, step
        return None

    def reset(self) -> None:
        """Leave any flow and return to the main menu, forgetting unsaved answers."""
        self.state.update(flow="menu", step="main", data={}, history=[])

    # -- output --------------------------------------------------------------------------
    def t(self, key: str, **values: Any) -> str:
        """A catalog message in the citizen's language."""
        return self.catalog.text(self.lang, key, **values)

    def button(self, key: str, payload: str, **values: Any) -> Button:
        """A button whose label comes from the catalog."""
        return Button(self.t(key, **values), payload)

    def say(self, text: str, buttons: Iterable[Button] = (), **shape: Any) -> Reply:
        """Queue a reply; ``shape`` sets ask/outcome/tracking_no or extra keys."""
        known = {k: shape.pop(k) for k in ("ask", "outcome", "tracking_no") if k in shape}
        reply = Reply(text=text, buttons=list(buttons), extra=shape, **known)
        self.replies.append(reply)
        return reply

    def ask_choice(self, text: str, options: Sequence[Option], ask: str, *extra: Button) -> None:
        """Ask a question whose options are numbered buttons carrying the values as payloads.

        The numbers are the ones ``match_choice`` reads ("2", "第二个"), so a citizen who
        replies with a number sees which option it picks.
        """
        buttons = [Button(o.label, o.value, number=n) for n, o in enumerate(options, start=1)]
        self.say(text, [*buttons, *extra], ask=ask)

    def emit(self, name: str, **data: Any) -> None:
        """Queue an effect for the runtime."""
        self.effects.append(Effect(name, data))

    def turn(self) -> Turn:
        """The finished turn."""
        return Turn(state=self.state, replies=self.replies, effects=self.effects)
