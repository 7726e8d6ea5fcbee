"""The knowledge base's own phrases, tokenized, kept on disk from one start to the next.

Tokenizing every question, paraphrase and answer is most of building the FAQ index (about
half a second for 347 entries on the development machine). The tokens only change when a
phrase, the dictionaries, the tokenizer's code or its libraries change, so they are stored
as JSON under the data directory with a fingerprint of everything but the phrase: a file
with another fingerprint is ignored and rewritten, a phrase not in the file is tokenized
and added. JSON rather than pickle: reading the file can never run code.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from knowledge.index import TextTokenizer

__all__ = ["TokenCache"]

log = logging.getLogger(__name__)


class TokenCache:
    """Tokens of known texts for one tokenizer; ``tokenize`` fills it, ``save`` writes it."""

    def __init__(self, path: Path, tokenizer: TextTokenizer) -> None:
        self.path = path
        self._tokenizer = tokenizer
        fingerprint = getattr(tokenizer, "fingerprint", None)
        self._key = fingerprint() if callable(fingerprint) else None
        self._stored = self._read() if self._key else {}
        self._used: dict[str, list[str]] = {}
        self.hits = 0

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text``, from the file when it has them."""
        tokens = self._stored.get(text)
        if tokens is None:
            tokens = self._tokenizer.tokenize(text)
        else:
            self.hits += 1
        self._used[text] = tokens
        return list(tokens)

    def save(self) -> None:
        """Write the texts tokenized since loading (only those: edits do not pile up)."""
        if not self._key or self._used == self._stored:
            return
        document = {"fingerprint": self._key, "tokens": self._used}
        temp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Several workers may start at once: each writes its own file and renames it.
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".tokens-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temp, self.path)
        except OSError as exc:  # a read-only data directory only costs the next start time
            log.warning("FAQ token cache not written: %s", exc.strerror)
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
        self._stored = dict(self._used)

    def _read(self) -> dict[str, list[str]]:
        try:
            document: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(document, dict) or document.get("fingerprint") != self._key:
            return {}
        tokens = document.get("tokens")
        if not isinstance(tokens, dict):
            return {}
        return {
            str(text): [str(t) for t in words]
            for text, words in tokens.items()
            if isinstance(words, list)
        }
