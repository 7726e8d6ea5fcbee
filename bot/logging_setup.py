"""Structured logs: one JSON object a line, carrying ids, never a citizen's words or numbers.

Code logs ids only. A logged exception keeps its traceback (frames and exception types; not
the exceptions' messages, which can carry what a citizen typed). ``RedactingFilter`` is the
last line of defence: it masks phone, ID and bank-card numbers and e-mail addresses in every
record, drops the values of ``extra`` keys that name personal fields, and blanks ``?token=``
query values (the web chat's event stream carries its bearer token there) in uvicorn's
records too.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import Any, TextIO

from backend.privacy_masks import mask_text

# Attributes every LogRecord has; anything else passed via ``extra`` is an id worth keeping.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """Format records as JSON with their ``extra`` ids."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info and record.exc_info[1] is not None:
            entry["error"] = type(record.exc_info[1]).__name__
            entry["traceback"] = redacted_traceback(record.exc_info[1])
        return json.dumps(entry, ensure_ascii=False, default=str)


def redacted_traceback(error: BaseException) -> str:
    """The traceback of ``error`` and its causes: every frame, each exception's type — and no
    exception messages, which can echo what a citizen typed (a validation error's input, the
    parameters of a failed SQL statement). Whatever remains is masked like any log text."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    parts = []
    for exc in reversed(chain):
        frames = "".join(traceback.format_tb(exc.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{_qualified(exc)}\n")
    return redact("\nThe above led to:\n\n".join(parts))


def _qualified(error: BaseException) -> str:
    kind = type(error)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


_TOKEN = re.compile(r"((?:token|access_token|secret)=)[^&\s\"']+", re.IGNORECASE)
_PERSONAL_KEYS = frozenset(
    {"text", "name", "phone", "id_number", "address", "question", "body", "contact_name"}
)
REDACTED = "[redacted]"
# Loggers we do not own that still see request paths or parameters.
_FOREIGN = ("uvicorn", "uvicorn.error", "uvicorn.access")


def redact(value: str) -> str:
    """``value`` with personal numbers masked and query tokens blanked."""
    return _TOKEN.sub(r"\1" + REDACTED, mask_text(value))


def _redact_arg(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactingFilter(logging.Filter):
    """Masks personal data in a record's message, arguments and extra fields (never drops it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _redact_arg(v) for k, v in record.args.items()}
        for key, value in list(vars(record).items()):
            if key in _STANDARD:
                continue
            if key in _PERSONAL_KEYS:
                setattr(record, key, REDACTED)
            elif isinstance(value, str):
                setattr(record, key, redact(value))
        return True


def json_handler(stream: TextIO) -> logging.Handler:
    """A handler writing redacted JSON lines to ``stream``."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter())
    return handler


def configure_logging(level: str = "INFO") -> None:
    """Send the ``frontdesk`` loggers to stderr as redacted JSON (idempotent)."""
    root = logging.getLogger("frontdesk")
    for name in _FOREIGN:
        foreign = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in foreign.filters):
            foreign.addFilter(RedactingFilter())
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    root.addHandler(json_handler(sys.stderr))
    root.setLevel(level)
    root.propagate = False
