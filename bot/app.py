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

from backend.container import Services
from backend.settings import Settings, get_settings
from backend.wiring import build_services
from bot import workers
from bot.edge import BodyLimit, SecurityHeaders
from bot.errors import install_error_handlers
from bot.logging_setup import configure_logging
from bot.ops_routes import router as ops_router
from bot.ratelimits import install_rate_limits
from bot.staff import dashboard_routes as staff_dashboard
from bot.staff import faq_routes as staff_faq
from bot.staff import pages as staff_pages
from bot.staff.api import router as staff_api_router
from bot.staff.appointment_routes import router as staff_calendar_router
from bot.telegram.routes import router as telegram_router
from bot.webchat.letter import router as webchat_letter_router
from bot.webchat.notice_routes import router as webchat_notice_router
from bot.webchat.routes import router as webchat_router

STATIC = Path(__file__).parent / "webchat" / "static"
log = logging.getLogger("frontdesk.app")


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
        docs_url="/docs" if settings.api_docs_enabled else None,
        openapi_url="/openapi.json" if settings.api_docs_enabled else None,
        redoc_url=None,
    )
    install_error_handlers(app)
    install_rate_limits(app, settings, services.rate_limiter if services else None)
    app.include_router(webchat_router)
    app.include_router(webchat_letter_router)
    app.include_router(webchat_notice_router)
    app.include_router(telegram_router)
    app.include_router(staff_pages.router)
    app.include_router(staff_api_router)
    app.include_router(staff_calendar_router)
    app.include_router(staff_dashboard.router)
    app.include_router(staff_faq.router)
    app.include_router(ops_router)
    _install_pages(app)

    app.add_middleware(
        BodyLimit, default=settings.max_body_bytes, upload=settings.max_attachment_bytes
    )
    app.add_middleware(SecurityHeaders, production=settings.env == "production")
    return app


def _install_pages(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/sw.js", include_in_schema=False)
    async def service_worker() -> FileResponse:
        # Served from the root so it may show notifications for the whole page (scope "/").
        return FileResponse(
            STATIC / "sw.js", media_type="text/javascript", headers={"Cache-Control": "no-cache"}
        )

    @app.get("/healthz", tags=["ops"])
    async def health(request: Request) -> JSONResponse:
        """Liveness and database reachability."""
        from sqlalchemy import text

        services: Services = request.app.state.services
        async with services.db.reader() as session:
            await session.execute(text("SELECT 1"))
        return JSONResponse({"status": "ok"})
