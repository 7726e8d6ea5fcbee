"""API errors: one JSON shape, ``{"error": {"code", "message"}}``, and never a bare 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("frontdesk.api")


class ApiError(Exception):
    """An error to show the API client, with an HTTP status and a stable code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    """The error JSON."""
    return {"error": {"code": code, "message": message, **extra}}


def install_error_handlers(app: FastAPI) -> None:
    """Translate every failure into a clear JSON error."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(
            exc.status_code, "http_error"
        )
        return JSONResponse(
            error_body(code, str(exc.detail)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse(
                error_body("invalid_json", "request body is not valid JSON"), status_code=400
            )
        fields = [".".join(str(p) for p in e.get("loc", ())[1:]) for e in errors]
        return JSONResponse(
            error_body("invalid", "invalid request", fields=fields), status_code=422
        )

    # The edge bounds every number and nesting depth (bot/bounds.py, bot/edge.py); these are
    # the safety net for a value that still slips past: the client's error, never a 500.
    @app.exception_handler(OverflowError)
    @app.exception_handler(RecursionError)
    async def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
        log.warning("value out of range on %s: %s", request.url.path, type(exc).__name__)
        return JSONResponse(
            error_body("invalid_value", "request contains a value out of range"), status_code=400
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(DBAPIError)
    # asyncpg raises these itself (not wrapped) when the server does not answer at all.
    @app.exception_handler(ConnectionError)
    @app.exception_handler(TimeoutError)
    async def _database_down(request: Request, exc: Exception) -> JSONResponse:
        if _bad_value(exc):
            return JSONResponse(
                error_body("invalid_value", "request contains a value that cannot be stored"),
                status_code=400,
            )
        log.warning("database unavailable: %s", type(exc).__name__)
        return JSONResponse(
            error_body("unavailable", "service busy, please retry shortly"),
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse(
            error_body("internal", "something went wrong; nothing was lost"), status_code=500
        )


def _bad_value(exc: Exception) -> bool:
    """SQLSTATE class 22 (data exception: a NUL byte, an over-long value): the input was bad,
    the database is fine, so it is the client's error, not a reason to retry."""
    if isinstance(exc, DataError):
        return True  # the driver refused the value itself (asyncpg: out of int64 range)
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return isinstance(code, str) and code.startswith("22")
