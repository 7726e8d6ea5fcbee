"""A logged exception keeps its traceback — frames and exception types — and nothing personal."""

from __future__ import annotations

import io
import json
import logging

from bot.logging_setup import json_handler

CITIZEN = {"name": "张三", "phone": "1381234567x"}


def _open_complaint(name: str, phone: str) -> None:
    try:
        int(phone)
    except ValueError as error:
        raise RuntimeError(f"could not store complaint of {name}, phone {phone}") from error


def test_the_traceback_is_kept_and_the_messages_are_not() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("frontdesk.test.tracebacks")
    logger.addHandler(json_handler(stream))
    logger.propagate = False
    try:
        try:
            _open_complaint(CITIZEN["name"], CITIZEN["phone"])
        except RuntimeError:
            logger.exception("complaint failed", extra={"conversation": "c-1"})
    finally:
        logger.handlers.clear()
    entry = json.loads(stream.getvalue())
    assert entry["error"] == "RuntimeError" and entry["conversation"] == "c-1"
    trace = entry["traceback"]
    assert "_open_complaint" in trace and "test_log_tracebacks.py" in trace  # the frames
    assert "ValueError" in trace and "RuntimeError" in trace  # the whole chain
    assert "张三" not in trace and "1381234567" not in trace  # the messages carried them
