"""How a stored file is handed to staff: named and typed by what it *is*, never by its name.

A citizen's ``invoice.html`` that is really a PNG downloads as ``invoice.png`` typed
``image/png``; nothing is ever shown inline by the browser (``Content-Disposition:
attachment``, with ``nosniff`` beside it), so a file cannot run in the console's origin.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote

EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "audio/ogg": ".ogg",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/amr": ".amr",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "video/mp4": ".mp4",
}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\\"';:*?<>|]+")


def download_name(name: str, mime: str) -> str:
    """The citizen's file name (its stem, cleaned) with the extension of the detected type."""
    stem = _UNSAFE.sub("_", PurePosixPath(name.replace("\\", "/")).stem).strip(" ._")[:80]
    return (stem or "file") + EXTENSIONS.get(mime, ".bin")


def download_disposition(name: str, mime: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    safe = download_name(name, mime)
    fallback = "file" + EXTENSIONS.get(mime, ".bin")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe)}"
