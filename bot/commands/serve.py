"""``frontdesk serve``: the web chat, staff console, API, workers and Telegram."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``serve``."""
    parser = sub.add_parser("serve", help="serve the web chat, staff console and API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1, help="processes (PostgreSQL for >1)")
    parser.add_argument("--no-upgrade", action="store_true", help="skip `db upgrade` at start")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Migrate (unless told not to) and serve with uvicorn."""
    import uvicorn

    from backend.db.migrate import upgrade
    from backend.settings import get_settings

    settings = get_settings()
    if not args.no_upgrade:
        upgrade(settings.effective_database_url)
    uvicorn.run(
        "bot.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        # Longer than a reverse proxy's idle upstream keep-alive (nginx: 60 s), so the server
        # never closes a connection the proxy is about to reuse (the client sees a reset).
        timeout_keep_alive=75,
        log_level="warning",
        access_log=False,
    )  # access logs would carry session ids in paths; ours don't
    return 0
