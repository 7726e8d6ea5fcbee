"""``/api/staff`` sign-in: login, logout, who am I, password change, languages spoken."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Request, Response
from pydantic import BaseModel, Field

from backend.staff import auth, users
from backend.staff.auth import StaffIdentity
from bot.deps import (
    COOKIE,
    ServicesDep,
    clear_session_cookie,
    set_session_cookie,
    staff,
    staff_router,
)
from bot.staff.schemas import Ok, SignedIn

router = staff_router(prefix="/api/staff")
Signed = Annotated[StaffIdentity, Depends(staff())]


class Credentials(BaseModel):
    """Username and password."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class LanguagesChange(BaseModel):
    """The languages the signed-in staff member speaks with citizens (zh, bo, en)."""

    languages: list[Literal["zh", "bo", "en"]] = Field(min_length=1, max_length=3)


class PasswordChange(BaseModel):
    """The current password and the new one (at least 10 characters)."""

    current: str = Field(max_length=256)
    new: str = Field(max_length=256)


def me_view(user: Any, csrf_token: str) -> dict[str, Any]:
    """The signed-in user and the CSRF token the page sends back on every change."""
    return {
        "user": {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
            "team": user.team,
            "languages": [code for code in (user.languages or "zh").split(",") if code],
        },
        "csrf_token": csrf_token,
    }


@router.post("/login", response_model=SignedIn)
async def login(
    body: Credentials, request: Request, response: Response, services: ServicesDep
) -> dict[str, Any]:
    """Sign in; a new session token every time (the old cookie's session ends)."""
    result = await auth.login(
        services.db,
        body.username,
        body.password,
        address=request.client.host if request.client else "unknown",
        now=services.clock.now(),
        old=request.cookies.get(COOKIE),
    )
    set_session_cookie(response, services, result.token)
    return me_view(result.user, result.csrf_token)


@router.post("/logout", response_model=Ok)
async def logout(identity: Signed, response: Response, services: ServicesDep) -> dict[str, bool]:
    """End this session."""
    await auth.logout(services.db, identity, now=services.clock.now())
    clear_session_cookie(response, services)
    return {"ok": True}


@router.get("/me", response_model=SignedIn)
async def me(identity: Signed) -> dict[str, Any]:
    """The signed-in user (same shape as login)."""
    return me_view(identity.user, identity.session.csrf_token)


@router.post("/password", response_model=Ok)
async def change_password(
    body: PasswordChange, identity: Signed, services: ServicesDep
) -> dict[str, bool]:
    """Change the password; every other session of this user ends."""
    await auth.change_password(
        services.db, identity, body.current, body.new, now=services.clock.now()
    )
    return {"ok": True}


@router.patch("/me/languages", response_model=SignedIn)
async def my_languages(
    body: LanguagesChange, identity: Signed, services: ServicesDep
) -> dict[str, Any]:
    """Set the languages the signed-in user speaks (who can take items tagged 需藏汉双语)."""
    view = await users.update_user(
        services, identity.user, identity.user.id, languages=list(body.languages)
    )
    identity.user.languages = ",".join(view["languages"])
    return me_view(identity.user, identity.session.csrf_token)
