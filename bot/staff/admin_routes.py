"""``/api/staff`` governance: the audit log (supervisors, admins) and staff accounts (admins)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from backend.staff import audit, users
from backend.staff.auth import StaffIdentity
from bot.bounds import PathId, SaneDateTime
from bot.deps import ServicesDep, staff, staff_router
from bot.staff.schemas import AuditPage, UserPublic, UsersPublic

router = staff_router(prefix="/api/staff")
Auditor = Annotated[StaffIdentity, Depends(staff("audit.read"))]
Admin = Annotated[StaffIdentity, Depends(staff("users.manage"))]
Role = Literal["staff", "supervisor", "admin"]
Spoken = Literal["zh", "bo", "en"]  # backend.services.accounts.SPOKEN


def _chinese() -> list[Spoken]:
    return ["zh"]


class UserCreate(BaseModel):
    """A new account: username, role, password (at least 10 characters), display name."""

    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    role: Role = "staff"
    password: str = Field(min_length=1, max_length=256)
    display_name: str | None = Field(None, max_length=64)
    languages: list[Spoken] = Field(default_factory=_chinese, min_length=1, max_length=3)


class UserUpdate(BaseModel):
    """Changes to an account; ``active: false`` deactivates it; ``languages`` it speaks."""

    active: bool | None = None
    role: Role | None = None
    display_name: str | None = Field(None, max_length=64)
    team: str | None = Field(None, max_length=24)  # "" takes the account out of any team
    languages: list[Spoken] | None = Field(None, min_length=1, max_length=3)


@router.get("/audit", response_model=AuditPage)
async def audit_log(
    identity: Auditor,
    services: ServicesDep,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=48)] = None,
    since: SaneDateTime | None = None,
    until: SaneDateTime | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> dict[str, Any]:
    """The audit log, newest first, filtered by actor, action and time."""
    query = audit.AuditQuery(actor, action, since, until, page)
    async with services.db.reader() as session:
        return await audit.search(session, query)


@router.get("/users", response_model=UsersPublic)
async def list_users(identity: Admin, services: ServicesDep) -> dict[str, Any]:
    """Every staff account."""
    return {"users": await users.list_users(services)}


@router.post("/users", status_code=201, response_model=UserPublic)
async def create_user(body: UserCreate, identity: Admin, services: ServicesDep) -> dict[str, Any]:
    """Create an account with a role."""
    return await users.create_user(
        services,
        identity.user,
        username=body.username,
        role=body.role,
        password=body.password,
        display_name=body.display_name,
        languages=list(body.languages),
    )


@router.patch("/users/{user_id}", response_model=UserPublic)
async def update_user(
    user_id: PathId, body: UserUpdate, identity: Admin, services: ServicesDep
) -> dict[str, Any]:
    """Change or deactivate an account (its sessions end at once)."""
    return await users.update_user(
        services,
        identity.user,
        user_id,
        active=body.active,
        role=body.role,
        display_name=body.display_name,
        team=body.team,
        languages=list(body.languages) if body.languages is not None else None,
    )
