"""Fusing the two signals and the answer ladder: answer, offer three topics, or none.

Two signals score every entry for a question: BM25 over the entries' phrases (lexical, sharp
on wording the base has) and the topic classifier (learned, robust to wording it has not).
The fused score of an entry is ``(1 − w) · bm25 / best bm25 + w · P(entry's topic)``; entries
of topics the classifier finds unlikely (below ``topic_floor`` × the likeliest topic) are left
out, so retrieval happens within the predicted topics.

The ladder answers directly only when both signals agree on the topic and each is sure
enough on its own; otherwise it offers the best entry of each of the three best topics (and a
person), and says "none" when BM25 finds little of the question in the base. The thresholds
are data (``data/thresholds.yaml``), chosen by cross-validation on the base's own paraphrases
(``frontdesk faq tune``, ``knowledge/tuning.py``), never on an evaluation set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from knowledge.yamlio import read_yaml

__all__ = [
    "DEFAULT_THRESHOLDS_FILE",
    "Decision",
    "Ranking",
    "Thresholds",
    "decide",
    "fuse",
    "load_thresholds",
]

Decision = Literal["answer", "clarify", "none", "service"]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DEFAULT_THRESHOLDS_FILE = Path(__file__).resolve().parent / "data" / "thresholds.yaml"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The fusion weight and the ladder's thresholds (``faq tune`` writes them)."""

    fusion_weight: float = 0.5  # w: the classifier's share of the fused score
    topic_floor: float = 0.05  # topics below this share of the likeliest one are left out
    answer_confidence: float = 0.25  # BM25 share needed to answer (best ÷ self score)
    answer_probability: float = 0.6  # classifier probability of the topic needed to answer
    none_below: float = 0.08  # BM25 share below which nothing is offered


@dataclass(frozen=True, slots=True)
class Ranking:
    """Entries in fused order, with the first three of different topics, and the signals."""

    order: IntArray  # entry numbers, best first (topic-diverse first three)
    fused: FloatArray  # fused score of every entry
    bm25_best: int  # the entry BM25 alone ranks first
    topic_best: int  # the class the classifier ranks first


def fuse(
    bm25: FloatArray,
    entry_probability: FloatArray,
    entry_topic: IntArray,
    thresholds: Thresholds,
    k: int,
) -> Ranking:
    """Rank the entries by the fused score; ``entry_probability[e]`` is P(topic of e)."""
    best = float(bm25.max()) if bm25.size else 0.0
    lexical = bm25 / best if best > 0 else np.zeros_like(bm25)
    weight = thresholds.fusion_weight
    fused = (1.0 - weight) * lexical + weight * entry_probability
    bm25_best = int(np.argmax(bm25)) if bm25.size else -1
    top_probability = float(entry_probability.max()) if entry_probability.size else 0.0
    matched = lexical > 0
    keep = matched & (entry_probability >= thresholds.topic_floor * top_probability)
    fused = np.where(keep if keep.any() else matched, fused, 0.0)
    top_entry = int(np.argmax(entry_probability)) if entry_probability.size else -1
    return Ranking(
        _diverse(fused, entry_topic, k),
        fused,
        bm25_best,
        int(entry_topic[top_entry]) if top_entry >= 0 else -1,
    )


def _diverse(fused: FloatArray, entry_topic: IntArray, k: int) -> IntArray:
    """The ``k`` best matched entries, the first three each of a different topic."""
    ranked = np.argsort(-fused, kind="stable")
    ranked = ranked[fused[ranked] > 0]
    first: list[int] = []
    seen: set[int] = set()
    for number in ranked:
        topic = int(entry_topic[number])
        if topic not in seen:
            first.append(int(number))
            seen.add(topic)
            if len(first) == 3:
                break
    rest = [int(n) for n in ranked if int(n) not in first]
    return np.asarray((first + rest)[:k], dtype=np.int64)


def decide(
    ranking: Ranking,
    entry_topic: IntArray,
    confidence: float,
    probability: float,
    thresholds: Thresholds,
) -> Decision:
    """Answer when both signals agree and are sure; none when BM25 finds too little."""
    if not ranking.order.size or confidence < thresholds.none_below:
        return "none"
    best = int(ranking.order[0])
    agree = int(entry_topic[best]) == int(entry_topic[ranking.bm25_best]) == ranking.topic_best
    if (
        agree
        and confidence >= thresholds.answer_confidence
        and probability >= thresholds.answer_probability
    ):
        return "answer"
    return "clarify"


def load_thresholds(path: Path = DEFAULT_THRESHOLDS_FILE) -> Thresholds:
    """The thresholds in ``path`` (its ``thresholds`` mapping); defaults when it is missing."""
    try:
        document = read_yaml(path)
    except OSError:
        return Thresholds()
    values = document.get("thresholds") if isinstance(document, Mapping) else None
    if not isinstance(values, Mapping):
        return Thresholds()
    known = {f.name for f in fields(Thresholds)}
    return Thresholds(**{k: float(v) for k, v in values.items() if k in known})


def thresholds_document(
    thresholds: Thresholds, figures: Mapping[str, Any], today: dt.date
) -> dict[str, Any]:
    """The YAML document ``faq tune`` writes: the thresholds and the figures behind them."""
    return {
        "chosen": today.isoformat(),
        "thresholds": {f.name: getattr(thresholds, f.name) for f in fields(Thresholds)},
        "cross_validation": dict(figures),
    }
