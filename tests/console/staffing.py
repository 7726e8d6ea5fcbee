"""Test helpers: staff accounts and signed-in HTTP clients for the console's routes."""

from __future__ import annotations

import httpx

from backend.container import Services
from backend.services.accounts import add_staff
from backend.staff import auth

PASSWORD = "correct horse battery"


async def make_staff(services: Services, username: str, role: str) -> int:
    """Create an account; returns its id."""
    async with services.db.transaction() as session:
        user = await add_staff(
            session,
            username=username,
            role=role,
            password=PASSWORD,
            display_name=f"{username} 同志",
            now=services.clock.now(),
        )
        return user.id


async def sign_in(services: Services, client: httpx.AsyncClient, username: str) -> dict[str, str]:
    """Open a session for ``username`` on ``client``; returns the CSRF header for mutations."""
    result = await auth.login(
        services.db, username, PASSWORD, address="127.0.0.1", now=services.clock.now(), old=None
    )
    client.cookies.set("fd_staff", result.token)
    return {"X-CSRF-Token": result.csrf_token}
