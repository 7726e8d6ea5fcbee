"""The FAQ follows edits to its files without a restart, off the turn path.

The console's editor reloads the index as soon as it saves (``bot/staff/faq_routes.py``);
this worker catches edits made any other way (a deploy, an editor on the server, another
worker's save) every ``FRONTDESK_FAQ_RELOAD_SECONDS``. The check and a rebuild run in a
thread, never inside a citizen's turn.
"""

from __future__ import annotations

import asyncio
import logging

from backend.container import Services

log = logging.getLogger("frontdesk.faq")


async def faq_reload_worker(services: Services) -> None:
    """Check the FAQ files now and then; rebuild the index when they changed."""
    reload = getattr(services.faq, "maybe_reload", None)
    if reload is None:  # a fake or no knowledge base: nothing on disk to follow
        return
    while True:
        await asyncio.sleep(services.settings.faq_reload_seconds)
        try:
            if await asyncio.to_thread(reload, force=True):
                log.info("FAQ reloaded from changed files")
        except Exception:
            log.exception("FAQ reload check failed; keeping the current index")
