"""``frontdesk eligibility --facts FILE.json [--json]``: apply the pre-screen rules to a facts file.

Prints the outcome with its one-sentence verdict (what to do and by when), flags, reasons
with their citations, next steps, the evidence checklist, the rule trace and the facts still
missing. Facts are version 2 (DESIGN.md); a version-1 file is read as it stands, and the facts
it lacks are listed as missing where they matter. Exit status 0 when the facts were read (even if
the outcome is still open), 2 when the file is unreadable, not a JSON object, or names an
unknown fact or value. A fact given as ``null`` counts as not answered.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from dialogs.eligibility import Assessment, FactError, RuleBook, evaluate, load_rules, localised

__all__ = ["main", "read_facts", "register", "render", "report", "run"]

EXIT_BAD_INPUT = 2


class InputError(Exception):
    """The facts file cannot be used; the message says why."""


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add the ``eligibility`` sub-command to the ``frontdesk`` argument parser."""
    parser = subparsers.add_parser(
        "eligibility",
        help="apply the support-lawsuit pre-screen rules to a facts file",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)
    parser.set_defaults(handler=run)
    return parser


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--facts", required=True, type=Path, metavar="FILE.json")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--lang", choices=("zh-Hans", "zh-Hant", "en"), default="zh-Hans")


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Evaluate the facts file named by ``args.facts`` and print the assessment."""
    return report(args, load_rules(), "eligibility", out, err)


def report(
    args: argparse.Namespace,
    book: RuleBook,
    command: str,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Apply ``book`` (any scheme's rules) to ``args.facts`` and print the assessment."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        assessment = evaluate(read_facts(args.facts), book)
    except (InputError, FactError) as exc:
        print(f"frontdesk {command}: {exc}", file=err)
        return EXIT_BAD_INPUT
    if args.json:
        json.dump(assessment.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(render(assessment, args.lang, book))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command on its own: ``python -m bot.commands.eligibility --facts f.json``."""
    parser = argparse.ArgumentParser(prog="frontdesk eligibility", description=__doc__)
    _add_arguments(parser)
    return run(parser.parse_args(argv))


def read_facts(path: Path) -> dict[str, Any]:
    """The facts object in a JSON file; a fact given as ``null`` counts as not answered."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise InputError(f"{path} must hold a JSON object of fact: value")
    return {key: value for key, value in raw.items() if value is not None}


def render(assessment: Assessment, lang: str, book: RuleBook | None = None) -> str:
    """The assessment as plain text for a terminal."""
    book = book or load_rules()
    lines = [f"outcome: {assessment.outcome or '(not decided yet)'}"]
    if assessment.outcome:
        lines.append(f"  {assessment.verdict_in(lang)}")
    lines.append(f"flags: {', '.join(assessment.flags) or '(none)'}")
    lines.append("reasons:")
    for reason in assessment.reasons:
        label = f"{reason.kind} {reason.id}" + (f" → {reason.flag}" if reason.flag else "")
        lines.append(f"  [{label}] {reason.in_language(lang)}")
        lines.extend(f"      {c.law} {c.article} {c.note}".rstrip() for c in reason.citations)
    lines.append("next steps:")
    for step_id in assessment.next_steps:
        step = book.steps[step_id]
        phone = f" ☎ {step.phone}" if step.phone else ""
        lines.append(f"  - {localised(step.text, lang)}{phone}")
    lines.append("evidence:")
    lines.extend(f"  - {localised(book.evidence_items[i], lang)}" for i in assessment.evidence)
    lines.append("trace:")
    lines.extend(f"  {step.describe()}" for step in assessment.trace)
    lines.append(f"missing: {', '.join(assessment.missing) or '(none)'}")
    if assessment.assumed:
        filled = ", ".join(f"{k}={v}" for k, v in assessment.assumed.items())
        lines.append(f"not needed (filled in, cannot change the result): {filled}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
