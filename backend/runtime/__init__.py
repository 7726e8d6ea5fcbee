"""The conversation runtime: channel messages in, turns through the engine, replies out.

- ``backend.runtime.turns`` — the turn loop (``Runtime``: receive, inject, notice);
- ``backend.runtime.statements`` — the turn's SQL, built once (find, record, replay, save);
- ``backend.runtime.outbox`` — outbound messages and outbox rows for channels that deliver.

The names channel adapters need are here.
"""

from backend.runtime.turns import (
    ChannelMessage,
    Guard,
    Prepare,
    Received,
    Runtime,
    TurnDone,
)

__all__ = ["ChannelMessage", "Guard", "Prepare", "Received", "Runtime", "TurnDone"]
