"""One consistent view of the FAQ: entries, BM25 index, topic classifier and thresholds.

The answerer swaps whole snapshots, so a question is always answered from one of them.
Building one reads the entries' tokens and the trained classifier from the data directory's
cache when they fit (``token_cache.py``, ``topic_cache.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.faq import FaqEntry
from knowledge.index import FaqIndex, IndexOptions, TextTokenizer
from knowledge.ladder import Thresholds
from knowledge.token_cache import TokenCache
from knowledge.topic_cache import cached_topic_model, topic_model
from knowledge.topics import TopicModel, TopicOptions

__all__ = ["TOPIC_MODEL_FILE", "Snapshot", "build_index", "directory_fingerprint", "snapshot"]

TOPIC_MODEL_FILE = "faq-topics.npz"  # beside the token cache, in the data directory's cache
Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one question is answered from."""

    index: FaqIndex
    model: TopicModel
    entry_topic: npt.NDArray[np.int64]  # the model's class number of every entry
    thresholds: Thresholds
    by_id: dict[str, FaqEntry]
    fingerprint: Fingerprint


def snapshot(
    index: FaqIndex, model: TopicModel, thresholds: Thresholds, fingerprint: Fingerprint
) -> Snapshot:
    """Tie an index, a model and thresholds together."""
    classes = {topic: number for number, topic in enumerate(model.classes)}
    # A model trained elsewhere may lack an entry's topic: class 0 stands in, BM25 still ranks it.
    entry_topic = np.asarray([classes.get(e.topic, 0) for e in index.entries], dtype=np.int64)
    by_id = {e.id: e for e in index.entries}
    return Snapshot(index, model, entry_topic, thresholds, by_id, fingerprint)


def build_index(
    entries: Sequence[FaqEntry],
    tokenizer: TextTokenizer,
    options: IndexOptions | None,
    token_cache: Path | None,
    *,
    wait_for_model: bool,
) -> tuple[FaqIndex, TopicModel]:
    """The BM25 index and the classifier for ``entries``.

    Without a cache file the classifier is trained here. With one, it is read from the file
    when it fits; otherwise it is trained in a child process (``wait_for_model``) or, when a
    start must not wait, an untrained stand-in is returned for the caller to replace.
    """
    cache = TokenCache(token_cache, tokenizer) if token_cache else None
    index = FaqIndex.build(entries, tokenizer, options, cache)
    if cache is not None:
        cache.save()
    key = getattr(tokenizer, "fingerprint", None)
    tokenizer_key = key() if callable(key) and token_cache is not None else None
    if token_cache is None or not tokenizer_key:
        return index, topic_model(entries, tokenizer)
    path = token_cache.with_name(TOPIC_MODEL_FILE)
    if not wait_for_model:
        cached = cached_topic_model(entries, TopicOptions(), path, tokenizer_key)
        return index, cached or TopicModel.untrained(e.topic for e in entries)
    return index, topic_model(entries, cache or tokenizer, None, path, tokenizer_key)


def directory_fingerprint(directory: Path) -> Fingerprint:
    """Names, modification times and sizes of the FAQ files (cheap to compare)."""
    try:
        files = sorted(directory.glob("*.yaml"))
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        return ()
