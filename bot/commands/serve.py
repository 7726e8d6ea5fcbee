"""``frontdesk serve``: the web chat, staff console, API, workers and Telegram.

Once the server answers ``/healthz`` it prints where the web chat and the staff console are.
"""

from __future__ import annotations

import argparse
import threading
import time
import urllib.request

ALL_INTERFACES = ("0.0.0.0", "::", "")


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
    announce_when_ready(args.host, args.port)
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


def base_url(host: str, port: int) -> str:
    """Where a browser on this machine reaches the server."""
    shown = "127.0.0.1" if host in ALL_INTERFACES else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}"


def ready_message(host: str, port: int) -> str:
    """The lines printed once the server answers."""
    base = base_url(host, port)
    where = "  (listening on all interfaces)\n" if host in ALL_INTERFACES else ""
    return f"Frontdesk is ready.\n  web chat       {base}/\n  staff console  {base}/staff\n{where}"


def announce_when_ready(host: str, port: int, timeout: float = 300.0) -> threading.Thread:
    """Print the addresses once ``/healthz`` answers (a daemon thread beside uvicorn)."""
    probe = f"{base_url(host, port)}/healthz"

    def wait() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        print(ready_message(host, port), flush=True)
                        return
            except OSError:
                pass
            time.sleep(0.2)

    thread = threading.Thread(target=wait, name="frontdesk-ready", daemon=True)
    thread.start()
    return thread
