"""A push service and an SMS gateway on loopback, recording what they receive.

``FakePushService`` stands in for a browser vendor's push service (RFC 8030): it keeps each
POST to ``/push/<id>`` with its headers and encrypted body and answers 201, or 410 for an
id marked gone. ``Browser`` is the other end of a subscription: a P-256 key pair and an auth
secret, so a test decrypts the payload (RFC 8291, aes128gcm) exactly as a browser would.
``FakeSmsGateway`` speaks the JSON interface of ``backend/notices/sms.py``.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from typing import Any

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI, Request, Response


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass
class Browser:
    """A browser's push keys: what ``PushSubscription.toJSON()`` would carry."""

    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def subscription(self, endpoint: str) -> dict[str, Any]:
        """The subscription JSON the page posts."""
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": endpoint, "keys": {"p256dh": _b64(public), "auth": _b64(self.auth)}}

    def read(self, body: bytes) -> dict[str, Any]:
        """Decrypt a push message's body."""
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return dict(json.loads(plain))


@dataclass
class FakePushService:
    """Received pushes by subscription id; ids in ``gone`` answer 410."""

    received: dict[str, list[tuple[dict[str, str], bytes]]] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)

    def app(self) -> FastAPI:
        """The ASGI app to serve on loopback."""
        app = FastAPI()

        @app.post("/push/{subscription_id}")
        async def push(subscription_id: str, request: Request) -> Response:
            if subscription_id in self.gone:
                return Response(status_code=410)
            entry = (dict(request.headers), await request.body())
            self.received.setdefault(subscription_id, []).append(entry)
            return Response(status_code=201)

        return app


@dataclass
class FakeSmsGateway:
    """Received SMS requests, in order."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    token: str = "gateway-token"

    def app(self) -> FastAPI:
        """The ASGI app to serve on loopback."""
        app = FastAPI()

        @app.post("/sms")
        async def sms(request: Request) -> Response:
            if request.headers.get("authorization") != f"Bearer {self.token}":
                return Response(status_code=401)
            self.sent.append(await request.json())
            return Response(content='{"ok": true}', media_type="application/json")

        return app
