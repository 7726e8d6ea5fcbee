"""``frontdesk intents``: what the intent matcher makes of a sentence, and its accuracy.

``frontdesk intents ask "老板欠我工资不给"`` prints the ranked intents and the decision.
``frontdesk intents eval [--file FILE] [--json] [--misses] [--sweep]`` scores the table of
sentences: the accuracy on its held-back half (the figure that counts), the training half's,
per-intent counts; ``--misses`` lists the training half's misses (never the held-back half's:
those are for scoring, not for tuning), ``--sweep`` the training-half accuracy per threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from dialogs.intents import intent_book, recognise, scores
from dialogs.intents_eval import EXAMPLES_FILE, Report, evaluate, load_examples, sweep

__all__ = ["register"]

SWEEP = tuple(x / 2 for x in range(1, 9))  # thresholds 0.5 … 4.0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``intents ask`` and ``intents eval``."""
    parser = sub.add_parser("intents", help="the intent matcher: ask one sentence, or evaluate")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    ask = actions.add_parser("ask", help="what the matcher makes of one sentence")
    ask.add_argument("text")
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(handler=run_ask)
    ev = actions.add_parser("eval", help="accuracy on the held-back half of the table")
    ev.add_argument("--file", type=Path, default=EXAMPLES_FILE)
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--misses", action="store_true", help="list the training half's misses")
    ev.add_argument("--sweep", action="store_true", help="training accuracy per threshold")
    ev.set_defaults(handler=run_eval)


def run_ask(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Print the ranked intents for one sentence."""
    out = out or sys.stdout
    chosen = recognise(args.text)
    ranked = [
        {"intent": i.name, "score": round(i.score, 2), "matter": i.matter, "cues": list(i.cues)}
        for i in scores(args.text)
    ]
    result = {"text": args.text, "intent": chosen.name if chosen else None, "ranked": ranked}
    if args.json:
        print(json.dumps(result, ensure_ascii=False), file=out)
        return 0
    print(f"{args.text} → {result['intent'] or 'none (search the FAQ)'}", file=out)
    for row in ranked:
        print(f"  {row['intent']:<18} {row['score']:>5}  {row['matter'] or ''}", file=out)
    return 0


def _figures(report: Report) -> dict[str, Any]:
    return {
        "n": report.total,
        "accuracy": round(report.accuracy, 4),
        "per_intent": {
            name: {"n": n, "right": report.per_intent_right[name]}
            for name, n in sorted(report.per_intent.items())
        },
    }


def run_eval(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Score the table's halves and print the held-back accuracy first."""
    out = out or sys.stdout
    examples = load_examples(args.file)
    train = [e for e in examples if e.half == "train"]
    held = [e for e in examples if e.half == "held"]
    held_report, train_report = evaluate(held), evaluate(train)
    result: dict[str, Any] = {
        "threshold": intent_book().threshold,
        "held_back": _figures(held_report),
        "training": _figures(train_report),
    }
    if args.sweep:
        result["sweep_training"] = [[t, round(a, 4)] for t, a in sweep(train, SWEEP)]
    if args.misses:
        result["training_misses"] = [
            {"text": e.text, "expected": e.intent, "got": got} for e, got in train_report.misses
        ]
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2), file=out)
    else:
        _print_text(result, out)
    return 0


def _print_text(result: dict[str, Any], out: TextIO) -> None:
    held, train = result["held_back"], result["training"]
    print(f"held-back half: {held['accuracy']:.1%} of {held['n']} sentences", file=out)
    print(f"training half:  {train['accuracy']:.1%} of {train['n']} sentences", file=out)
    print(f"threshold {result['threshold']} (chosen on the training half)", file=out)
    print(f"\n{'intent':<18} {'held n':>6} {'right':>6}", file=out)
    for name, row in held["per_intent"].items():
        print(f"{name:<18} {row['n']:>6} {row['right']:>6}", file=out)
    for threshold, accuracy in result.get("sweep_training", []):
        print(f"threshold {threshold:>4}: training {accuracy:.1%}", file=out)
    for miss in result.get("training_misses", []):
        print(f"miss: {miss['text']}  expected {miss['expected']}, got {miss['got']}", file=out)
