"""The staff JSON API in one router: sign-in, queue and items, live handoff, governance."""

from __future__ import annotations

from fastapi import APIRouter

from bot.staff import admin_routes, auth_routes, casework_routes, item_routes, live_routes

router = APIRouter()
for part in (auth_routes, item_routes, live_routes, casework_routes, admin_routes):
    router.include_router(part.router)
