"""The answer ladder: answer, offer three topics, or say honestly that nothing fits.

``FaqAnswerer.ask`` never raises on what a citizen types. It first checks the scope (another
language, no words, a request for a service: ``scope.py``), then scores every entry with
BM25 and the topic classifier, fuses the two and decides (``ladder.py``, with the thresholds
``faq tune`` chose by cross-validation). It keeps one snapshot (index, classifier, thresholds)
per process and swaps in a new one, with a single assignment, when the FAQ files change: a
concurrent ``ask`` sees either the old or the new one. A change noticed by ``ask`` is rebuilt
on a background thread, so no citizen's turn waits for the classifier to be retrained.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.faq import FaqEntry, KnowledgeError, load_entries
from knowledge.index import FaqHit, FaqIndex, IndexOptions, TextTokenizer
from knowledge.ladder import Decision, Thresholds, decide, fuse, load_thresholds
from knowledge.scope import Scope, default_scope
from knowledge.text import clean
from knowledge.token_cache import TokenCache
from knowledge.tokenizer import default_tokenizer
from knowledge.topic_cache import topic_model
from knowledge.topics import TopicModel

__all__ = ["Decision", "FaqAnswer", "FaqAnswerer"]

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500  # longer messages are cut before tokenising (a pasted 10k-char text)
CLARIFY_CHOICES = 3
RELOAD_CHECK_SECONDS = 5.0
TOPIC_MODEL_FILE = "faq-topics.npz"  # beside the token cache, in the data directory's cache


@dataclass(frozen=True, slots=True)
class FaqAnswer:
    """The ladder's decision, the ranked hits behind it, and the (cut) question asked.

    ``confidence`` is BM25's share (best score ÷ the score of a phrase identical to the
    question), ``probability`` the classifier's for its likeliest ``topic``. ``reason`` says
    why a ``none`` or ``service`` decision was taken (``language``, ``empty``, ``no_match``,
    or the service's name from ``data/scope.yaml``).
    """

    decision: Decision
    hits: tuple[FaqHit, ...]
    query: str
    confidence: float = 0.0
    probability: float = 0.0
    topic: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class _Snapshot:
    index: FaqIndex
    model: TopicModel
    entry_topic: npt.NDArray[np.int64]  # the model's class number of every entry
    thresholds: Thresholds
    by_id: dict[str, FaqEntry]
    fingerprint: tuple[tuple[str, int, int], ...]


class FaqAnswerer:
    """Answers free-text questions from one FAQ snapshot, reloading it when the files change."""

    def __init__(
        self,
        index: FaqIndex,
        directory: Path | None = None,
        *,
        model: TopicModel | None = None,
        thresholds: Thresholds | None = None,
        scope: Scope | None = None,
        check_every: float = RELOAD_CHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        token_cache: Path | None = None,
    ) -> None:
        model = model or topic_model(index.entries, index.tokenizer)
        fingerprint = _fingerprint(directory) if directory else ()
        self._snapshot = _snapshot(index, model, thresholds or load_thresholds(), fingerprint)
        self._directory = directory
        self._scope = scope or default_scope()
        self._check_every = check_every
        self._clock = clock
        self._next_check = clock() + check_every
        self._lock = threading.Lock()
        self._rebuilding: threading.Thread | None = None
        self._token_cache = token_cache
        self._fixed_thresholds = thresholds  # None: re-read data/thresholds.yaml on reload

    @classmethod
    def from_directory(
        cls,
        directory: Path,
        tokenizer: TextTokenizer | None = None,
        options: IndexOptions | None = None,
        *,
        thresholds: Thresholds | None = None,
        check_every: float = RELOAD_CHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        token_cache: Path | None = None,
    ) -> FaqAnswerer:
        """Load the FAQ files in ``directory`` and watch them for changes.

        With ``token_cache`` (a file), the entries' tokens are kept there between starts, and
        the trained topic classifier beside it (``faq-topics.npz``).
        """
        tokenizer = tokenizer or default_tokenizer()
        index, model = _build(load_entries(directory), tokenizer, options, token_cache)
        return cls(
            index,
            directory,
            model=model,
            thresholds=thresholds,
            check_every=check_every,
            clock=clock,
            token_cache=token_cache,
        )

    @property
    def index(self) -> FaqIndex:
        """The index currently in use."""
        return self._snapshot.index

    @property
    def model(self) -> TopicModel:
        """The topic classifier currently in use."""
        return self._snapshot.model

    @property
    def thresholds(self) -> Thresholds:
        """The fusion weight and ladder thresholds currently in use."""
        return self._snapshot.thresholds

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, if the current index has it."""
        return self._snapshot.by_id.get(entry_id)

    def ask(self, question: str, k: int = 5) -> FaqAnswer:
        """Rank the entries for ``question`` and decide: answer, clarify, none or service."""
        self._reload_in_background()
        query = clean(question or "")[:MAX_QUESTION_CHARS]
        out_of_scope = self._scope.check(query)
        if out_of_scope is not None:
            return FaqAnswer(out_of_scope.decision, (), query, reason=out_of_scope.reason)
        snap = self._snapshot
        tokens = snap.index.tokenizer.tokenize(query)
        bm25 = snap.index.entry_scores(tokens)
        normaliser = snap.index.self_score(tokens)
        best = float(bm25.max()) if bm25.size else 0.0
        confidence = best / normaliser if normaliser > 0 else 0.0
        chances = snap.model.probabilities(query, tokens)
        ranking = fuse(
            bm25, chances[snap.entry_topic], snap.entry_topic, snap.thresholds, max(k, 3)
        )
        probability = float(chances.max())
        decision = decide(ranking, snap.entry_topic, confidence, probability, snap.thresholds)
        entries = snap.index.entries
        hits = tuple(FaqHit(entries[n], float(ranking.fused[n])) for n in ranking.order[:k])
        topic = snap.model.classes[ranking.topic_best] if ranking.topic_best >= 0 else None
        reason = "no_match" if decision == "none" else None
        return FaqAnswer(decision, hits, query, confidence, probability, topic, reason)

    def maybe_reload(self, *, force: bool = False) -> bool:
        """Rebuild the index if the FAQ files changed; cheap when called on every question."""
        if self._directory is None:
            return False
        now = self._clock()
        if not force and now < self._next_check:
            return False
        with self._lock:
            self._next_check = now + self._check_every
            fingerprint = _fingerprint(self._directory)
            if fingerprint == self._snapshot.fingerprint:
                return False
            return self._rebuild(self._directory, fingerprint)

    def _reload_in_background(self) -> None:
        """Check the files now and then; rebuild a changed base on a thread, not in the turn."""
        if self._directory is None or self._clock() < self._next_check:
            return
        running = self._rebuilding
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(target=self._reload_quietly, name="faq-reload", daemon=True)
        self._rebuilding = thread
        thread.start()

    def _reload_quietly(self) -> None:
        try:
            self.maybe_reload()
        except Exception:  # keep answering from the last good snapshot, whatever happened
            log.exception("FAQ reload failed")

    def wait_for_reload(self, timeout: float | None = None) -> None:
        """Wait for a background rebuild started by ``ask`` (tests and tools)."""
        running = self._rebuilding
        if running is not None:
            running.join(timeout)

    def _rebuild(self, directory: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> bool:
        old = self._snapshot
        try:
            entries = load_entries(directory)
        except KnowledgeError as exc:
            # Keep answering from the last good index; remember the bad files so the
            # error is logged once per change, not on every question.
            log.error("FAQ reload failed, keeping %d entries: %s", len(old.index.entries), exc)
            self._snapshot = _Snapshot(
                old.index, old.model, old.entry_topic, old.thresholds, old.by_id, fingerprint
            )
            return False
        index, model = _build(entries, old.index.tokenizer, old.index.options, self._token_cache)
        thresholds = self._fixed_thresholds or load_thresholds()
        self._snapshot = _snapshot(index, model, thresholds, fingerprint)
        log.info("FAQ reloaded: %d entries", len(entries))
        return True


def _build(
    entries: Sequence[FaqEntry],
    tokenizer: TextTokenizer,
    options: IndexOptions | None,
    token_cache: Path | None,
) -> tuple[FaqIndex, TopicModel]:
    cache = TokenCache(token_cache, tokenizer) if token_cache else None
    index = FaqIndex.build(entries, tokenizer, options, cache)
    model_path = token_cache.with_name(TOPIC_MODEL_FILE) if token_cache else None
    key = getattr(tokenizer, "fingerprint", None)
    tokenizer_key = key() if callable(key) and model_path is not None else None
    model = topic_model(entries, cache or tokenizer, None, model_path, tokenizer_key)
    if cache is not None:
        cache.save()
    return index, model


def _snapshot(
    index: FaqIndex,
    model: TopicModel,
    thresholds: Thresholds,
    fingerprint: tuple[tuple[str, int, int], ...],
) -> _Snapshot:
    classes = {topic: number for number, topic in enumerate(model.classes)}
    # A model trained elsewhere may lack an entry's topic: class 0 stands in, BM25 still ranks it.
    entry_topic = np.asarray([classes.get(e.topic, 0) for e in index.entries], dtype=np.int64)
    by_id = {e.id: e for e in index.entries}
    return _Snapshot(index, model, entry_topic, thresholds, by_id, fingerprint)


def _fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    try:
        files = sorted(directory.glob("*.yaml"))
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        return ()
