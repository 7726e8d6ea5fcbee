"""The answer ladder: answer, offer three topics, or say honestly that nothing fits.

``FaqAnswerer.ask`` never raises on what a citizen types. It first checks the scope (another
language, no words, a request for a service: ``scope.py``), then scores every entry with
BM25 and the topic classifier, fuses the two and decides (``ladder.py``, with the thresholds
``faq tune`` chose by cross-validation). It keeps one snapshot (index, classifier, thresholds)
per process and swaps in a new one, with a single assignment, when the FAQ files change: a
concurrent ``ask`` sees either the old or the new one. Changes are picked up by
``maybe_reload``, called when the console saves an entry and by a background worker, never
from ``ask``: no citizen's turn waits for the index or the classifier to be rebuilt.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from knowledge.faq import FaqEntry, KnowledgeError, load_entries
from knowledge.index import FaqHit, FaqIndex, IndexOptions, TextTokenizer
from knowledge.ladder import Decision, Thresholds, decide, fuse, load_thresholds
from knowledge.scope import Scope, default_scope
from knowledge.snapshot import build_index, directory_fingerprint, snapshot
from knowledge.text import clean
from knowledge.tokenizer import default_tokenizer
from knowledge.topic_cache import topic_model
from knowledge.topics import TopicModel

__all__ = ["Decision", "FaqAnswer", "FaqAnswerer"]

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500  # longer messages are cut before tokenising (a pasted 10k-char text)
CLARIFY_CHOICES = 3
RELOAD_CHECK_SECONDS = 5.0


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
        fingerprint = directory_fingerprint(directory) if directory else ()
        self._snapshot = snapshot(index, model, thresholds or load_thresholds(), fingerprint)
        self._directory = directory
        self._scope = scope or default_scope()
        self._check_every = check_every
        self._clock = clock
        self._next_check = clock() + check_every
        self._lock = threading.Lock()
        self._background: threading.Thread | None = None
        self._token_cache = token_cache
        self._fixed_thresholds = thresholds  # None: re-read data/thresholds.yaml on reload
        if not model.trained:
            self._in_background(self._train)

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
        the trained topic classifier beside it (``faq-topics.npz``). When that file does not
        fit the entries, the answerer starts at once with BM25 alone (offering choices, never
        answering directly) and trains the classifier on a background thread.
        """
        tokenizer = tokenizer or default_tokenizer()
        entries = load_entries(directory)
        index, model = build_index(entries, tokenizer, options, token_cache, wait_for_model=False)
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
        if decision == "answer" and not snap.model.trained:
            decision = "clarify"  # one signal alone never answers directly
        entries = snap.index.entries
        hits = tuple(FaqHit(entries[n], float(ranking.fused[n])) for n in ranking.order[:k])
        topic = snap.model.classes[ranking.topic_best] if snap.model.trained else None
        reason = "no_match" if decision == "none" else None
        return FaqAnswer(decision, hits, query, confidence, probability, topic, reason)

    def maybe_reload(self, *, force: bool = False) -> bool:
        """Rebuild the snapshot if the FAQ files changed; cheap when nothing changed."""
        if self._directory is None:
            return False
        now = self._clock()
        if not force and now < self._next_check:
            return False
        with self._lock:
            self._next_check = now + self._check_every
            fingerprint = directory_fingerprint(self._directory)
            if fingerprint == self._snapshot.fingerprint:
                return False
            return self._rebuild(self._directory, fingerprint)

    def wait_for_reload(self, timeout: float | None = None) -> None:
        """Wait for a background rebuild or training to finish (tests and tools)."""
        running = self._background
        if running is not None:
            running.join(timeout)

    def _in_background(self, work: Callable[[], object]) -> None:
        running = self._background
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(target=self._quietly, args=(work,), name="faq", daemon=True)
        self._background = thread
        thread.start()

    @staticmethod
    def _quietly(work: Callable[[], object]) -> None:
        try:
            work()
        except Exception:  # keep answering from the last good snapshot, whatever happened
            log.exception("FAQ background work failed")

    def _train(self) -> None:
        """Replace an untrained stand-in with the real classifier (trained in a child)."""
        with self._lock:
            old = self._snapshot
            index = old.index
            _, model = build_index(
                index.entries,
                index.tokenizer,
                index.options,
                self._token_cache,
                wait_for_model=True,
            )
            if self._snapshot is old:
                self._snapshot = snapshot(index, model, old.thresholds, old.fingerprint)

    def _rebuild(self, directory: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> bool:
        old = self._snapshot
        try:
            entries = load_entries(directory)
        except KnowledgeError as exc:
            # Keep answering from the last good index; remember the bad files so the
            # error is logged once per change, not on every question.
            log.error("FAQ reload failed, keeping %d entries: %s", len(old.index.entries), exc)
            self._snapshot = snapshot(old.index, old.model, old.thresholds, fingerprint)
            return False
        index, model = build_index(
            entries, old.index.tokenizer, old.index.options, self._token_cache, wait_for_model=True
        )
        thresholds = self._fixed_thresholds or load_thresholds()
        self._snapshot = snapshot(index, model, thresholds, fingerprint)
        log.info("FAQ reloaded: %d entries", len(entries))
        return True
