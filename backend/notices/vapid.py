"""VAPID keys for Web Push (RFC 8292): from ``FRONTDESK_VAPID_PRIVATE_KEY``, or a key file.

The private key signs each push request; the public key is the page's
``applicationServerKey``. Without the setting a P-256 key is made once and kept in
``<data dir>/vapid_private.pem`` (development and single-machine installs); several machines
must share one key, so set the variable there (``vapid --gen`` makes one).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02

KEY_FILE = "vapid_private.pem"


@dataclass(frozen=True)
class VapidKeys:
    """The signing key (RFC 8292: "vapid t=…, k=…") and the public key the browser uses."""

    signer: Vapid02
    subject: str

    @property
    def application_server_key(self) -> str:
        """The public key as base64url of the uncompressed point (the browser's format)."""
        raw = self.signer.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@lru_cache(maxsize=4)
def vapid_keys(private_key: str, data_dir: Path, subject: str) -> VapidKeys:
    """The keys from the setting, else from (or into) the data directory's key file."""
    if private_key.strip():
        text = private_key.strip()
        signer = Vapid02.from_pem(text.encode()) if "BEGIN" in text else Vapid02.from_string(text)
        return VapidKeys(signer, subject)
    path = data_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = Vapid02()
        fresh.generate_keys()
        path.write_bytes(fresh.private_pem())
        path.chmod(0o600)
    return VapidKeys(Vapid02.from_pem(path.read_bytes()), subject)
