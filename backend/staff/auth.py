"""Staff sign-in: server-side sessions, CSRF tokens, and throttling nobody else can turn on.

The cookie carries a random token; only its SHA-256 is stored, so a leaked table opens
nothing. Each login issues a new token (no session fixation). Sessions slide: 12 hours from
the last request.

Failed sign-ins are counted (``backend.services.throttle``) per address and account pair,
per address, and per account. Nothing locks an account: five wrong passwords from one
address hold back *that address* for that account; twenty from one address hold it back
for every account; a flood against one account from many addresses holds back only
addresses that have not signed in to it before, so the account's owner at their own desk
still gets in. Unknown usernames are counted by the name typed, answered with the same
words and do the same argon2 work, so throttling tells nothing about who exists. argon2
runs in a thread, before any write transaction opens (``backend.services.passwords``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import StaffSession, StaffUser
from backend.services import passwords, throttle
from backend.services.passwords import WeakPassword
from backend.services.throttle import Window
from backend.staff import audit
from backend.staff.errors import Forbidden, Invalid, Locked, NotAuthenticated

SESSION_LIFETIME = timedelta(hours=12)
TOUCH_AFTER = timedelta(seconds=60)  # refresh the sliding expiry at most once a minute
WINDOW = timedelta(minutes=15)
PAIR = Window("signin.pair", 5, WINDOW)
ADDRESS = Window("signin.addr", 20, WINDOW)
ACCOUNT = Window("signin.acct", 50, WINDOW)
KNOWN = Window("signin.ok", 1, timedelta(hours=24))  # signed in from here lately
PASSWORD_CHANGE = Window("pw.change", 5, WINDOW)


@dataclass
class StaffIdentity:
    """The signed-in user and their session (with its CSRF token)."""

    user: StaffUser
    session: StaffSession


@dataclass
class LoginResult:
    """A new session: the cookie token (shown once), the CSRF token and the user."""

    token: str
    csrf_token: str
    user: StaffUser


def token_hash(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def address_key(address: str) -> str:
    """A short hash of a client address, for throttling without keeping the address."""
    return hashlib.sha256(f"fd-staff-ip:{address}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class _Keys:
    address: str
    account: str
    pair: str

    @classmethod
    def of(cls, address: str, username: str) -> _Keys:
        account = throttle.hashed("account", username.strip().lower())
        return cls(address_key(address), account, throttle.hashed("pair", address, account))


async def login(
    db: Database, username: str, password: str, *, address: str, now: datetime, old: str | None
) -> LoginResult:
    """Check the credentials and open a new session; the old one (if any) is dropped."""
    keys = _Keys.of(address, username)
    async with db.reader() as session:
        wait = await _throttled(session, keys, now)
        user = await session.scalar(select(StaffUser).where(StaffUser.username == username))
    if wait is not None:
        raise Locked("throttled", "too many failed sign-ins; please wait and try again", wait)
    if user is not None and user.active:
        good = await passwords.verify(user.password_hash, password)
    else:
        good = await passwords.verify_unknown(password)  # the same work as a real check
    async with db.transaction() as session:
        if not good or user is None:
            await _failed(session, user, keys, now)
        else:
            if old:
                await session.execute(
                    delete(StaffSession).where(StaffSession.token_hash == token_hash(old))
                )
            throttle.mark(session, [(KNOWN.scope, keys.pair)], now)
            result = _open_session(session, user, now)
            await audit.record(session, user, "login", "staff_user", user.id, at=now)
    if not good or user is None:
        raise NotAuthenticated("bad_credentials", "wrong username or password")
    return result


async def _throttled(session: AsyncSession, keys: _Keys, now: datetime) -> int | None:
    """Seconds to wait when this address may not try this account now, else None."""
    for window, key in ((PAIR, keys.pair), (ADDRESS, keys.address)):
        wait = await throttle.wait_seconds(session, window, key, now)
        if wait is not None:
            return wait
    flood = await throttle.wait_seconds(session, ACCOUNT, keys.account, now)
    if flood is not None and await throttle.count(session, KNOWN, keys.pair, now) == 0:
        return flood  # a flood against the account: only addresses it never used wait
    return None


async def _failed(
    session: AsyncSession, user: StaffUser | None, keys: _Keys, now: datetime
) -> None:
    marks = [(PAIR.scope, keys.pair), (ADDRESS.scope, keys.address), (ACCOUNT.scope, keys.account)]
    throttle.mark(session, marks, now)
    actor = audit.Actor(user.id if user else None, user.username if user else "anonymous")
    await audit.record(session, actor, "login_failed", "address", keys.address, at=now)


def _open_session(session: AsyncSession, user: StaffUser, now: datetime) -> LoginResult:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=token_hash(token),
            staff_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
            last_seen_at=now,
        )
    )
    return LoginResult(token, csrf, user)


async def authenticate(db: Database, token: str | None, *, now: datetime) -> StaffIdentity:
    """The user behind a session cookie; raises ``NotAuthenticated`` when none or expired."""
    if not token:
        raise NotAuthenticated("unauthorized", "please log in")
    key = token_hash(token)
    async with db.reader() as session:
        row = await session.get(StaffSession, key)
        user = await session.get(StaffUser, row.staff_id) if row is not None else None
    if row is None or user is None or not user.active:
        raise NotAuthenticated("unauthorized", "please log in")
    if row.expires_at <= now:
        raise NotAuthenticated("session_expired", "your session has expired; please log in again")
    if now - row.last_seen_at >= TOUCH_AFTER:
        row.last_seen_at, row.expires_at = now, now + SESSION_LIFETIME
        async with db.transaction() as session:
            await session.execute(
                update(StaffSession)
                .where(StaffSession.token_hash == key)
                .values(last_seen_at=now, expires_at=now + SESSION_LIFETIME)
            )
    return StaffIdentity(user, row)


def check_csrf(identity: StaffIdentity, presented: str | None) -> None:
    """Refuse a mutating request whose ``X-CSRF-Token`` is not the session's."""
    if not presented or not hmac.compare_digest(presented, identity.session.csrf_token):
        raise Forbidden("csrf", "missing or wrong CSRF token; reload the page")


async def logout(db: Database, identity: StaffIdentity, *, now: datetime) -> None:
    """End the session."""
    async with db.transaction() as session:
        await session.execute(
            delete(StaffSession).where(StaffSession.token_hash == identity.session.token_hash)
        )
        await audit.record(session, identity.user, "logout", "staff_user", identity.user.id, at=now)


async def change_password(
    db: Database, identity: StaffIdentity, current: str, new: str, *, now: datetime
) -> None:
    """Set a new password (policy, no reuse) and end every other session of this user.

    Wrong current passwords are counted: after five in 15 minutes the change is refused for
    a while (429), so a session left open cannot be used to guess the password.
    """
    user = identity.user
    key = throttle.hashed("password-change", str(user.id))
    async with db.reader() as session:
        wait = await throttle.wait_seconds(session, PASSWORD_CHANGE, key, now)
    if wait is not None:
        raise Locked("throttled", "too many wrong current passwords; please wait", wait)
    if not await passwords.verify(user.password_hash, current):
        async with db.transaction() as session:
            throttle.mark(session, [(PASSWORD_CHANGE.scope, key)], now)
        raise NotAuthenticated("bad_credentials", "the current password is wrong")
    previous = [user.password_hash, *(user.password_history or [])]
    try:
        new_hash = await passwords.new_password_hash(
            new, user_inputs=[user.username, user.display_name], previous=previous
        )
    except WeakPassword as weak:
        raise Invalid(weak.code, weak.message) from None
    async with db.transaction() as session:
        await session.execute(
            update(StaffUser)
            .where(StaffUser.id == user.id)
            .values(
                password_hash=new_hash,
                password_changed_at=now,
                password_history=passwords.history_after_change(
                    user.password_hash, user.password_history
                ),
            )
        )
        await session.execute(
            delete(StaffSession).where(
                StaffSession.staff_id == user.id,
                StaffSession.token_hash != identity.session.token_hash,
            )
        )
        await audit.record(session, user, "password_changed", "staff_user", user.id, at=now)
