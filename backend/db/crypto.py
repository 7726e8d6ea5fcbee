"""Field encryption at rest: AES-256-GCM with key rotation, and a keyed hash for look-ups.

Ciphertext format: ``v1:<key id>:<base64(nonce + ciphertext + tag)>``. The key id is a short
fingerprint of the key, so old rows stay readable after a new key is put first in
``FRONTDESK_DATA_KEY``. Phone numbers are also stored as an HMAC so we can find a person's
matters without decrypting everybody's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class DecryptionError(Exception):
    """Ciphertext could not be decrypted with any configured key."""


class FieldCipher:
    """Encrypts and decrypts text fields; the first key encrypts, every key decrypts."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys or any(len(k) != 32 for k in keys):
            raise ValueError("data keys must be 32 bytes each")
        self._keys = {self._key_id(k): AESGCM(k) for k in keys}
        self._current = self._key_id(keys[0])
        self._lookup_key = hashlib.sha256(b"frontdesk-lookup:" + keys[-1]).digest()

    @staticmethod
    def _key_id(key: bytes) -> str:
        return hashlib.sha256(key).hexdigest()[:8]

    def encrypt(self, plain: str) -> str:
        """Encrypt ``plain`` with the current key."""
        nonce = os.urandom(12)
        sealed = self._keys[self._current].encrypt(nonce, plain.encode(), None)
        return f"v1:{self._current}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str) -> str:
        """Decrypt a value made by ``encrypt`` with any configured key."""
        try:
            _, key_id, body = token.split(":", 2)
            raw = base64.b64decode(body)
            return self._keys[key_id].decrypt(raw[:12], raw[12:], None).decode()
        except Exception as exc:
            raise DecryptionError("cannot decrypt field") from exc

    def encrypt_bytes(self, plain: bytes) -> bytes:
        """Encrypt file content with the current key (key id + nonce prefixed)."""
        nonce = os.urandom(12)
        return (
            self._current.encode() + nonce + self._keys[self._current].encrypt(nonce, plain, None)
        )

    def decrypt_bytes(self, sealed: bytes) -> bytes:
        """Decrypt file content made by ``encrypt_bytes``."""
        try:
            key_id, nonce, body = sealed[:8].decode(), sealed[8:20], sealed[20:]
            return self._keys[key_id].decrypt(nonce, body, None)
        except Exception as exc:
            raise DecryptionError("cannot decrypt file") from exc

    def encrypt_json(self, value: Any) -> str:
        """Encrypt a JSON-serialisable value."""
        return self.encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def decrypt_json(self, token: str) -> Any:
        """Decrypt a value made by ``encrypt_json``."""
        return json.loads(self.decrypt(token))

    def needs_rotation(self, token: str) -> bool:
        """True when ``token`` was sealed with an older key."""
        return token.split(":", 2)[1] != self._current

    def bytes_need_rotation(self, sealed: bytes) -> bool:
        """True when file content from ``encrypt_bytes`` was sealed with an older key."""
        return sealed[:8] != self._current.encode()

    def lookup_hash(self, value: str) -> str:
        """A keyed hash for equality look-ups (phone numbers) without decryption."""
        return hmac.new(self._lookup_key, value.encode(), hashlib.sha256).hexdigest()


_active: FieldCipher | None = None


def install_cipher(cipher: FieldCipher) -> None:
    """Make ``cipher`` the one the encrypted column types use (called when wiring a process)."""
    global _active
    _active = cipher


def active_cipher() -> FieldCipher:
    """The installed cipher; wiring must have called ``install_cipher``."""
    if _active is None:
        raise RuntimeError("no field cipher installed; build the Database first")
    return _active
