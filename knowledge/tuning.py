"""``faq tune``: the fusion weight and the ladder's thresholds, chosen by cross-validation.

Only the base's own paraphrases are used, never an evaluation set. Fold ``f`` holds out
paraphrase ``i`` of every entry with ``i % folds == f``; the BM25 index and the topic
classifier are built from everything else (each entry keeps its question, its other
paraphrases and its answer), and every held-out phrase is asked as a question whose right
topic is its entry's. Then, in order:

1. the fusion weight and topic floor with the best mean of top-1 and top-3 topic accuracy
   (then top-1): the three topics offered when the ladder is unsure matter as much as the
   first (a floor that hides every other topic won 0.1 point of top-1 for 4 points of top-3);
2. ``none_below``: the BM25 share that turns away at most ``NONE_SHARE`` (0.5 %) of these
   in-scope questions: being offered nothing is worse than being offered three topics, and
   other languages, emoji and service requests are caught before (``scope.py``);
3. the answer thresholds that answer the most held-out questions while answering at most
   ``MAX_CONFIDENTLY_WRONG`` of all of them with a wrong topic. The bar is stricter than the
   3 % wanted on real questions, because the base's paraphrases are cleaner and closer to its
   entries than what citizens type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from knowledge.faq import FaqEntry, load_entries
from knowledge.index import FaqIndex, IndexOptions, TextTokenizer
from knowledge.ladder import Thresholds, fuse, thresholds_document
from knowledge.tokenizer import default_tokenizer
from knowledge.topics import TopicModel, TopicOptions, train_topic_model, training_samples

__all__ = [
    "CrossValidation",
    "choose_thresholds",
    "cross_validate",
    "figures",
    "per_topic",
    "tune",
    "write_thresholds",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
FOLDS = 6
NONE_SHARE = 0.005
MAX_CONFIDENTLY_WRONG = 0.01
FUSION_WEIGHTS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)
TOPIC_FLOORS = (0.0, 0.02, 0.05, 0.1, 0.2)
ANSWER_CONFIDENCES = tuple(round(0.05 * i, 2) for i in range(1, 13))
ANSWER_PROBABILITIES = tuple(round(0.05 * i, 2) for i in range(4, 20))


class MemoTokenizer:
    """The real tokenizer, remembering every text (each phrase is tokenized once per run)."""

    def __init__(self, inner: TextTokenizer) -> None:
        self._inner = inner
        self._memo: dict[str, list[str]] = {}

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text``."""
        if text not in self._memo:
            self._memo[text] = self._inner.tokenize(text)
        return list(self._memo[text])


@dataclass(frozen=True, slots=True)
class HeldOut:
    """One held-out paraphrase asked as a question, and what both signals made of it."""

    entry: int
    bm25: FloatArray
    confidence: float  # BM25 share: best score ÷ the score of a phrase identical to the query
    probabilities: FloatArray  # P(topic), aligned to CrossValidation.classes


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Everything the threshold search needs, computed once."""

    entry_topic: IntArray  # class number of every entry
    classes: tuple[str, ...]
    held_out: tuple[HeldOut, ...]
    folds: int


def cross_validate(
    entries: Sequence[FaqEntry],
    tokenizer: TextTokenizer,
    index_options: IndexOptions | None = None,
    topic_options: TopicOptions | None = None,
    folds: int = FOLDS,
) -> CrossValidation:
    """Build index and classifier without each fold's paraphrases and ask them."""
    memo = MemoTokenizer(tokenizer)
    topic_options = topic_options or TopicOptions()
    held: list[HeldOut] = []
    classes: tuple[str, ...] = ()
    for fold in range(folds):
        kept, asked = _split(entries, fold, folds)
        index = FaqIndex.build(kept, memo, index_options)
        model = train_topic_model(training_samples(kept, memo, topic_options), topic_options)
        classes = model.classes
        held.extend(_ask(index, model, memo, asked))
    entry_topic = np.asarray([classes.index(e.topic) for e in entries], dtype=np.int64)
    return CrossValidation(entry_topic, classes, tuple(held), folds)


def _split(
    entries: Sequence[FaqEntry], fold: int, folds: int
) -> tuple[list[FaqEntry], list[tuple[int, str]]]:
    kept: list[FaqEntry] = []
    asked: list[tuple[int, str]] = []
    for number, entry in enumerate(entries):
        out = [p for i, p in enumerate(entry.paraphrases) if i % folds == fold]
        stay = tuple(p for i, p in enumerate(entry.paraphrases) if i % folds != fold)
        kept.append(dataclasses.replace(entry, paraphrases=stay))
        asked.extend((number, phrase) for phrase in out)
    return kept, asked


def _ask(
    index: FaqIndex, model: TopicModel, tokenizer: TextTokenizer, asked: list[tuple[int, str]]
) -> list[HeldOut]:
    held = []
    for number, phrase in asked:
        tokens = tokenizer.tokenize(phrase)
        bm25 = index.entry_scores(tokens)
        normaliser = index.self_score(tokens)
        confidence = float(bm25.max()) / normaliser if normaliser > 0 and bm25.size else 0.0
        held.append(HeldOut(number, bm25, confidence, model.probabilities(phrase, tokens)))
    return held


@dataclass(frozen=True, slots=True)
class _Outcome:
    """Per held-out question, for one fusion setting: right top-1/top-3, agreement, signals."""

    right: npt.NDArray[np.bool_]
    right3: npt.NDArray[np.bool_]
    agree: npt.NDArray[np.bool_]
    confidence: FloatArray
    probability: FloatArray


def _outcomes(cv: CrossValidation, thresholds: Thresholds) -> _Outcome:
    rows = []
    for item in cv.held_out:
        per_entry = item.probabilities[cv.entry_topic]
        ranking = fuse(item.bm25, per_entry, cv.entry_topic, thresholds, 3)
        truth = int(cv.entry_topic[item.entry])
        topics = [int(cv.entry_topic[n]) for n in ranking.order]
        best = topics[0] if topics else -1
        bm25_topic = int(cv.entry_topic[ranking.bm25_best]) if item.bm25.max() > 0 else -2
        rows.append(
            (
                best == truth,
                truth in topics[:3],
                best == bm25_topic == ranking.topic_best,
                item.confidence,
                float(item.probabilities.max()),
            )
        )
    right, right3, agree, confidence, probability = (np.asarray(c) for c in zip(*rows, strict=True))
    return _Outcome(right, right3, agree, confidence, probability)


def figures(cv: CrossValidation, thresholds: Thresholds) -> dict[str, float | int]:
    """Top-1, top-3, answered, accuracy when answered and confidently wrong for ``thresholds``."""
    outcome = _outcomes(cv, thresholds)
    return _figures(outcome, thresholds)


def _figures(outcome: _Outcome, thresholds: Thresholds) -> dict[str, float | int]:
    n = len(outcome.right)
    offered = outcome.confidence >= thresholds.none_below
    answered = (
        offered
        & outcome.agree
        & (outcome.confidence >= thresholds.answer_confidence)
        & (outcome.probability >= thresholds.answer_probability)
    )
    shown = outcome.right & offered
    return {
        "questions": n,
        "top1_accuracy": round(float(shown.mean()), 4),
        "top3_accuracy": round(float((outcome.right3 & offered).mean()), 4),
        "answered_rate": round(float(answered.mean()), 4),
        "answered_accuracy": round(float(outcome.right[answered].mean()), 4)
        if answered.any()
        else 0.0,
        "confidently_wrong_rate": round(float((answered & ~outcome.right).mean()), 4),
        "abstain_rate": round(float((~offered).mean()), 4),
    }


def choose_thresholds(cv: CrossValidation) -> tuple[Thresholds, dict[str, float | int]]:
    """The thresholds ``faq tune`` keeps (see the module docstring), and their CV figures."""
    base = Thresholds(none_below=0.0, answer_confidence=2.0, answer_probability=2.0)
    best: tuple[tuple[float, float], Thresholds, _Outcome] | None = None
    for weight, floor in itertools.product(FUSION_WEIGHTS, TOPIC_FLOORS):
        trial = dataclasses.replace(base, fusion_weight=weight, topic_floor=floor)
        outcome = _outcomes(cv, trial)
        top1, top3 = float(outcome.right.mean()), float(outcome.right3.mean())
        score = (round((top1 + top3) / 2, 4), top1)
        if best is None or score > best[0]:
            best = (score, trial, outcome)
    assert best is not None
    _, fused, outcome = best
    none_below = round(float(np.quantile(outcome.confidence, NONE_SHARE)), 3)
    chosen = dataclasses.replace(fused, none_below=none_below)
    candidates = []
    for c, p in itertools.product(ANSWER_CONFIDENCES, ANSWER_PROBABILITIES):
        c = max(c, none_below)  # below none_below it would mean the same
        trial = dataclasses.replace(chosen, answer_confidence=c, answer_probability=p)
        result = _figures(outcome, trial)
        if result["confidently_wrong_rate"] <= MAX_CONFIDENTLY_WRONG:
            candidates.append((result["answered_rate"], -c - p, trial, result))
    if not candidates:  # never answer directly: every question gets the three-topic choice
        trial = dataclasses.replace(chosen, answer_confidence=2.0, answer_probability=2.0)
        return trial, _figures(outcome, trial)
    _, _, thresholds, result = max(candidates, key=lambda row: (row[0], row[1]))
    return thresholds, {**result, "folds": cv.folds}


def per_topic(cv: CrossValidation, thresholds: Thresholds) -> dict[str, float]:
    """Top-1 topic accuracy of the held-out paraphrases, topic by topic."""
    outcome = _outcomes(cv, thresholds)
    truth = np.asarray([int(cv.entry_topic[item.entry]) for item in cv.held_out])
    return {
        topic: round(float(outcome.right[truth == number].mean()), 3)
        for number, topic in enumerate(cv.classes)
        if (truth == number).any()
    }


def write_thresholds(
    path: Path, thresholds: Thresholds, figures: dict[str, Any], today: dt.date
) -> None:
    """Write the thresholds file (``data/thresholds.yaml``) with the figures behind it."""
    document = thresholds_document(thresholds, figures, today)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    path.write_text(_HEADER + text, encoding="utf-8")


_HEADER = """\
# The fusion weight and the answer ladder's thresholds, written by `frontdesk faq tune`.
# Chosen by cross-validation on the base's own paraphrases (knowledge/tuning.py explains
# how), never on an evaluation set. Re-run `frontdesk faq tune` after adding or changing
# entries; the figures below are the held-out paraphrases' at the chosen thresholds.
"""


def tune(directory: Path, out: Path, *, folds: int = FOLDS) -> dict[str, Any]:
    """Cross-validate the base in ``directory``, choose thresholds, write them to ``out``."""
    entries = load_entries(directory)
    cv = cross_validate(entries, default_tokenizer(), folds=folds)
    thresholds, chosen = choose_thresholds(cv)
    result: dict[str, Any] = {
        **chosen,
        "entries": len(entries),
        "per_topic_top1": per_topic(cv, thresholds),
    }
    today = dt.date.today()
    write_thresholds(out, thresholds, result, today)
    return thresholds_document(thresholds, result, today)
