"""Rate-limiter fakes: one that never limits, for tests that send many messages on purpose."""

from __future__ import annotations

from backend.ratelimit import Decision, Limit


class Unlimited:
    """Allows everything (the limits themselves are tested in tests/reliability)."""

    async def hit(self, key: str, limit: Limit) -> Decision:
        """Always allowed."""
        return Decision(True)
