"""Bounded types for everything a request carries: integers, dates and times.

An unbounded ``int`` let ``after=2**70`` reach SQLite ("Python int too large") or asyncpg
(a client-side error taken for an outage), and ``date``/``datetime`` let year 1 or 9999 and
naive times reach date arithmetic. Every route declares its numbers and times with these, so
the schema says the bounds (``tests/security/test_bounds.py`` checks every operation) and a
value outside them is a 422 before any code runs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, AwareDatetime, Field

INT64_MAX = 2**63 - 1
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def _sane_date(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"date must be between {EARLIEST} and {LATEST}")
    return value


def _sane_datetime(value: datetime) -> datetime:
    _sane_date(value.astimezone(UTC).date())
    return value


# A database id in a path (``/items/{item_id}``).
PathId = Annotated[int, Path(ge=1, le=INT64_MAX)]
# A message id to read after (0 = from the start).
AfterId = Annotated[int, Query(ge=0, le=INT64_MAX)]
# An id inside a JSON body.
BodyId = Annotated[int, Field(ge=1, le=INT64_MAX)]
# A calendar day between 2000 and 2100.
SaneDate = Annotated[date, AfterValidator(_sane_date)]
# A moment with its time zone, between 2000 and 2100.
SaneDateTime = Annotated[AwareDatetime, AfterValidator(_sane_datetime)]
