"""``frontdesk bench faq``: FAQ search speed at 1k / 10k / 100k entries, against rank_bm25.

Then the whole answer ladder (classifier and fusion included) at the base's size and at 800
to 2,000 entries (``bench/faq_answer.py``).

The corpus is grown from the real entries: each synthetic entry takes a real entry's phrases
(already tokenized by the real jieba tokenizer) and swaps about a third of their words for
words from a synthetic vocabulary that grows with the corpus (Heaps' law, Zipf-skewed draws),
so the vocabulary and posting lists grow the way a real one would. Queries are 500 real
paraphrases, perturbed, tokenized by the real tokenizer at query time (that cost is included).

Build time and memory exclude jieba over the synthetic corpus (its words are pre-tokenized);
jieba's own speed is reported on the real phrases. rank_bm25 (BM25Okapi, k1=1.5, b=0.75) runs
on the same phrase documents and queries; the comparison index uses the same k1/b and the
Robertson idf so top-1 results are comparable; both see one document per entry (question and
paraphrases concatenated, as in production) and no answer text.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.faq_answer import SIZES_FULL as ANSWER_SIZES_FULL
from bench.faq_answer import SIZES_QUICK as ANSWER_SIZES_QUICK
from bench.faq_answer import render_answer, run_answer_size
from knowledge.faq import FaqEntry, default_data_dir, load_entries
from knowledge.index import FaqIndex, IndexOptions
from knowledge.tokenizer import default_tokenizer

SIZES_FULL = (1_000, 10_000, 100_000)
SIZES_QUICK = (1_000, 10_000)
RANK_BM25_MAX = 10_000  # BM25Okapi scores every document in Python-level loops: 100k is minutes
QUERIES = 500
SEED = 20261122
_FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "knowledge" / "fixtures" / "faq"


class SpaceTokenizer:
    """Synthetic entries are stored as space-joined, already normalised tokens."""

    def tokenize(self, text: str) -> list[str]:
        """Split on spaces."""
        return text.split()


@dataclasses.dataclass
class Row:
    """One corpus size's figures."""

    entries: int
    docs: int
    vocab: int
    build_s: float
    memory_mb: float
    p50_ms: float
    p99_ms: float
    rank_p50_ms: float | None = None
    speedup: float | None = None
    same_top1: float | None = None


def grow(base: Sequence[FaqEntry], size: int, rng: random.Random) -> list[FaqEntry]:
    """``size`` synthetic entries recombined from ``base`` with a growing vocabulary."""
    tokenizer = default_tokenizer()
    phrases = [
        [" ".join(tokenizer.tokenize(p)) for p in (e.question, *e.paraphrases)] for e in base
    ]
    vocab = max(500, int(50 * size**0.75))
    out = []
    for n in range(size):
        source = n % len(base)
        mutated = tuple(_mutate(p, vocab, rng) for p in phrases[source])
        answer = _mutate(" ".join(tokenizer.tokenize(base[source].answer)), vocab, rng)
        out.append(
            dataclasses.replace(
                base[source],
                id=f"syn-{n:03d}",
                question=mutated[0],
                paraphrases=mutated[1:],
                answer=answer,
            )
        )
    return out


def _mutate(phrase: str, vocab: int, rng: random.Random) -> str:
    words = phrase.split()
    for i in range(len(words)):
        if rng.random() < 0.35:
            words[i] = _synthetic_word(int(vocab * rng.random() ** 3))
    return " ".join(words)


def _synthetic_word(rank: int) -> str:
    return chr(0x4E00 + rank % 20000) + chr(0x4E00 + rank // 20000) + "w"


def make_queries(base: Sequence[FaqEntry], rng: random.Random) -> list[str]:
    """Paraphrase-like questions: a real phrase with one character dropped or a tail added."""
    phrases = [p for e in base for p in (e.question, *e.paraphrases)]
    queries = []
    for _ in range(QUERIES):
        text = rng.choice(phrases)
        if len(text) > 3 and rng.random() < 0.5:
            cut = rng.randrange(len(text))
            text = text[:cut] + text[cut + 1 :]
        else:
            text += rng.choice(["怎么办", "找谁", "可以吗", "，急"])
        queries.append(text)
    return queries


def run_size(base: list[FaqEntry], size: int, queries: list[str], rank: bool) -> Row:
    """Build, query and (optionally) compare with rank_bm25 at one corpus size."""
    entries = grow(base, size, random.Random(SEED + size))
    tokenizer = default_tokenizer()
    gc.collect()
    rss = _rss_mb()
    started = time.perf_counter()
    index = FaqIndex.build(entries, SpaceTokenizer())
    build = time.perf_counter() - started
    memory = _rss_mb() - rss
    latencies = _time_each(queries, lambda q: index.search_tokens(tokenizer.tokenize(q)))
    docs, vocab = index.size()
    row = Row(size, docs, vocab, build, memory, _pct(latencies, 50), _pct(latencies, 99))
    if rank:
        _compare_rank_bm25(row, entries, [tokenizer.tokenize(q) for q in queries])
    return row


def _compare_rank_bm25(row: Row, entries: list[FaqEntry], queries: list[list[str]]) -> None:
    from rank_bm25 import BM25Okapi

    options = IndexOptions(k1=1.5, b=0.75, answer_weight=0.0, method="robertson")
    ours = FaqIndex.build(entries, SpaceTokenizer(), options)
    # The same documents as the production index: one per entry, question + paraphrases.
    docs = [(n, " ".join((e.question, *e.paraphrases)).split()) for n, e in enumerate(entries)]
    okapi = BM25Okapi([d or [""] for _, d in docs])
    same = 0
    rank_ms: list[float] = []
    ours_ms: list[float] = []
    for tokens in queries:
        started = time.perf_counter()
        scores = okapi.get_scores(tokens)
        rank_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        hits = ours.search_tokens(tokens, k=1)
        ours_ms.append((time.perf_counter() - started) * 1000)
        # Copies of one base entry tie exactly; any of the tied entries counts as the same.
        top = scores.max()
        tied = {docs[int(d)][0] for d in (scores >= top - 1e-9 * abs(top)).nonzero()[0]}
        if (hits and top > 0 and int(hits[0].entry.id[4:]) in tied) or (not hits and top <= 0):
            same += 1
    row.rank_p50_ms = _pct(rank_ms, 50)
    row.speedup = statistics.mean(rank_ms) / statistics.mean(ours_ms)
    row.same_top1 = same / len(queries)


def _time_each(queries: list[str], search: Callable[[str], Any]) -> list[float]:
    for query in queries[:20]:
        search(query)  # warm caches (jieba's, numpy's) before timing
    # A full collection over a freshly built 100k-entry heap takes milliseconds; a server
    # freezes its long-lived index the same way after loading it (gc.freeze).
    gc.collect()
    gc.freeze()
    times = []
    try:
        for query in queries:
            started = time.perf_counter()
            search(query)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        gc.unfreeze()
    return times


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def render(rows: list[Row], tokenize_ms: tuple[float, float]) -> str:
    """The results table."""
    head = (
        f"{'entries':>8}{'docs':>9}{'vocab':>9}{'build s':>9}{'mem MB':>8}{'p50 ms':>8}"
        f"{'p99 ms':>8}{'rank_bm25 p50':>15}{'speed-up':>10}{'same top-1':>12}"
    )
    lines = [head]
    for r in rows:
        rank = f"{r.rank_p50_ms:.2f}" if r.rank_p50_ms is not None else "skipped"
        speed = f"{r.speedup:.0f}x" if r.speedup is not None else "-"
        same = f"{r.same_top1:.1%}" if r.same_top1 is not None else "-"
        lines.append(
            f"{r.entries:>8}{r.docs:>9}{r.vocab:>9}{r.build_s:>9.2f}{r.memory_mb:>8.1f}"
            f"{r.p50_ms:>8.2f}{r.p99_ms:>8.2f}{rank:>15}{speed:>10}{same:>12}"
        )
    lines.append(
        f"jieba tokenization alone (real query text): p50 {tokenize_ms[0]:.3f} ms, "
        f"p99 {tokenize_ms[1]:.3f} ms (included in p50/p99 above)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(prog="frontdesk bench faq", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k and 10k only")
    parser.add_argument("--data", type=Path, default=None, help="FAQ directory to grow from")
    args = parser.parse_args(argv)
    directory = args.data or default_data_dir()
    base = load_entries(directory) if directory.is_dir() else []
    base = base or load_entries(_FIXTURE)
    rng = random.Random(SEED)
    queries = make_queries(base, rng)
    tokenizer = default_tokenizer()
    tokenize_times = _time_each(queries, tokenizer.tokenize)
    rows = []
    for size in SIZES_QUICK if args.quick else SIZES_FULL:
        rows.append(run_size(base, size, queries, rank=size <= RANK_BM25_MAX))
        print(f"... {size} entries done", file=sys.stderr)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"base: {len(base)} real entries from {directory}; {len(queries)} queries; load {load}")
    print(render(rows, (_pct(tokenize_times, 50), _pct(tokenize_times, 99))))
    if not args.quick:
        print(f"rank_bm25 skipped above {RANK_BM25_MAX} entries (too slow to build and query).")
    sizes = (len(base), *(ANSWER_SIZES_QUICK if args.quick else ANSWER_SIZES_FULL))
    answer_rows = [run_answer_size(base, size, queries, _time_each) for size in sizes]
    print(render_answer(answer_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
