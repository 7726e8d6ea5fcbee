"""The terminal channel: talk to the bot from a shell, by hand or from a script (``--json``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from backend.container import Services
from backend.runtime import ChannelMessage
from backend.services.uploads import Upload, UploadRefused, receive_upload, source_key
from dialogs.catalog import default_catalog
from dialogs.types import Inbound, Lang, Reply

PROMPT = "> "


def parse_json_line(line: str) -> Inbound | None:
    """``{"text": ...}`` or ``{"button": ...}`` → an inbound; None when the line is not one."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("button"), str):
        return Inbound(button=data["button"])
    if isinstance(data.get("text"), str):
        return Inbound(text=data["text"])
    return None


def file_of_line(line: str) -> str | None:
    """``{"file": "<path>"}`` → the path of a file to send; None when the line is not one."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    path = data.get("file") if isinstance(data, dict) else None
    return path if isinstance(path, str) and path else None


def render_reply(reply: Reply) -> str:
    """A reply as terminal text: the message, then numbered buttons."""
    lines = [reply.text]
    lines += [f"  [{i}] {b.label}" for i, b in enumerate(reply.buttons, start=1)]
    return "\n".join(lines)


class TerminalChat:
    """One terminal conversation: lines in, replies out."""

    def __init__(self, services: Services, user: str, lang: Lang, out: TextIO = sys.stdout):
        self.services, self.user, self.lang, self.out = services, user, lang, out
        self.last_buttons: list[str] = []
        self.labels: dict[str, str] = {}  # payload → label of the buttons last shown
        self.count = 0

    async def send(self, inbound: Inbound) -> list[Reply]:
        """Send one inbound and return the replies (a tap is recorded with its label)."""
        self.count += 1
        label = self.labels.get(inbound.button) if inbound.button is not None else None
        received = await self.services.runtime.receive(
            ChannelMessage("terminal", self.user, inbound, lang=self.lang, label=label)
        )
        buttons = [b.payload for r in received.replies for b in r.buttons]
        if received.replies:
            self.last_buttons = [b.payload for b in received.replies[-1].buttons] or buttons
            self.labels = {b.payload: b.label for r in received.replies for b in r.buttons}
        return received.replies

    async def send_file(self, path: str) -> list[Reply]:
        """Send a file from disk through the same upload path as the other channels."""
        self.count += 1
        try:
            content = Path(path).read_bytes()
        except OSError:
            content = b""
        upload = Upload(content, Path(path).name, source_key("terminal", self.user))
        message = ChannelMessage("terminal", self.user, Inbound(), lang=self.lang)
        try:
            received = await receive_upload(self.services, message, upload)
        except UploadRefused as refused:
            lang: Lang = self.lang
            return [Reply(default_catalog().text(lang, refused.text_key))]
        return received.replies

    def typed(self, line: str) -> Inbound:
        """A typed line; a bare number picks a button of the last message."""
        stripped = line.strip()
        if stripped.isdigit() and 1 <= int(stripped) <= len(self.last_buttons):
            return Inbound(button=self.last_buttons[int(stripped) - 1])
        return Inbound(text=line.rstrip("\n"))

    async def run_json(self, lines: Iterable[str]) -> int:
        """Script mode: JSON lines in, one JSON reply object per line out."""
        for line in lines:
            if not line.strip():
                continue
            if (path := file_of_line(line)) is not None:
                for reply in await self.send_file(path):
                    print(
                        json.dumps(reply.to_dict(), ensure_ascii=False), file=self.out, flush=True
                    )
                continue
            inbound = parse_json_line(line)
            if inbound is None:
                print(
                    json.dumps(
                        {"error": 'expected {"text": ...} or {"button": ...}'}, ensure_ascii=False
                    ),
                    file=self.out,
                    flush=True,
                )
                continue
            for reply in await self.send(inbound):
                print(json.dumps(reply.to_dict(), ensure_ascii=False), file=self.out, flush=True)
        return 0

    async def run_interactive(self, lines: Iterable[str]) -> int:
        """Human mode: greeting first, then a prompt per line."""
        for reply in await self.send(Inbound(text="/start")):
            print(render_reply(reply), file=self.out)
        print(PROMPT, end="", file=self.out, flush=True)
        for line in lines:
            for reply in await self.send(self.typed(line)):
                print(render_reply(reply), file=self.out)
            print(PROMPT, end="", file=self.out, flush=True)
        print(file=self.out)
        return 0
