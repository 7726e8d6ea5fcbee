"""The ASGI application: web chat, its API, and (as they arrive) the staff console and Telegram.

``create_app()`` is the factory uvicorn calls; nothing is built at import time. The lifespan
builds the services once per worker and starts the background workers.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from backend.settings import Settings, get_settings
from backend.wiring import Services, build_services
from bot import workers
from bot.errors import install_error_handlers
from bot.logging_setup import configure_logging
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
    app.include_router(webchat_router)
    _install_pages(app)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "Content-Security-Policy" and request.url.path.startswith("/docs"):
                continue  # Swagger UI needs its CDN scripts; the API itself is unaffected
            response.headers.setdefault(name, value)
        return response

    return app


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
