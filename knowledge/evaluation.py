"""Offline evaluation of the answer ladder on labelled questions (``faq eval``).

A row is a question and the FAQ topic a person gave it. Top-1 and top-3 accuracy and MRR are
judged by topic, since the labelled questions were written by citizens, not against our
entries. ``confidently_wrong_rate`` is the share of all questions answered directly with a
wrong topic: the harm the ladder exists to prevent. ``service`` and ``none`` decisions both
count as abstaining (``service_rate`` is the first of them alone).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from knowledge.answerer import Decision, FaqAnswerer

__all__ = [
    "EvalReport",
    "EvalRow",
    "RowResult",
    "TopicFigures",
    "evaluate",
    "load_rows",
    "render_misses",
    "render_table",
]

RANKED = 5


@dataclass(frozen=True, slots=True)
class EvalRow:
    """One labelled question."""

    question: str
    topic: str


@dataclass(frozen=True, slots=True)
class RowResult:
    """What the answerer did with one row (kept for reading the misses)."""

    question: str
    topic: str
    predicted: str | None
    decision: Decision
    rank: int | None
    confidence: float
    probability: float = 0.0


@dataclass(frozen=True, slots=True)
class TopicFigures:
    """Per-topic figures: rows, top-1 accuracy, answered rows and accuracy among them."""

    topic: str
    n: int
    top1_accuracy: float
    top3_accuracy: float
    answered: int
    answered_accuracy: float | None


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The figures ``faq eval`` prints."""

    n: int
    top1_accuracy: float
    top3_accuracy: float
    answered_rate: float
    answered_accuracy: float | None
    confidently_wrong_rate: float
    clarify_rate: float
    abstain_rate: float
    service_rate: float
    mrr: float
    latency_p50_ms: float
    latency_p99_ms: float
    topics: tuple[TopicFigures, ...]
    results: tuple[RowResult, ...] = field(repr=False, default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures (without the per-row results)."""
        figures = asdict(self)
        figures.pop("results")
        return figures


def load_rows(path: Path) -> list[EvalRow]:
    """Read a JSONL file whose rows have ``question`` and ``topic``."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            rows.append(EvalRow(question=str(raw["question"]), topic=str(raw["topic"])))
    return rows


def evaluate(answerer: FaqAnswerer, rows: Iterable[EvalRow | Mapping[str, str]]) -> EvalReport:
    """Ask every row's question and score the answers by topic."""
    results: list[RowResult] = []
    latencies: list[float] = []
    for row in rows:
        item = row if isinstance(row, EvalRow) else EvalRow(row["question"], row["topic"])
        started = time.perf_counter()
        answer = answerer.ask(item.question, k=RANKED)
        latencies.append((time.perf_counter() - started) * 1000)
        topics = [hit.entry.topic for hit in answer.hits]
        rank = topics.index(item.topic) + 1 if item.topic in topics else None
        predicted = topics[0] if topics else None
        results.append(
            RowResult(
                item.question,
                item.topic,
                predicted,
                answer.decision,
                rank,
                answer.confidence,
                answer.probability,
            )
        )
    return _report(results, latencies)


def _report(results: list[RowResult], latencies: list[float]) -> EvalReport:
    n = len(results)
    answered = [r for r in results if r.decision == "answer"]
    return EvalReport(
        n=n,
        top1_accuracy=_share(sum(r.rank == 1 for r in results), n) or 0.0,
        top3_accuracy=_share(sum(_in_top3(r) for r in results), n) or 0.0,
        answered_rate=_share(len(answered), n) or 0.0,
        answered_accuracy=_share(sum(r.rank == 1 for r in answered), len(answered)),
        confidently_wrong_rate=_share(sum(r.rank != 1 for r in answered), n) or 0.0,
        clarify_rate=_share(sum(r.decision == "clarify" for r in results), n) or 0.0,
        abstain_rate=_share(sum(r.decision in ("none", "service") for r in results), n) or 0.0,
        service_rate=_share(sum(r.decision == "service" for r in results), n) or 0.0,
        mrr=sum(1 / r.rank for r in results if r.rank) / n if n else 0.0,
        latency_p50_ms=_percentile(latencies, 50),
        latency_p99_ms=_percentile(latencies, 99),
        topics=_per_topic(results),
        results=tuple(results),
    )


def _per_topic(results: list[RowResult]) -> tuple[TopicFigures, ...]:
    groups: dict[str, list[RowResult]] = defaultdict(list)
    for result in results:
        groups[result.topic].append(result)
    figures = []
    for topic, group in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        answered = [r for r in group if r.decision == "answer"]
        figures.append(
            TopicFigures(
                topic=topic,
                n=len(group),
                top1_accuracy=_share(sum(r.rank == 1 for r in group), len(group)) or 0.0,
                top3_accuracy=_share(sum(_in_top3(r) for r in group), len(group)) or 0.0,
                answered=len(answered),
                answered_accuracy=_share(sum(r.rank == 1 for r in answered), len(answered)),
            )
        )
    return tuple(figures)


def _in_top3(result: RowResult) -> bool:
    return result.rank is not None and result.rank <= 3


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[position]


def render_table(report: EvalReport) -> str:
    """A plain-text summary and per-topic table."""
    lines = [
        f"questions            {report.n}",
        f"top-1 topic accuracy {_pct(report.top1_accuracy)}",
        f"right topic in top 3 {_pct(report.top3_accuracy)}",
        f"answered             {_pct(report.answered_rate)}"
        f"  (accuracy among answered {_pct(report.answered_accuracy)})",
        f"confidently wrong    {_pct(report.confidently_wrong_rate)}  (answered, wrong topic)",
        f"clarify              {_pct(report.clarify_rate)}",
        f"abstain (none)       {_pct(report.abstain_rate)}"
        f"  (service requests {_pct(report.service_rate)})",
        f"MRR (by topic)       {report.mrr:.3f}",
        f"latency p50 / p99    {report.latency_p50_ms:.2f} / {report.latency_p99_ms:.2f} ms",
        "",
        f"{'topic':<22}{'n':>5}{'top-1':>9}{'top-3':>9}{'answered':>10}{'acc@ans':>9}",
    ]
    for t in report.topics:
        lines.append(
            f"{t.topic:<22}{t.n:>5}{_pct(t.top1_accuracy):>9}{_pct(t.top3_accuracy):>9}"
            f"{t.answered:>10}"
            f"{_pct(t.answered_accuracy):>9}"
        )
    return "\n".join(lines)


def render_misses(report: EvalReport) -> str:
    """The rows whose best topic was wrong, answered ones first, for reading."""
    misses = [r for r in report.results if r.rank != 1]
    misses.sort(key=lambda r: (r.decision != "answer", r.topic))
    lines = [f"{len(misses)} of {report.n} rows with a wrong best topic (answered first):"]
    for r in misses:
        rank = r.rank if r.rank is not None else "-"
        lines.append(
            f"[{r.decision}] want {r.topic}, got {r.predicted or '-'} (rank {rank}, "
            f"bm25 {r.confidence:.2f}, p {r.probability:.2f}): {r.question}"
        )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"
