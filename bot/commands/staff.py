"""``frontdesk staff``: create accounts (and the demo account for ``make run``), list them, and
reset a password.

- ``staff add NAME [--role] [--name] [--password] [--team] [--languages zh,bo]`` — a new account
  (in a team, with the languages spoken);
- ``staff add --demo`` — the demo supervisor, once, with its password printed;
- ``staff list`` — every account: role, active, locked, when the password last changed;
- ``staff passwd NAME [--password]`` — a new password (asked twice at a prompt); the account
  is unlocked and every one of its sessions ends.

Passwords are never printed, except the demo account's.
- ``staff team NAME [TEAM]`` — put an account in a team (none without TEAM);
- ``staff reindex`` — rebuild the console's search index (names, phone tails, words of
  the story) for matters received before it existed (migration 0011); safe to run again.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.db.database import Database

DEMO_USER = "demo"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``staff add``, ``staff list``, ``staff passwd`` and ``staff reindex``."""
    parser = sub.add_parser("staff", help="staff accounts")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create a staff account")
    add.add_argument("username", nargs="?")
    add.add_argument("--role", choices=("staff", "supervisor", "admin"), default="staff")
    add.add_argument("--name", help="display name")
    add.add_argument("--team", help="the team whose queue they work (backend/teams/teams.yaml)")
    add.add_argument("--password", help="read from a prompt when omitted")
    add.add_argument(
        "--languages", default="zh", help="languages spoken, comma-separated: zh, bo, en"
    )
    add.add_argument(
        "--demo", action="store_true", help="seed the demo supervisor once and print its password"
    )
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", help="list the staff accounts")
    listing.set_defaults(handler=run_list)
    passwd = actions.add_parser("passwd", help="set a new password (unlocks, ends sessions)")
    passwd.add_argument("username")
    passwd.add_argument("--password", help="asked twice at a prompt when omitted")
    passwd.set_defaults(handler=run_passwd)
    team = actions.add_parser("team", help="put a staff member in a team (or --none)")
    team.add_argument("username")
    team.add_argument("team", nargs="?", help="reception, civil, public_interest, minors, …")
    team.set_defaults(handler=run_team)
    reindex = actions.add_parser("reindex", help="rebuild the console's search index")
    reindex.set_defaults(handler=run_reindex)


def run_team(args: argparse.Namespace) -> int:
    """Put a staff member in a team; without a team, take them out of any."""
    return asyncio.run(_team(args.username, args.team))


async def _team(username: str, team: str | None) -> int:
    from backend.clock import SystemClock
    from backend.services.accounts import AccountError, set_team

    async with _database() as db:
        try:
            async with db.transaction() as session:
                await set_team(session, username=username, team=team, now=SystemClock().now())
        except AccountError as exc:
            print(f"frontdesk staff team: {exc}", file=sys.stderr)
            return 2
    print(f"'{username}' is now in team {team}" if team else f"'{username}' is in no team")
    return 0


def run_reindex(args: argparse.Namespace) -> int:
    """Index every matter for the console's search; prints how many terms were added."""
    return asyncio.run(_reindex())


async def _reindex() -> int:
    from backend.services.search_terms import reindex

    async with _database() as db:
        print(f"search index: {await reindex(db)} terms added")
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Create the account and print what was done (never the password, except the demo's)."""
    return asyncio.run(_add(args))


def run_list(args: argparse.Namespace) -> int:
    """Print the accounts as a table."""
    return asyncio.run(_list())


def run_passwd(args: argparse.Namespace) -> int:
    """Reset one account's password."""
    password = args.password or _prompt_twice()
    if password is None:
        print("frontdesk staff passwd: the passwords did not match", file=sys.stderr)
        return 2
    return asyncio.run(_passwd(args.username, password))


@asynccontextmanager
async def _database() -> AsyncIterator[Database]:
    from backend.db.crypto import FieldCipher
    from backend.db.database import Database
    from backend.settings import get_settings

    settings = get_settings()
    db = Database(settings.effective_database_url, FieldCipher(settings.data_keys))
    try:
        yield db
    finally:
        await db.dispose()


async def _add(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from backend.clock import SystemClock
    from backend.db.models import StaffUser
    from backend.services.accounts import AccountError, add_staff, generate_password
    from backend.services.passwords import WeakPassword, new_password_hash

    async with _database() as db:
        try:
            if args.demo:
                async with db.reader() as session:
                    query = select(StaffUser).where(StaffUser.username == DEMO_USER)
                    if await session.scalar(query):
                        print(f"demo staff account '{DEMO_USER}' already exists")
                        return 0
            username = DEMO_USER if args.demo else args.username
            if not username:
                print("frontdesk staff add: a username is required", file=sys.stderr)
                return 2
            password = (
                generate_password()
                if args.demo
                else (args.password or getpass.getpass("password: "))
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
                    team=None if args.demo else args.team,
                    languages=args.languages,
                )
            if args.demo:
                print(f"demo staff account: {DEMO_USER} / {password}  (shown once; role {role})")
            else:
                team = f" in team {args.team}" if args.team else ""
                print(f"created {role} '{username}'{team}")
            return 0
        except AccountError as exc:
            print(f"frontdesk staff add: {exc}", file=sys.stderr)
            return 2


async def _list() -> int:
    from backend.services.accounts import all_staff

    async with _database() as db, db.reader() as session:
        users = await all_staff(session)
    print(
        f"{'username':<20} {'name':<16} {'role':<11} {'languages':<10} {'active':<7} "
        f"{'locked':<7} password set"
    )
    for user in users:
        changed = user.password_changed_at or user.created_at
        print(
            f"{user.username:<20} {user.display_name:<16} {user.role:<11} {user.languages:<10} "
            f"{'yes' if user.active else 'no':<7} {'yes' if user.locked_until else 'no':<7} "
            f"{changed.date().isoformat()}"
        )
    if not users:
        print("(no staff accounts yet: frontdesk staff add NAME --role admin)")
    return 0


async def _passwd(username: str, password: str) -> int:
    from sqlalchemy import select

    from backend.clock import SystemClock
    from backend.db.models import StaffUser
    from backend.services.accounts import AccountError, reset_password
    from backend.services.passwords import WeakPassword, new_password_hash

    async with _database() as db:
        try:
            async with db.reader() as session:
                user = await session.scalar(select(StaffUser).where(StaffUser.username == username))
            if user is None:
                raise AccountError(f"no staff account {username!r}")
            previous = [user.password_hash, *(user.password_history or [])]
            try:  # the policy, the reuse check and argon2 run before the transaction opens
                password_hash = await new_password_hash(
                    password, user_inputs=[username, user.display_name], previous=previous
                )
            except WeakPassword as weak:
                raise AccountError(weak.message) from None
            async with db.transaction() as session:
                await reset_password(
                    session, username=username, password_hash=password_hash, now=SystemClock().now()
                )
        except AccountError as exc:
            print(f"frontdesk staff passwd: {exc}", file=sys.stderr)
            return 2
    print(f"new password set for '{username}'; the account is unlocked and its sessions ended")
    return 0


def _prompt_twice() -> str | None:
    first = getpass.getpass("new password: ")
    return first if getpass.getpass("again: ") == first else None
