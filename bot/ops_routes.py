"""``GET /metrics``: the Prometheus text exposition (see ``backend.metrics`` and docs/deploy.md).

Open by default, like ``/healthz``, for a scraper on the private network; with
``FRONTDESK_METRICS_TOKEN`` set it asks for ``Authorization: Bearer <token>``. The figures are
counts by channel, kind and decision: nothing about a person.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import Response

from backend.metrics import CONTENT_TYPE
from backend.staff.common import window
from bot.deps import ServicesDep
from bot.errors import ApiError

router = APIRouter(tags=["ops"])


@router.get("/metrics", response_class=Response)
async def metrics(
    services: ServicesDep, authorization: Annotated[str | None, Header()] = None
) -> Response:
    """Turns, latency, queue, outbox lag, reminders and FAQ decisions, for Prometheus."""
    expected = services.settings.metrics_token
    if expected and not hmac.compare_digest(
        (authorization or "").encode(), f"Bearer {expected}".encode()
    ):
        raise ApiError(401, "unauthorized", "metrics need the bearer token")
    due = window(services)
    await services.metrics.refresh(services.db, services.clock.now(), due.today, due.soon_until)
    return Response(services.metrics.exposition(), media_type=CONTENT_TYPE)
