"""``frontdesk bench <name>``: run a benchmark from ``bench/`` and print its table."""

from __future__ import annotations

import argparse
from importlib import import_module

BENCHES = ("turns", "faq", "http", "queue", "startup", "telegram")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``bench``."""
    parser = sub.add_parser("bench", help="benchmarks (figures for the README)")
    parser.add_argument("name", choices=(*BENCHES, "all"))
    parser.add_argument(
        "rest", nargs=argparse.REMAINDER, help="options for the benchmark (e.g. --quick, --full)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run one benchmark, or all of them in turn."""
    names = BENCHES if args.name == "all" else (args.name,)
    status = 0
    for name in names:
        try:
            module = import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.{name}":
                raise
            print(f"bench {name}: not available in this build")
            continue
        print(f"\n== bench {name} ==")
        status |= int(module.main(list(args.rest)) or 0)
    return status
