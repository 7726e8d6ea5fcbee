"""The FAQ search index: BM25 (bm25s) over questions and paraphrases, answers weighted lower.

By default an entry's question and paraphrases form one BM25 document (measured better on the
development set than one document per phrase, which ``IndexOptions(per_phrase=True)`` still
offers: then an entry scores as its best phrase). ``answer_weight`` times the BM25 score of the
answer text, from a second index, is added. A query is scored straight from bm25s's sparse
(CSC) score matrix: for one query that touches only the posting lists of its words, while
``BM25.retrieve`` adds per-call checks, conversions and a top-k selection meant for batches
(bench/faq.py measures the result against rank_bm25).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from knowledge.faq import FaqEntry
from knowledge.tokenizer import default_tokenizer

__all__ = ["FaqHit", "FaqIndex", "FloatArray", "IndexOptions", "TextTokenizer"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class TextTokenizer(Protocol):
    """Anything that turns text into search tokens (the jieba tokenizer, or a bench stand-in)."""

    def tokenize(self, text: str) -> list[str]:
        """The search tokens of ``text``."""
        ...


@dataclass(frozen=True, slots=True)
class IndexOptions:
    """BM25 parameters and how an entry's texts are combined (chosen on the dev set)."""

    k1: float = 1.2
    b: float = 0.75
    answer_weight: float = 0.1
    per_phrase: bool = False
    method: Literal["lucene", "robertson"] = "lucene"


@dataclass(frozen=True, slots=True)
class FaqHit:
    """One ranked entry and its score."""

    entry: FaqEntry
    score: float


class _Postings:
    """One bm25s index plus the map from its documents to entry numbers."""

    def __init__(
        self,
        docs: Sequence[list[str]],
        doc_entry: IntArray,
        n_entries: int,
        options: IndexOptions,
    ):
        import bm25s  # loaded lazily: pulls in numpy machinery

        retriever = bm25s.BM25(k1=options.k1, b=options.b, method=options.method)
        # An empty document list would make bm25s fail; one empty token keeps shapes valid.
        retriever.index([d or [""] for d in docs] or [[""]], show_progress=False)
        self.vocab: dict[str, int] = dict(retriever.vocab_dict)
        self.data: FloatArray = np.asarray(retriever.scores["data"], dtype=np.float64)
        self.indices: IntArray = np.asarray(retriever.scores["indices"], dtype=np.int64)
        self.indptr: IntArray = np.asarray(retriever.scores["indptr"], dtype=np.int64)
        self.doc_entry = doc_entry
        self.entry_starts: IntArray = np.searchsorted(
            doc_entry, np.arange(n_entries, dtype=np.int64)
        ).astype(np.int64)
        self.one_doc_per_entry = len(docs) == n_entries
        self.n_docs = max(len(docs), 1)
        self.avg_len = max(sum(len(d) for d in docs) / self.n_docs, 1.0)
        for array in (self.data, self.indices, self.indptr, self.doc_entry, self.entry_starts):
            array.setflags(write=False)

    def token_ids(self, tokens: Sequence[str]) -> list[int]:
        return [self.vocab[t] for t in tokens if t and t in self.vocab]

    def entry_scores(self, ids: Sequence[int]) -> FloatArray:
        """Best document score of every entry (dense; 0 = no word in common).

        A dense ``bincount`` over the posting lists is a few hundred microseconds even at
        100k entries, where sorting the matched documents (``np.unique``) took milliseconds.
        """
        n_entries = len(self.entry_starts)
        if not ids or not n_entries:
            return np.zeros(n_entries, np.float64)
        spans = [slice(self.indptr[t], self.indptr[t + 1]) for t in ids]
        docs = np.concatenate([self.indices[s] for s in spans])
        values = np.concatenate([self.data[s] for s in spans])
        dense = np.bincount(docs, weights=values, minlength=self.n_docs).astype(np.float64)
        if self.one_doc_per_entry:
            return dense[:n_entries]
        # Each entry's phrase documents are contiguous: its score is their maximum.
        return np.maximum.reduceat(dense[: len(self.doc_entry)], self.entry_starts)

    def self_score(self, tokens: Sequence[str], k1: float, b: float) -> float:
        """The score a document identical to the query would get (the normaliser).

        Words the index has never seen count with the highest idf: a question that is
        mostly about something else (股票怎么买) must not look confident because one
        common word of it (买) matches.
        """
        counts = Counter(t for t in tokens if t)
        length = sum(counts.values())
        norm = k1 * (1 - b + b * length / self.avg_len)
        total = 0.0
        for token, tf in counts.items():
            t = self.vocab.get(token)
            df = int(self.indptr[t + 1] - self.indptr[t]) if t is not None else 0
            idf = math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))
            total += tf * idf * tf / (tf + norm)
        return total


class FaqIndex:
    """An immutable BM25 index over FAQ entries; build once per process (or per reload)."""

    __slots__ = ("_answers", "_phrases", "entries", "options", "tokenizer")

    def __init__(
        self,
        entries: tuple[FaqEntry, ...],
        tokenizer: TextTokenizer,
        options: IndexOptions,
        phrases: TextTokenizer | None = None,
    ):
        self.entries = entries
        self.tokenizer = tokenizer
        self.options = options
        phrases = phrases or tokenizer  # the entries' own texts may come from a TokenCache
        docs, owners = _phrase_documents(entries, phrases, options.per_phrase)
        count = len(entries)
        self._phrases = _Postings(docs, np.asarray(owners, dtype=np.int64), count, options)
        answers = [phrases.tokenize(e.answer) for e in entries]
        self._answers = _Postings(answers, np.arange(count, dtype=np.int64), count, options)

    @classmethod
    def build(
        cls,
        entries: Sequence[FaqEntry],
        tokenizer: TextTokenizer | None = None,
        options: IndexOptions | None = None,
        phrases: TextTokenizer | None = None,
    ) -> FaqIndex:
        """Index ``entries`` (tokenizing every phrase once, with ``phrases`` when given)."""
        return cls(
            tuple(entries), tokenizer or default_tokenizer(), options or IndexOptions(), phrases
        )

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, name):
            raise AttributeError(f"FaqIndex is immutable ({name})")
        object.__setattr__(self, name, value)

    def search(self, question: str, k: int = 5) -> list[FaqHit]:
        """The ``k`` best entries for ``question``, one hit per entry, best first."""
        return self.search_tokens(self.tokenizer.tokenize(question), k)

    def search_tokens(self, tokens: Sequence[str], k: int = 5) -> list[FaqHit]:
        """Like :meth:`search`, for an already tokenized question."""
        scores = self.entry_scores(tokens)
        matched = np.flatnonzero(scores > 0)
        if not matched.size or k <= 0:
            return []
        top = matched[_top_k(scores[matched], k)]
        return [FaqHit(self.entries[int(i)], float(scores[i])) for i in top]

    def entry_scores(self, tokens: Sequence[str]) -> FloatArray:
        """The BM25 score of every entry, in ``entries`` order (0 = no word in common)."""
        scores = self._phrases.entry_scores(self._phrases.token_ids(tokens))
        weight = self.options.answer_weight
        if weight:
            scores = scores + weight * self._answers.entry_scores(self._answers.token_ids(tokens))
        return scores

    def size(self) -> tuple[int, int]:
        """(phrase documents, vocabulary size) of the phrase index."""
        return self._phrases.n_docs, len(self._phrases.vocab)

    def self_score(self, tokens: Sequence[str]) -> float:
        """The phrase-index score of a phrase identical to the query; 0 when nothing is known."""
        return self._phrases.self_score(tokens, self.options.k1, self.options.b)


def _phrase_documents(
    entries: Sequence[FaqEntry], tokenizer: TextTokenizer, per_phrase: bool
) -> tuple[list[list[str]], list[int]]:
    docs: list[list[str]] = []
    owners: list[int] = []
    for number, entry in enumerate(entries):
        phrases = [tokenizer.tokenize(p) for p in (entry.question, *entry.paraphrases)]
        if per_phrase:
            docs.extend(phrases)
            owners.extend([number] * len(phrases))
        else:
            docs.append([t for p in phrases for t in p])
            owners.append(number)
    return docs, owners


def _top_k(scores: FloatArray, k: int) -> IntArray:
    everything = np.arange(scores.size, dtype=np.int64)
    candidates = np.argpartition(-scores, k - 1)[:k] if scores.size > k else everything
    return candidates[np.argsort(-scores[candidates], kind="stable")]
