"""The routes' dependencies, declared once: the process's services, and for the staff API the
route class that translates errors and the session guard.

``ServicesDep`` gives a route the typed ``Services`` built by the app's lifespan. Every staff
route declares the action it performs: ``user: Annotated[StaffIdentity,
Depends(staff("item.reply"))]``. The guard reads the ``fd_staff`` cookie, checks the session
(401), the ``X-CSRF-Token`` header on every request that changes something (403 ``csrf``) and
the role against ``backend.staff.permissions`` (403 ``forbidden``). Routers built with
``staff_router()`` answer any ``StaffError`` with the JSON error shape.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from backend.container import Services
from backend.staff import auth
from backend.staff.auth import StaffIdentity
from backend.staff.errors import (
    Conflict,
    Forbidden,
    Invalid,
    Locked,
    NotAuthenticated,
    NotFound,
    StaffError,
)
from backend.staff.permissions import require
from bot.errors import error_body

__all__ = [
    "COOKIE",
    "ServicesDep",
    "StaffIdentity",
    "StaffRoute",
    "clear_session_cookie",
    "error_response",
    "get_services",
    "set_session_cookie",
    "staff",
    "staff_router",
]
COOKIE = "fd_staff"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STATUS: dict[type[StaffError], int] = {
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    Locked: 429,
}


def error_response(exc: StaffError) -> JSONResponse:
    """The JSON error for a refused staff action (with Retry-After when locked)."""
    status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Locked) else None
    return JSONResponse(error_body(exc.code, exc.message), status_code=status, headers=headers)


class StaffRoute(APIRoute):
    """A route whose ``StaffError`` (from a guard or a service) becomes a JSON error."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap the handler FastAPI built."""
        handle = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handle(request)
            except StaffError as exc:
                return error_response(exc)

        return guarded


def staff_router(**options: Any) -> APIRouter:
    """An ``APIRouter`` for staff endpoints (errors translated, tagged ``staff``)."""
    options.setdefault("tags", ["staff"])
    return APIRouter(route_class=StaffRoute, **options)


async def get_services(request: Request) -> Services:
    """The process's services (built by the app's lifespan)."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def staff(action: str | None = None) -> Callable[..., Awaitable[StaffIdentity]]:
    """A dependency: the signed-in user, allowed to do ``action`` (any signed-in user if None)."""

    async def guard(
        request: Request,
        services: ServicesDep,
        x_csrf_token: Annotated[str | None, Header()] = None,
    ) -> StaffIdentity:
        identity = await auth.authenticate(
            services.db, request.cookies.get(COOKIE), now=services.clock.now()
        )
        if request.method not in SAFE_METHODS:
            auth.check_csrf(identity, x_csrf_token)
        if action is not None:
            require(identity.user.role, action)
        return identity

    return guard


def cookie_secure(services: Services) -> bool:
    """Secure cookies unless configured otherwise (plain http is only for development/tests)."""
    configured = services.settings.cookie_secure
    if configured is not None:
        return configured
    return services.settings.env == "production"


def set_session_cookie(response: Response, services: Services, token: str) -> None:
    """Set the session cookie: HttpOnly, SameSite=Strict, Secure in production, no max-age."""
    response.set_cookie(
        COOKIE, token, httponly=True, samesite="strict", secure=cookie_secure(services), path="/"
    )


def clear_session_cookie(response: Response, services: Services) -> None:
    """Remove the session cookie."""
    response.delete_cookie(
        COOKIE, httponly=True, samesite="strict", secure=cookie_secure(services), path="/"
    )
