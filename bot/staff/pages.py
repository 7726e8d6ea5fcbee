"""The staff console's pages: ``/staff`` (the console), ``/staff/login``, their static files
and the console's labels from the catalog.

No build step: plain HTML, one script and one stylesheet, all served from ``static/`` under
the app's strict CSP (nothing inline). Static files are served by name from a fixed list, so
a request can never reach outside the directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from bot.errors import ApiError
from dialogs.catalog import default_catalog
from dialogs.types import Lang

STATIC = Path(__file__).parent / "static"
NO_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter(tags=["staff console"])


@cache
def _files() -> frozenset[str]:
    return frozenset(path.name for path in STATIC.iterdir() if path.is_file())


@router.get("/staff", include_in_schema=False)
async def console_page() -> FileResponse:
    """The console (it sends the browser to the login page when there is no session)."""
    return FileResponse(STATIC / "index.html", headers=NO_CACHE)


@router.get("/staff/login", include_in_schema=False)
async def login_page() -> FileResponse:
    """The sign-in form."""
    return FileResponse(STATIC / "login.html", headers=NO_CACHE)


@router.get("/staff/static/{name}", include_in_schema=False)
async def static_file(name: str) -> FileResponse:
    """The console's script, stylesheet and pages."""
    if name not in _files():
        raise ApiError(404, "not_found", "no such file")
    return FileResponse(STATIC / name, headers=NO_CACHE)


@router.get("/api/staff/console/ui/{lang}", tags=["staff console"])
async def console_labels(lang: Lang) -> dict[str, str]:
    """The console's labels in ``lang`` (keys without the ``console.`` prefix)."""
    messages = default_catalog().table(lang)
    return {k.removeprefix("console."): v for k, v in messages.items() if k.startswith("console.")}
