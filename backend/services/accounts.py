"""Staff accounts: creation, listing, password resets and argon2id password hashing."""

from __future__ import annotations

import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import AuditEntry, StaffSession, StaffUser

ROLES = ("staff", "supervisor", "admin")
# Languages a staff member may speak with citizens: 汉语, 藏语 (藏汉双语接访), English.
SPOKEN = ("zh", "bo", "en")
MIN_PASSWORD = 10
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class AccountError(ValueError):
    """A staff account cannot be created or changed as asked."""


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def spoken_languages(codes: str | list[str] | tuple[str, ...]) -> str:
    """``zh,bo`` / ``["zh", "bo"]`` → the stored form (known codes, each once, in SPOKEN order);
    an unknown code or none at all is an :class:`AccountError`."""
    given = codes.split(",") if isinstance(codes, str) else list(codes)
    wanted = {code.strip().lower() for code in given if code.strip()}
    unknown = wanted - set(SPOKEN)
    if unknown or not wanted:
        raise AccountError(f"languages must be some of {', '.join(SPOKEN)}")
    return ",".join(code for code in SPOKEN if code in wanted)


def generate_password() -> str:
    """A random password for seeded accounts."""
    return secrets.token_urlsafe(12)


async def add_staff(
    session: AsyncSession,
    *,
    username: str,
    role: str,
    display_name: str | None,
    now: datetime,
    password: str | None = None,
    password_hash: str | None = None,
    team: str | None = None,
    languages: str = "zh",
) -> StaffUser:
    """Create a staff account; refuses unknown roles, short passwords and duplicates.

    Callers that serve requests pass ``password_hash``, made beforehand in a thread with the
    policy checked (``backend.services.passwords.new_password_hash``), so no argon2 work
    runs inside this transaction; ``password`` (hashed here) is for scripts and tests.
    """
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    check_team(team)
    if password_hash is None:
        if password is None or len(password) < MIN_PASSWORD:
            raise AccountError(f"password must be at least {MIN_PASSWORD} characters")
        password_hash = hash_password(password)
    spoken = spoken_languages(languages)
    if await session.scalar(select(StaffUser).where(StaffUser.username == username)):
        raise AccountError(f"user {username!r} already exists")
    user = StaffUser(
        username=username,
        display_name=display_name or username,
        role=role,
        team=team,
        languages=spoken,
        password_hash=password_hash,
        created_at=now,
        password_changed_at=now,
    )
    session.add(user)
    await session.flush()
    return user


def check_team(team: str | None) -> None:
    """Refuse a team that ``backend/teams/teams.yaml`` does not define."""
    from backend.teams.rules import team_rules

    teams = team_rules().teams
    if team is not None and team not in teams:
        raise AccountError(f"team must be one of {', '.join(teams)}")


async def set_team(
    session: AsyncSession, *, username: str, team: str | None, now: datetime
) -> StaffUser:
    """Put a staff member in a team (None: no team), with an audit entry."""
    check_team(team)
    user = await session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        raise AccountError(f"no staff account {username!r}")
    previous, user.team = user.team, team
    session.add(
        AuditEntry(
            at=now,
            actor="system",
            action="user_team",
            target_kind="staff_user",
            target_id=str(user.id),
            detail={"previous": previous, "team": team},
        )
    )
    return user


async def reset_password(
    session: AsyncSession, *, username: str, password_hash: str, now: datetime
) -> StaffUser:
    """An operator's reset (``frontdesk staff passwd``): the new hash, the account unlocked,
    every session of the account ended, and an audit entry. Hash before the transaction."""
    user = await session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        raise AccountError(f"no staff account {username!r}")
    from backend.services.passwords import history_after_change  # it imports this module

    user.password_history = history_after_change(user.password_hash, user.password_history)
    user.password_hash, user.password_changed_at = password_hash, now
    user.failed_logins, user.locked_until = 0, None
    await session.execute(delete(StaffSession).where(StaffSession.staff_id == user.id))
    session.add(
        AuditEntry(
            at=now,
            actor="system",
            action="password_reset",
            target_kind="staff_user",
            target_id=str(user.id),
            detail={"by": "command line"},
        )
    )
    return user


async def all_staff(session: AsyncSession) -> list[StaffUser]:
    """Every staff account, oldest first."""
    return list(await session.scalars(select(StaffUser).order_by(StaffUser.id)))
