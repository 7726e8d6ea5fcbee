"""``frontdesk staff add``: create staff accounts (and the demo account for ``make run``)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

DEMO_USER = "demo"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``staff add``."""
    parser = sub.add_parser("staff", help="staff accounts")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create a staff account")
    add.add_argument("username", nargs="?")
    add.add_argument("--role", choices=("staff", "supervisor", "admin"), default="staff")
    add.add_argument("--name", help="display name")
    add.add_argument("--password", help="read from a prompt when omitted")
    add.add_argument(
        "--demo", action="store_true", help="seed the demo supervisor once and print its password"
    )
    add.set_defaults(handler=run_add)


def run_add(args: argparse.Namespace) -> int:
    """Create the account and print what was done (never the password, except the demo's)."""
    return asyncio.run(_add(args))


async def _add(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from backend.clock import SystemClock
    from backend.db.crypto import FieldCipher
    from backend.db.database import Database
    from backend.db.models import StaffUser
    from backend.services.accounts import AccountError, add_staff, generate_password
    from backend.services.passwords import WeakPassword, new_password_hash
    from backend.settings import get_settings

    settings = get_settings()
    db = Database(settings.effective_database_url, FieldCipher(settings.data_keys))
    try:
        if args.demo:
            async with db.reader() as session:
                if await session.scalar(select(StaffUser).where(StaffUser.username == DEMO_USER)):
                    print(f"demo staff account '{DEMO_USER}' already exists")
                    return 0
        username = DEMO_USER if args.demo else args.username
        if not username:
            print("frontdesk staff add: a username is required", file=sys.stderr)
            return 2
        password = (
            generate_password() if args.demo else (args.password or getpass.getpass("password: "))
        )
        role = "supervisor" if args.demo else args.role
        try:  # the policy and argon2 run before the transaction opens
            password_hash = await new_password_hash(password, user_inputs=[username])
        except WeakPassword as weak:
            raise AccountError(weak.message) from None
        async with db.transaction() as session:
            await add_staff(
                session,
                username=username,
                role=role,
                password_hash=password_hash,
                display_name=args.name or ("演示账号" if args.demo else None),
                now=SystemClock().now(),
            )
        if args.demo:
            print(f"demo staff account: {DEMO_USER} / {password}  (shown once; role {role})")
        else:
            print(f"created {role} '{username}'")
        return 0
    except AccountError as exc:
        print(f"frontdesk staff add: {exc}", file=sys.stderr)
        return 2
    finally:
        await db.dispose()
