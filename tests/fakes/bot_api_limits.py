"""Scripted faults and Telegram's flood limits for the fake Bot API.

`FaultPlan` answers the next calls with an error a test asked for (5xx, 403, 429). `FloodLimits`
is the enforcing mode: it answers 429 with a computed `retry_after` whenever a sender breaks one
of Telegram's published limits, and counts every violation so a benchmark can show there were
none. All rules are sliding windows over the fake's clock; `tolerance` forgives arrival jitter.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.bot_api_state import ApiError, ChatId

DESCRIPTIONS = {
    400: "Bad Request",
    403: "Forbidden: bot was blocked by the user",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def too_many_requests(retry_after: int) -> ApiError:
    """Telegram's 429, with `parameters.retry_after` exactly as the real server sends it."""
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


@dataclass
class _Scripted:
    method: str | None  # lower-case method name; None = any message-sending method
    error: ApiError
    remaining: int


@dataclass
class FaultPlan:
    """Errors queued by a test, consumed in order by matching calls."""

    scripted: list[_Scripted] = field(default_factory=list)

    def add(self, method: str | None, error: ApiError, times: int) -> None:
        """Answer the next `times` matching calls with `error`."""
        key = method.lower() if method else None
        self.scripted.append(_Scripted(key, error, times))

    def take(self, method: str, sends_message: bool) -> ApiError | None:
        """The error this call must get, if one is queued for it."""
        for entry in self.scripted:
            matches = entry.method == method if entry.method else sends_message
            if matches and entry.remaining > 0:
                entry.remaining -= 1
                return entry.error
        self.scripted = [entry for entry in self.scripted if entry.remaining > 0]
        return None


def scripted_error(status: int, description: str | None) -> ApiError:
    """A Telegram-shaped error for `fail_next`."""
    return ApiError(status, description or DESCRIPTIONS.get(status, "Internal Server Error"))


@dataclass(frozen=True)
class Violation:
    """One message refused by the enforcing mode."""

    rule: str  # "per_chat" | "per_group" | "global"
    chat_id: ChatId
    at: float
    retry_after: int


@dataclass
class FloodLimits:
    """Telegram's limits, enforced.

    Per chat: at most `per_chat_burst` messages in any window of `per_chat_burst /
    per_chat_per_sec` seconds; with the default burst of 1 that reads "no two messages to one
    chat less than 1 s apart". Groups also get `per_group_per_min` in any 60 s, and all chats
    together `global_per_sec` in any 1 s. Each window is shortened by `tolerance` seconds.
    """

    per_chat_per_sec: float = 1.0
    per_group_per_min: int = 20
    global_per_sec: int = 30
    per_chat_burst: int = 1
    tolerance: float = 0.05
    violations: list[Violation] = field(default_factory=list)
    accepted: int = 0
    _chat: dict[ChatId, deque[float]] = field(default_factory=dict)
    _all: deque[float] = field(default_factory=deque)

    def check(self, chat_id: ChatId, is_group: bool, now: float) -> ApiError | None:
        """Accept the message (remembering it) or return the 429 to answer."""
        chat_times = self._chat.setdefault(chat_id, deque())
        # Keep memory bounded: nothing older than the longest window can matter any more.
        _forget_before(chat_times, now - 60.0)
        _forget_before(self._all, now - 1.0)
        chat_window = self.per_chat_burst / self.per_chat_per_sec
        rules: list[tuple[str, deque[float], int, float]] = [
            ("global", self._all, self.global_per_sec, 1.0),
            ("per_chat", chat_times, self.per_chat_burst, chat_window),
        ]
        if is_group:
            rules.insert(1, ("per_group", chat_times, self.per_group_per_min, 60.0))
        for rule, times, limit, window in rules:
            wait = self._wait(times, limit, window - self.tolerance, now)
            if wait > 0:
                retry_after = max(1, math.ceil(wait))
                self.violations.append(Violation(rule, chat_id, now, retry_after))
                return too_many_requests(retry_after)
        chat_times.append(now)
        self._all.append(now)
        self.accepted += 1
        return None

    @staticmethod
    def _wait(times: deque[float], limit: int, window: float, now: float) -> float:
        """Seconds until one more message fits in `window`; 0 when it fits now."""
        recent = [t for t in times if t > now - window]
        if len(recent) < limit:
            return 0.0
        return recent[-limit] + window - now

    def summary(self) -> dict[str, Any]:
        """Counts for a benchmark report."""
        by_rule: dict[str, int] = {}
        for violation in self.violations:
            by_rule[violation.rule] = by_rule.get(violation.rule, 0) + 1
        return {"accepted": self.accepted, "violations": len(self.violations), **by_rule}


def _forget_before(times: deque[float], horizon: float) -> None:
    while times and times[0] <= horizon:
        times.popleft()
