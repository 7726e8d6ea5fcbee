"""Delivering one outbox row to Telegram: render the stored reply, send its parts in order.

The claim, retry, back-off and flood-limit logic is channel-neutral (``backend/delivery.py``);
this is only the Telegram call. A long reply goes out as several messages; a reply whose body
names a draft application letter (``letter: <tracking no>``) is followed by that letter as a
document (.docx), fetched through ``letters`` when it is sent, never stored in the outbox.

If a later part fails (a text part or the document), the retry starts again at the first part
and sends the text and the document again (Telegram has no way to send them atomically): a
citizen may see a part twice after an outage, never a part missing or out of order.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from backend.delivery import Outgoing, Rejected
from bot.telegram.common import TelegramBot, render

log = logging.getLogger("frontdesk.telegram")

# (conversation id, tracking no) → (file name, .docx bytes) of that conversation's own letter.
Letters = Callable[[str, str], Awaitable[tuple[str, bytes] | None]]


class TelegramSender:
    """The ``Send`` function of the Telegram outbox worker."""

    def __init__(self, bot: TelegramBot, letters: Letters | None = None) -> None:
        self.bot = bot
        self.letters = letters

    async def __call__(self, item: Outgoing) -> None:
        """Send every part of the message; raises ``DeliveryError`` subclasses."""
        try:
            chat_id = int(item.chat_key)
        except ValueError:
            raise Rejected("not a Telegram chat id") from None
        for part in render(item.body, item.message_id):
            await self.bot.send_text(chat_id, part.text, part.keyboard)
        tracking_no = str(item.body.get("letter") or "")
        if tracking_no and self.letters is not None:
            await self._send_letter(item, chat_id, tracking_no)

    async def _send_letter(self, item: Outgoing, chat_id: int, tracking_no: str) -> None:
        """The conversation's own letter as a document; a missing one is logged and skipped."""
        assert self.letters is not None
        letter = await self.letters(item.conversation_id, tracking_no)
        if letter is None:  # withdrawn or erased since the reply was written
            log.info(
                "letter not found, not sent",
                extra={
                    "outbox_id": item.id,
                    "message_id": item.message_id,
                    "conversation_id": item.conversation_id,
                },
            )
            return
        filename, content = letter
        await self.bot.send_document(chat_id, filename, content)
