"""Subcommands of the ``frontdesk`` CLI, each with a ``register(subparsers)``."""
