"""``frontdesk faq ask`` and ``frontdesk faq eval``: the FAQ search from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from knowledge.answerer import FaqAnswer, FaqAnswerer
from knowledge.evaluation import evaluate, load_rows, render_table
from knowledge.faq import KnowledgeError, default_data_dir


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``faq ask`` and ``faq eval`` to the CLI."""
    faq = subparsers.add_parser("faq", help="FAQ search / 法律问答检索")
    commands = faq.add_subparsers(dest="faq_command", required=True)
    ask = commands.add_parser("ask", help="rank the FAQ entries for one question")
    ask.add_argument("question")
    ask.add_argument("--top", type=int, default=5, help="how many entries to show")
    evaluate_ = commands.add_parser("eval", help="score the FAQ on labelled questions (JSONL)")
    evaluate_.add_argument("file", type=Path, metavar="FILE.jsonl")
    for parser in (ask, evaluate_):
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--data", type=Path, default=None, metavar="DIR", help="FAQ directory")
    ask.set_defaults(handler=run_ask)
    evaluate_.set_defaults(handler=run_eval)


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
    return 0


def answer_json(answer: FaqAnswer) -> dict[str, Any]:
    """The JSON shape of ``faq ask --json``."""
    return {
        "decision": answer.decision,
        "confidence": round(answer.confidence, 4),
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
    lines = [f"decision: {answer.decision}  confidence: {answer.confidence:.3f}"]
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
