"""Staff accounts in the console (admins): list, create with a role, change or deactivate."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select

from backend.container import Services
from backend.db.models import Matter, StaffSession, StaffUser
from backend.services.accounts import (
    ROLES,
    AccountError,
    add_staff,
    check_team,
    spoken_languages,
)
from backend.services.passwords import WeakPassword, new_password_hash
from backend.staff import audit
from backend.staff.errors import Conflict, Invalid, NotFound


def user_view(user: StaffUser) -> dict[str, Any]:
    """A staff account as the console shows it (never the hash)."""
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "team": user.team,
        "languages": [code for code in (user.languages or "zh").split(",") if code],
        "active": user.active,
        "locked": user.locked_until is not None,
        "created_at": user.created_at.isoformat(),
    }


async def list_users(services: Services) -> list[dict[str, Any]]:
    """Every account, oldest first."""
    async with services.db.reader() as session:
        users = await session.scalars(select(StaffUser).order_by(StaffUser.id))
        return [user_view(u) for u in users]


async def assignees(services: Services) -> list[dict[str, Any]]:
    """Active colleagues an item can be given to, with how many open items each holds.

    What a supervisor needs to assign (names and workload), without the account details
    only admins manage.
    """
    async with services.db.reader() as session:
        held = dict(
            (
                await session.execute(
                    select(Matter.assignee_id, func.count())
                    .where(Matter.open.is_(True), Matter.assignee_id.is_not(None))
                    .group_by(Matter.assignee_id)
                )
            ).all()
        )
        users = await session.scalars(
            select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.display_name)
        )
        return [
            {
                "id": u.id,
                "display_name": u.display_name,
                "role": u.role,
                "languages": [code for code in (u.languages or "zh").split(",") if code],
                "open": held.get(u.id, 0),
            }
            for u in users
        ]


async def create_user(
    services: Services,
    admin: StaffUser,
    *,
    username: str,
    role: str,
    password: str,
    display_name: str | None,
    languages: list[str] | None = None,
) -> dict[str, Any]:
    """Create an account (argon2id hash); duplicates and weak passwords are refused."""
    now = services.clock.now()
    try:  # the policy and the hash run in a thread, before the transaction opens
        password_hash = await new_password_hash(
            password, user_inputs=[username, display_name or ""]
        )
    except WeakPassword as weak:
        raise Invalid(weak.code, weak.message) from None
    try:
        async with services.db.transaction() as session:
            user = await add_staff(
                session,
                username=username,
                role=role,
                password_hash=password_hash,
                display_name=display_name,
                now=now,
                languages=",".join(languages or ["zh"]),
            )
            await audit.record(
                session, admin, "user_created", "staff_user", user.id, at=now, role=role
            )
    except AccountError as exc:
        exists = "already exists" in str(exc)
        raise (Conflict("exists", str(exc)) if exists else Invalid("invalid", str(exc))) from None
    return user_view(user)


async def update_user(
    services: Services,
    admin: StaffUser,
    user_id: int,
    *,
    active: bool | None = None,
    role: str | None = None,
    display_name: str | None = None,
    team: str | None = None,
    languages: list[str] | None = None,
) -> dict[str, Any]:
    """Change an account (``team=""``: out of any team); deactivating ends its sessions."""
    if role is not None and role not in ROLES:
        raise Invalid("invalid", f"role must be one of {', '.join(ROLES)}")
    if team:
        try:
            check_team(team)
        except AccountError as exc:
            raise Invalid("invalid", str(exc)) from None
    try:
        spoken = spoken_languages(languages) if languages is not None else None
    except AccountError as exc:
        raise Invalid("invalid", str(exc)) from None
    if user_id == admin.id and (active is False or (role is not None and role != "admin")):
        raise Conflict("self_lockout", "you cannot deactivate or demote your own account")
    now = services.clock.now()
    async with services.db.transaction() as session:
        user = await session.get(StaffUser, user_id)
        if user is None:
            raise NotFound("not_found", f"no staff account {user_id}")
        pairs = (("active", active), ("role", role), ("team", team), ("languages", spoken))
        changed: dict[str, bool | str | None] = {k: v for k, v in pairs if v is not None}
        if team == "":
            changed["team"] = None
        for key, value in changed.items():
            setattr(user, key, value)
        if display_name:
            user.display_name = display_name.strip()[:64]
        if active is False:
            await session.execute(delete(StaffSession).where(StaffSession.staff_id == user.id))
        fields = sorted([*changed, *(["display_name"] if display_name else [])])
        await audit.record(
            session, admin, "user_updated", "staff_user", user.id, at=now, fields=fields
        )
    return user_view(user)
