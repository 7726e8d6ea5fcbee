"""The trained topic classifier kept on disk between starts, like the token cache.

Training imports scikit-learn (about 0.9 s and 100 MB) and fits the model (a few seconds for
800 entries); a start with unchanged entries reads a ``.npz`` file instead (tens of ms). The
file carries a fingerprint of everything the model is learned from: the entries' topics and
phrases (and answers), the tokenizer's own fingerprint (dictionaries, code, library
versions), the classifier's options and its code. A file with another fingerprint is ignored
and replaced; an unreadable or unwritable one only costs the time of training. ``.npz`` holds
arrays and strings only and is read without pickle, so reading it can never run code.

With a cache file, training runs in a child process (``topic_training.py``) so a server never
keeps scikit-learn in memory; without one (tests, the command line) it runs in-process.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from knowledge import topics as topics_module
from knowledge.faq import FaqEntry
from knowledge.index import TextTokenizer
from knowledge.topic_training import train_in_child
from knowledge.topics import TopicModel, TopicOptions, train_topic_model, training_samples

__all__ = ["cached_topic_model", "model_fingerprint", "topic_model"]

log = logging.getLogger(__name__)


def cached_topic_model(
    entries: Sequence[FaqEntry], options: TopicOptions, path: Path, tokenizer_key: str
) -> TopicModel | None:
    """The model in ``path`` if it was learned from exactly these entries, else None."""
    cached = _read(path)
    fingerprint = model_fingerprint(entries, options, tokenizer_key)
    return cached if cached is not None and cached.fingerprint == fingerprint else None


def topic_model(
    entries: Sequence[FaqEntry],
    phrases: TextTokenizer,
    options: TopicOptions | None = None,
    path: Path | None = None,
    tokenizer_key: str | None = None,
) -> TopicModel:
    """The classifier for ``entries``: read from ``path`` when it fits, else trained (and saved).

    ``phrases`` tokenizes the entries' texts (a token cache or the tokenizer itself);
    ``tokenizer_key`` is the tokenizer's fingerprint; without it nothing is cached.
    """
    options = options or TopicOptions()
    if path is None or not tokenizer_key:
        return train_topic_model(training_samples(entries, phrases, options), options)
    cached = cached_topic_model(entries, options, path, tokenizer_key)
    if cached is not None:
        return cached
    fingerprint = model_fingerprint(entries, options, tokenizer_key)
    samples = training_samples(entries, phrases, options)
    try:
        return train_in_child(samples, options, fingerprint, path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, subprocess.SubprocessError) as exc:
        log.warning("FAQ topic model not trained apart (%s); training here", type(exc).__name__)
    model = train_topic_model(samples, options, fingerprint)
    _write(model, path)
    return model


def model_fingerprint(
    entries: Sequence[FaqEntry], options: TopicOptions, tokenizer_key: str
) -> str:
    """A digest of what the model is learned from (see the module docstring)."""
    digest = hashlib.sha256(f"{tokenizer_key}\n{options!r}\n".encode())
    digest.update(Path(topics_module.__file__ or "").read_bytes())
    for entry in entries:
        texts = (entry.topic, entry.question, *entry.paraphrases, entry.answer)
        digest.update("\x1f".join(texts).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def _read(path: Path) -> TopicModel | None:
    try:
        return TopicModel.load(path)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        if path.exists():
            log.warning("FAQ topic model cache unreadable, retraining: %s", type(exc).__name__)
        return None


def _write(model: TopicModel, path: Path) -> None:
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Several workers may start at once: each writes its own file and renames it.
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".topics-", suffix=".npz")
        os.close(fd)
        model.save(Path(temp))
        os.replace(temp, path)
    except OSError as exc:  # a read-only data directory only costs the next start's training
        log.warning("FAQ topic model cache not written: %s", exc.strerror)
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
