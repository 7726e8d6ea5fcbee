"""The ASGI application: web chat, its API, and (as they arrive) the staff console and Telegram.

``create_app()`` is the factory uvicorn calls; nothing is built at import time. The lifespan
builds the services once per worker and starts the background workers.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.container import Services
from backend.settings import Settings, get_settings
from backend.wiring import build_services
from bot import workers
from bot.errors import install_error_handlers
from bot.logging_setup import configure_logging
from bot.ops_routes import router as ops_router
from bot.ratelimits import install_rate_limits
from bot.staff import dashboard_routes as staff_dashboard
from bot.staff import faq_routes as staff_faq
from bot.staff import pages as staff_pages
from bot.staff.api import router as staff_api_router
from bot.telegram.routes import router as telegram_router
from bot.webchat.letter import router as webchat_letter_router
from bot.webchat.routes import router as webchat_router

STATIC = Path(__file__).parent / "webchat" / "static"
log = logging.getLogger("frontdesk.app")

# A strict policy: our own scripts and styles only, nothing inline, no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# As the ASGI server wants them, encoded once (not per response).
_RAW_SECURITY_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """Build the application; tests pass their own settings or ready-made services."""
    settings = settings or (services.settings if services else get_settings())
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = services or build_services(settings)
        running = await workers.start(app.state.services) if settings.workers_enabled else []
        try:
            yield
        finally:
            await workers.stop(running)
            if services is None:
                await app.state.services.db.dispose()

    app = FastAPI(
        title="Frontdesk 检察服务前台",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    install_error_handlers(app)
    install_rate_limits(app, settings, services.rate_limiter if services else None)
    app.include_router(webchat_router)
    app.include_router(webchat_letter_router)
    app.include_router(telegram_router)
    app.include_router(staff_pages.router)
    app.include_router(staff_api_router)
    app.include_router(staff_dashboard.router)
    app.include_router(staff_faq.router)
    app.include_router(ops_router)
    _install_pages(app)

    app.add_middleware(SecurityHeaders)
    return app


class SecurityHeaders:
    """Add the security headers to every response (plain ASGI: no buffering of streams)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith("/docs")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                for name, value in _RAW_SECURITY_HEADERS:
                    if name == b"content-security-policy" and docs:
                        continue  # Swagger UI needs its CDN scripts; the API is unaffected
                    if name not in present:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _install_pages(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/healthz", tags=["ops"])
    async def health(request: Request) -> JSONResponse:
        """Liveness and database reachability."""
        from sqlalchemy import text

        services: Services = request.app.state.services
        async with services.db.reader() as session:
            await session.execute(text("SELECT 1"))
        return JSONResponse({"status": "ok"})
