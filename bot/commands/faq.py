"""``frontdesk faq ask|eval|tune``: the FAQ search, its evaluation and its thresholds."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from knowledge.answerer import FaqAnswer, FaqAnswerer
from knowledge.evaluation import evaluate, load_rows, render_misses, render_table
from knowledge.faq import KnowledgeError, default_data_dir
from knowledge.ladder import DEFAULT_THRESHOLDS_FILE
from knowledge.tuning import FOLDS, tune


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``faq ask``, ``faq eval`` and ``faq tune`` to the CLI."""
    faq = subparsers.add_parser("faq", help="FAQ search / 法律问答检索")
    commands = faq.add_subparsers(dest="faq_command", required=True)
    ask = commands.add_parser("ask", help="rank the FAQ entries for one question")
    ask.add_argument("question")
    ask.add_argument("--top", type=int, default=5, help="how many entries to show")
    evaluate_ = commands.add_parser("eval", help="score the FAQ on labelled questions (JSONL)")
    evaluate_.add_argument("file", type=Path, metavar="FILE.jsonl")
    evaluate_.add_argument("--misses", action="store_true", help="also list the wrong topics")
    tune_ = commands.add_parser(
        "tune", help="choose the answer thresholds by cross-validation on the FAQ's paraphrases"
    )
    tune_.add_argument("--out", type=Path, default=DEFAULT_THRESHOLDS_FILE, metavar="FILE")
    tune_.add_argument("--folds", type=int, default=FOLDS, help="cross-validation folds")
    for parser in (ask, evaluate_, tune_):
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--data", type=Path, default=None, metavar="DIR", help="FAQ directory")
    ask.set_defaults(handler=run_ask)
    evaluate_.set_defaults(handler=run_eval)
    tune_.set_defaults(handler=run_tune)


def run_ask(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the ranked entries and the answer/clarify/none decision."""
    out = out or sys.stdout
    answerer = _answerer(args.data)
    if answerer is None:
        return 2
    answer = answerer.ask(args.question, k=args.top)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2), file=out)
    else:
        print(render_answer(answer), file=out)
    return 0


def run_eval(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print accuracy, abstain rate, MRR, per-topic figures and latency for a JSONL file."""
    out = out or sys.stdout
    answerer = _answerer(args.data)
    if answerer is None:
        return 2
    try:
        rows = load_rows(args.file)
    except (OSError, ValueError, KeyError) as exc:
        print(f"frontdesk faq eval: error: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    report = evaluate(answerer, rows)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), file=out)
    else:
        print(render_table(report), file=out)
    if args.misses:
        print(render_misses(report), file=sys.stderr if args.json else out)
    return 0


def run_tune(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Cross-validate on the FAQ's own paraphrases and write the thresholds file."""
    out = out or sys.stdout
    if args.folds < 2:
        print("frontdesk faq tune: error: --folds must be at least 2", file=sys.stderr)
        return 2
    try:
        document = tune(args.data or default_data_dir(), args.out, folds=args.folds)
    except KnowledgeError as exc:
        print(f"frontdesk faq: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"frontdesk faq tune: error: cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2), file=out)
    else:
        print(render_tuning(document, args.out), file=out)
    return 0


def render_tuning(document: dict[str, Any], path: Path) -> str:
    """The chosen thresholds and their cross-validation figures, for the operator."""
    lines = [f"wrote {path}", ""]
    lines += [f"{name:<24}{value}" for name, value in document["thresholds"].items()]
    lines.append("")
    cv = document["cross_validation"]
    lines += [f"{name:<24}{value}" for name, value in cv.items() if name != "per_topic_top1"]
    return "\n".join(lines)


def answer_json(answer: FaqAnswer) -> dict[str, Any]:
    """The JSON shape of ``faq ask --json``."""
    return {
        "decision": answer.decision,
        "confidence": round(answer.confidence, 4),
        "probability": round(answer.probability, 4),
        "topic": answer.topic,
        "reason": answer.reason,
        "hits": [
            {
                "id": hit.entry.id,
                "topic": hit.entry.topic,
                "score": round(hit.score, 4),
                "question": hit.entry.question,
                "answer": hit.entry.answer,
                "citations": [f"{c.law}{c.article}" for c in hit.entry.citations],
                "next_steps": list(hit.entry.next_steps),
                "uncertain": hit.entry.uncertain,
            }
            for hit in answer.hits
        ],
    }


def render_answer(answer: FaqAnswer) -> str:
    """Operator-facing text for ``faq ask`` (the bot's own wording lives in the catalogs)."""
    lines = [
        f"decision: {answer.decision}  confidence: {answer.confidence:.3f}  "
        f"topic: {answer.topic or '-'} ({answer.probability:.2f})"
        + (f"  reason: {answer.reason}" if answer.reason else "")
    ]
    for rank, hit in enumerate(answer.hits, start=1):
        lines.append(f"{rank}. {hit.score:7.3f}  {hit.entry.id:<18} {hit.entry.question}")
    if answer.decision == "answer":
        best = answer.hits[0].entry
        lines += ["", best.answer, "; ".join(f"{c.law}{c.article}" for c in best.citations)]
    return "\n".join(lines)


def _answerer(data: Path | None) -> FaqAnswerer | None:
    try:
        return FaqAnswerer.from_directory(data or default_data_dir())
    except KnowledgeError as exc:
        print(f"frontdesk faq: error: {exc}", file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    """Run ``faq`` on its own (``python -m bot.commands.faq faq ask ...``)."""
    parser = argparse.ArgumentParser(prog="frontdesk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
