"""Staff passwords: the policy, and argon2id work kept off the event loop.

Policy (for new accounts and password changes): 10–256 characters; not guessable by zxcvbn
(score ≥ 3 of 4: it knows the common-password lists, keyboard walks, dates and l33t, and we
add pinyin words and this service's own words); not similar to the username or display name
(passed to zxcvbn as user inputs); and not one of the account's last ``HISTORY`` passwords.

argon2id costs tens of milliseconds of CPU by design. Every hash and verification runs in a
worker thread (``asyncio.to_thread``), never on the event loop where every citizen's turn
waits, and callers do it *before* opening a write transaction, so no lock is held meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from functools import cache

from zxcvbn import zxcvbn

from backend.services.accounts import hash_password, verify_password

MIN_LENGTH = 10
MAX_LENGTH = 256
MIN_SCORE = 3
HISTORY = 5
# Words a guesser tries first against a Chinese procuratorate's console: pinyin favourites
# and the service's own names. zxcvbn's own lists cover English and the global top lists.
LOCAL_WORDS = (
    "woaini",
    "aini",
    "wode",
    "mima",
    "zhongguo",
    "beijing",
    "shanghai",
    "jiancha",
    "jianchayuan",
    "jianchaguan",
    "jianchafuwu",
    "procuratorate",
    "frontdesk",
    "qiantai",
    "xinfang",
    "12309",
    "1314",
    "5201314",
    "520",
    "888888",
    "666666",
    "admin",
    "staff",
)


class WeakPassword(ValueError):
    """The password breaks the policy; ``code`` is stable, the message says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def check_strength(password: str, user_inputs: Iterable[str] = ()) -> None:
    """Raise ``WeakPassword`` unless ``password`` meets the policy (no reuse check here)."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword("weak_password", f"use at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword("weak_password", f"use at most {MAX_LENGTH} characters")
    inputs = [i for i in user_inputs if i] + list(LOCAL_WORDS)
    result = zxcvbn(password[:100], user_inputs=inputs)  # zxcvbn is quadratic; 100 is plenty
    if result["score"] < MIN_SCORE:
        hint = result["feedback"].get("warning") or "add more unusual words"
        raise WeakPassword("weak_password", f"this password is too easy to guess: {hint}")


def reused(password: str, hashes: Sequence[str]) -> bool:
    """True when ``password`` matches one of the given argon2id hashes."""
    return any(verify_password(h, password) for h in hashes if h)


def _new_hash(password: str, user_inputs: Sequence[str], previous: Sequence[str]) -> str:
    check_strength(password, user_inputs)
    if reused(password, previous):
        raise WeakPassword("password_reused", f"choose one not used in the last {HISTORY}")
    return hash_password(password)


async def new_password_hash(
    password: str, *, user_inputs: Sequence[str] = (), previous: Sequence[str] = ()
) -> str:
    """Check the policy (``previous``: hashes it must not match) and hash, in a thread."""
    return await asyncio.to_thread(_new_hash, password, list(user_inputs), list(previous))


async def verify(password_hash: str, password: str) -> bool:
    """``verify_password`` in a thread."""
    return await asyncio.to_thread(verify_password, password_hash, password)


@cache
def _dummy() -> str:
    return hash_password("not-a-real-password-just-for-timing")


async def verify_unknown(password: str) -> bool:
    """The same work as a real verification, for an unknown or inactive account; False."""
    dummy = await asyncio.to_thread(_dummy)
    await verify(dummy, password)
    return False


def history_after_change(current: str, history: Sequence[str] | None) -> list[str]:
    """The hashes to keep after a change: the one being replaced, then the older ones."""
    return [current, *(history or [])][: HISTORY - 1]
