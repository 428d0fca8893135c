"""The commands of sign-in: ``hash-password``, ``token``,
``rotate-session-key`` and ``sessions``."""

import argparse
import getpass
import sys

from diundash.cli.command import Action, Command, DatabaseUse, existing_db, open_db
from diundash.config import Settings


def _hash_password(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.auth.passwords import hash_password  # argon2

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("diundash hash-password: the two passwords differ", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        print("diundash hash-password: the password is empty", file=sys.stderr)
        return 1
    print("Set AUTH_PASSWORD to this hash (quote it: it holds $ signs):", file=sys.stderr)
    print(hash_password(password))
    return 0


def _token(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.commands import Commands
    from diundash.events.types import Audit
    from diundash.projections.queries import Queries

    audit = Audit(source="cli")
    if args.action == "list":
        for live in Queries(existing_db(args, settings)).list_tokens():
            access = "read-only" if live.read_only else "read-write"
            print(f"{live.name}\t{access}\tissued {live.issued_at}")
        return 0
    if args.action == "revoke":
        Commands(existing_db(args, settings)).revoke_token(args.name, audit)
        print(f"revoked the token {args.name!r}")
        return 0
    token = Commands(open_db(args, settings)).issue_token(args.name, args.read_only, audit)
    access = "read-only" if args.read_only else "read-write"
    print(f"issued the {access} token {args.name!r}; it is shown once, keep it now:")
    print(token)
    return 0


def _rotate_session_key(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.auth.sessions import rotate_session_key
    from diundash.clock import utc_now

    rotate_session_key(existing_db(args, settings), utc_now())
    print("the session key was replaced: every session is signed out")
    if settings.session_secret:
        print("(SESSION_SECRET is set, so sessions are signed with it, not with this key)")
    return 0


def _sessions(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.auth.sessions import end_all_sessions

    ended = end_all_sessions(existing_db(args, settings))
    print(f"ended {ended} password session(s), on every instance: sign in again")
    return 0


def _create_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="the token's name, recorded as the actor of its changes")
    parser.add_argument("--read-only", action="store_true", help="it may only read (GET)")


def _revoke_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")


HASH_PASSWORD = Command(
    "hash-password",
    "print an AUTH_PASSWORD hash of a password read from the terminal or standard input",
    _hash_password,
    database=DatabaseUse.NONE,
)
TOKEN = Command(
    "token",
    "issue, list or revoke API tokens (Authorization: Bearer)",
    _token,
    database=DatabaseUse.UPGRADED,
    actions=(
        Action("create", "issue a token; it is printed once, last", _create_arguments),
        Action("list", "the live tokens (names, never the tokens)"),
        Action("revoke", "revoke a token by name", _revoke_arguments),
    ),
)
ROTATE_SESSION_KEY = Command(
    "rotate-session-key",
    "sign every session out (new signing key)",
    _rotate_session_key,
    database=DatabaseUse.UPGRADED,
)
SESSIONS = Command(
    "sessions",
    "end password sessions",
    _sessions,
    database=DatabaseUse.UPGRADED,
    actions=(Action("revoke-all", "end every password session"),),
)
