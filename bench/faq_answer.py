"""The whole answer ladder per question at the base's real size and at 800 to 2,000 entries.

``bench/faq.py`` times BM25 alone on pre-tokenized synthetic corpora up to 100k entries. This
part times what a citizen's question really costs: the scope check, jieba, BM25 over every
entry, the topic classifier's features and probabilities, the fusion and the decision
(``FaqAnswerer.ask``). The classifier needs real text, so synthetic entries are real entries
whose phrases each gain a few characters of another entry's phrase (the vocabulary and the
n-grams grow with the corpus). Also timed: training the classifier, and reading it back
from its cache file as a restart does.
"""

from __future__ import annotations

import dataclasses
import gc
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from knowledge.answerer import FaqAnswerer
from knowledge.faq import FaqEntry
from knowledge.index import FaqIndex
from knowledge.tokenizer import default_tokenizer
from knowledge.topics import TopicModel, TopicOptions, train_topic_model, training_samples

SIZES_QUICK = (800, 1_000)
SIZES_FULL = (800, 1_000, 2_000)


@dataclasses.dataclass
class AnswerRow:
    """One corpus size's figures for the full ladder."""

    entries: int
    train_s: float
    load_ms: float
    features: int
    p50_ms: float
    p99_ms: float
    cpu_p50_ms: float
    cpu_p99_ms: float


def grow_text(base: Sequence[FaqEntry], size: int, rng: random.Random) -> list[FaqEntry]:
    """``size`` entries: the real ones first, then real ones with borrowed text added."""
    phrases = [p for e in base for p in (e.question, *e.paraphrases)]
    out = list(base[:size])
    for n in range(len(out), size):
        source = base[n % len(base)]

        def borrow(text: str) -> str:
            other = rng.choice(phrases)
            start = rng.randrange(max(1, len(other) - 3))
            return text + other[start : start + 4]

        out.append(
            dataclasses.replace(
                source,
                id=f"syn-{n:04d}",
                question=borrow(source.question),
                paraphrases=tuple(borrow(p) for p in source.paraphrases),
            )
        )
    return out


Timer = Callable[[list[str], Callable[[str], Any]], list[float]]


def run_answer_size(
    base: Sequence[FaqEntry], size: int, queries: list[str], time_each: Timer
) -> AnswerRow:
    """Train, save, reload and ask at one size (``time_each`` is bench.faq's timer)."""
    entries = grow_text(base, size, random.Random(size))
    tokenizer = default_tokenizer()
    started = time.perf_counter()
    samples = training_samples(entries, tokenizer, TopicOptions())
    model = train_topic_model(samples, TopicOptions())
    train = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "faq-topics.npz"
        model.save(path)
        started = time.perf_counter()
        TopicModel.load(path)
        load = (time.perf_counter() - started) * 1000
    answerer = FaqAnswerer(FaqIndex.build(entries, tokenizer), model=model)
    latencies = time_each(queries, answerer.ask)
    cpu = _cpu_times(queries, answerer.ask)
    return AnswerRow(size, train, load, len(model.vocab), *_p50_p99(latencies), *_p50_p99(cpu))


def _cpu_times(queries: list[str], ask: Callable[[str], Any]) -> list[float]:
    """Each question's CPU time on this thread, in ms.

    On a shared machine the wall-clock tail is mostly time spent waiting for a core; the CPU
    time per question is what the ladder itself costs.
    """
    for question in queries[:20]:
        ask(question)
    gc.collect()
    gc.freeze()
    times = []
    try:
        for question in queries:
            started = time.thread_time()
            ask(question)
            times.append((time.thread_time() - started) * 1000)
    finally:
        gc.unfreeze()
    return times


def _p50_p99(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def render_answer(rows: list[AnswerRow]) -> str:
    """The full-ladder table."""
    lines = [
        "whole answer ladder (scope, jieba, BM25, classifier, fusion, decision) per question:",
        f"{'entries':>8}{'train s':>9}{'load ms':>9}{'features':>10}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'CPU p50':>9}{'CPU p99':>9}",
    ]
    for r in rows:
        lines.append(
            f"{r.entries:>8}{r.train_s:>9.2f}{r.load_ms:>9.1f}{r.features:>10}"
            f"{r.p50_ms:>8.2f}{r.p99_ms:>8.2f}{r.cpu_p50_ms:>9.2f}{r.cpu_p99_ms:>9.2f}"
        )
    return "\n".join(lines)
