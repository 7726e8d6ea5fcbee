"""Staff sign-in: server-side sessions, CSRF tokens, throttling and temporary lock-out.

The cookie carries a random token; only its SHA-256 is stored, so a leaked table opens
nothing. Each login issues a new token (no session fixation). Sessions slide: 12 hours from
the last request. Five wrong passwords lock the account for 15 minutes; an address with many
failures across accounts is held back too (counted from the audit log, so every worker agrees).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import AuditEntry, StaffSession, StaffUser
from backend.services.accounts import MIN_PASSWORD, hash_password, verify_password
from backend.staff import audit
from backend.staff.errors import Forbidden, Invalid, Locked, NotAuthenticated, StaffError

SESSION_LIFETIME = timedelta(hours=12)
TOUCH_AFTER = timedelta(seconds=60)  # refresh the sliding expiry at most once a minute
MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
ADDRESS_MAX_FAILURES = 20


@cache
def _dummy_hash() -> str:
    # Made on first use, not at import: argon2id costs tens of milliseconds of start-up.
    return hash_password("not-a-real-password-just-for-timing")


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


async def login(
    db: Database, username: str, password: str, *, address: str, now: datetime, old: str | None
) -> LoginResult:
    """Check the credentials and open a new session; the old one (if any) is dropped."""
    async with db.transaction() as session:
        outcome = await _attempt(session, username, password, address_key(address), now)
        if isinstance(outcome, StaffUser):
            if old:
                await session.execute(
                    delete(StaffSession).where(StaffSession.token_hash == token_hash(old))
                )
            result = _open_session(session, outcome, now)
            await audit.record(session, outcome, "login", "staff_user", outcome.id, at=now)
    if isinstance(outcome, StaffError):
        raise outcome  # raised after the commit, so the failure count is kept
    return result


async def _attempt(
    session: AsyncSession, username: str, password: str, address: str, now: datetime
) -> StaffUser | StaffError:
    since = now - LOCK_TIME
    failures = await session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.action == "login_failed",
            AuditEntry.target_kind == "address",
            AuditEntry.target_id == address,
            AuditEntry.at >= since,
        )
    )
    if int(failures or 0) >= ADDRESS_MAX_FAILURES:
        return Locked("locked", "too many failed logins from here; try later", _seconds(LOCK_TIME))
    user = await session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is not None and user.locked_until is not None and user.locked_until > now:
        return Locked("locked", "account locked after failed logins", _wait(user, now))
    if user is None or not user.active:
        verify_password(_dummy_hash(), password)  # same work whether or not the user exists
        return await _failed(session, user, address, now)
    if not verify_password(user.password_hash, password):
        return await _failed(session, user, address, now)
    user.failed_logins, user.locked_until = 0, None
    return user


async def _failed(
    session: AsyncSession, user: StaffUser | None, address: str, now: datetime
) -> StaffError:
    actor = audit.Actor(user.id if user else None, user.username if user else "anonymous")
    await audit.record(session, actor, "login_failed", "address", address, at=now)
    if user is None:
        return NotAuthenticated("bad_credentials", "wrong username or password")
    user.failed_logins += 1
    if user.failed_logins < MAX_FAILURES:
        return NotAuthenticated("bad_credentials", "wrong username or password")
    user.failed_logins, user.locked_until = 0, now + LOCK_TIME
    await audit.record(session, user, "account_locked", "staff_user", user.id, at=now)
    return Locked("locked", "account locked after failed logins", _wait(user, now))


def _wait(user: StaffUser, now: datetime) -> int:
    assert user.locked_until is not None
    return _seconds(user.locked_until - now)


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


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
    """Set a new password and end every other session of this user."""
    if not verify_password(identity.user.password_hash, current):
        raise NotAuthenticated("bad_credentials", "the current password is wrong")
    if len(new) < MIN_PASSWORD:
        raise Invalid("weak_password", f"the new password needs at least {MIN_PASSWORD} characters")
    user_id = identity.user.id
    async with db.transaction() as session:
        await session.execute(
            update(StaffUser)
            .where(StaffUser.id == user_id)
            .values(password_hash=hash_password(new), password_changed_at=now)
        )
        await session.execute(
            delete(StaffSession).where(
                StaffSession.staff_id == user_id,
                StaffSession.token_hash != identity.session.token_hash,
            )
        )
        await audit.record(
            session, identity.user, "password_changed", "staff_user", user_id, at=now
        )
