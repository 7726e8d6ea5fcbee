"""``frontdesk relief --facts FILE.json [--json]``: apply the judicial-relief rules to a facts file.

The same output as ``frontdesk eligibility`` — the outcome with its one-sentence verdict,
flags, reasons with their citations, next steps, the materials checklist, the rule trace and
the facts still missing — over the relief facts of DESIGN.md (``harm``, ``compensated``,
``hardship``, ``at_fault``, ``stage``). Exit status 0 when the facts were read, 2 when the
file is unreadable, not a JSON object, or names an unknown fact or value.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.commands.eligibility import report
from dialogs.relief import relief_rules

__all__ = ["main", "register", "run"]


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add the ``relief`` sub-command to the ``frontdesk`` argument parser."""
    parser = subparsers.add_parser(
        "relief",
        help="apply the judicial-relief rules to a facts file",
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
    """Evaluate the facts file named by ``args.facts`` against the relief rules."""
    return report(args, relief_rules(), "relief", out, err)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command on its own: ``python -m bot.commands.relief --facts f.json``."""
    parser = argparse.ArgumentParser(prog="frontdesk relief", description=__doc__)
    _add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
