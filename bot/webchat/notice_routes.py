"""Web chat notices: the VAPID key, push subscriptions and SMS consent (bearer token).

The page asks for these only after the citizen filed something, on a tap; see
``backend/notices``. ``GET /api/webchat/notices`` says what this deployment offers.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from pydantic import BaseModel, Field

from backend.notices import subscriptions
from backend.notices.workers import keys_for
from bot.deps import ServicesDep
from bot.errors import ApiError
from bot.webchat.routes import _authorised, _bearer

router = APIRouter(prefix="/api/webchat", tags=["web chat"])


class NoticeOptions(BaseModel):
    """What the page may offer: Web Push (with the key to subscribe with) and SMS."""

    push_key: str
    sms: bool


class PushKeys(BaseModel):
    """The subscription's keys, as ``PushSubscription.toJSON()`` gives them."""

    p256dh: str = Field(min_length=16, max_length=200)
    auth: str = Field(min_length=8, max_length=100)


class PushSubscriptionCreate(BaseModel):
    """A browser's push subscription."""

    endpoint: str = Field(min_length=10, max_length=2000, pattern=r"^https?://")
    keys: PushKeys


class PushSubscriptionDelete(BaseModel):
    """The endpoint to forget."""

    endpoint: str = Field(min_length=10, max_length=2000)


class SmsConsentPublic(BaseModel):
    """The consent is recorded for the phone ending in these digits."""

    phone_last4: str


@router.get("/notices")
async def notice_options(services: ServicesDep) -> NoticeOptions:
    """The VAPID public key (``applicationServerKey``) and whether SMS is offered."""
    key = keys_for(services).application_server_key
    return NoticeOptions(push_key=key, sms=bool(services.settings.sms_gateway_url))


@router.post("/sessions/{session_id}/push-subscriptions", status_code=201)
async def add_push_subscription(
    session_id: str,
    body: PushSubscriptionCreate,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, bool]:
    """Keep this browser's subscription for the conversation."""
    await _authorised(services, session_id, _bearer(authorization))
    subscription = {"endpoint": body.endpoint, "keys": body.keys.model_dump()}
    await subscriptions.subscribe(services.db, session_id, subscription, services.clock.now())
    return {"subscribed": True}


@router.post("/sessions/{session_id}/push-subscriptions/delete")
async def delete_push_subscription(
    session_id: str,
    body: PushSubscriptionDelete,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, bool]:
    """Forget this browser's subscription."""
    await _authorised(services, session_id, _bearer(authorization))
    await subscriptions.unsubscribe(services.db, session_id, body.endpoint)
    return {"subscribed": False}


@router.post("/sessions/{session_id}/sms-consent", status_code=201)
async def consent_to_sms(
    session_id: str,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> SmsConsentPublic:
    """SMS notices to the phone left with the latest matter here (409 when none was left)."""
    await _authorised(services, session_id, _bearer(authorization))
    if not services.settings.sms_gateway_url:
        raise ApiError(404, "not_offered", "SMS notices are not offered here")
    try:
        last4 = await subscriptions.consent_to_sms(services.db, session_id, services.clock.now())
    except subscriptions.NoPhone:
        raise ApiError(409, "no_phone", "no phone number was left in this conversation") from None
    return SmsConsentPublic(phone_last4=last4)


@router.post("/sessions/{session_id}/sms-consent/delete")
async def withdraw_sms(
    session_id: str,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, bool]:
    """No more SMS notices."""
    await _authorised(services, session_id, _bearer(authorization))
    await subscriptions.withdraw_sms(services.db, session_id)
    return {"sms": False}
