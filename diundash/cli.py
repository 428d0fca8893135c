"""The ``diundash`` command: serve, and the operator commands on the log."""

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
from peewee import Database, DatabaseError

from diundash.config import ConfigError, Settings
from diundash.events.integrity import ExpectedHash, chain_point
from diundash.ops.health_probe import DEFAULT_TIMEOUT_S, health_url, probe
from diundash.ops.progress import ProgressLine
from diundash.projections.rebuild import (
    rebuild_read_tables,
    upgrade_read_model,
    verify_log,
)
from diundash.projections.update_views import projected_position
from diundash.storage import (
    DatabaseNotWritable,
    NotADiundashDatabase,
    describe_database,
    is_database_url,
    open_database,
)

if TYPE_CHECKING:
    from diundash.events.history import EventQuery
    from diundash.events.types import StoredEvent

# What a command needs beyond the log and the read tables is imported by
# that command: each run starts only what it uses (``replay`` no web stack).

Command = Callable[[argparse.Namespace, Settings], int]


def _operator_errors() -> tuple[type[Exception], ...]:
    """Refusals an operator can act on: a message and exit code 1, no traceback."""
    from diundash.auth.tokens import TokenRefused
    from diundash.events.integrity import UnexpectedHash
    from diundash.events.upcasting import UnreadableEvent
    from diundash.ops.backup import BackupError
    from diundash.ops.empty_log import LogNotEmpty
    from diundash.ops.export_format import InvalidExport
    from diundash.ops.legacy_limits import LegacyDatabaseError

    return (
        UnreadableEvent,
        InvalidExport,
        LogNotEmpty,
        LegacyDatabaseError,
        BackupError,
        TokenRefused,
        UnexpectedHash,
    )


class MissingDatabase(Exception):
    """A command that reads the log was pointed at a file that does not exist."""


def _progress(args: argparse.Namespace, verb: str) -> ProgressLine | None:
    """Progress on standard error when it is a terminal, or when asked."""
    return ProgressLine(verb, sys.stderr) if args.progress or sys.stderr.isatty() else None


def _target(args: argparse.Namespace, settings: Settings) -> str:
    return str(args.db or settings.database)


def _open(args: argparse.Namespace, settings: Settings) -> Database:
    """The database the command works on, created when missing; closed by
    ``main`` when the command ends."""
    db = open_database(_target(args, settings), settings.synchronous, settings.database_schema)
    args.opened.append(db)
    if args.command not in ("replay", "import", "import-legacy", "verify"):
        upgrade_read_model(db)  # replay and the imports rebuild anyway; verify only reads
    return db


def _existing_db(args: argparse.Namespace, settings: Settings) -> Database:
    """The database the command reads: a SQLite file must exist already."""
    target = _target(args, settings)
    if not is_database_url(target) and not Path(target).is_file():
        raise MissingDatabase(f"no database at {target}")
    return _open(args, settings)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.server import serve  # the web stack: only to serve

    serve(settings)
    return 0


def _replay(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.events.store import last_position

    db = _existing_db(args, settings)
    line, total = _progress(args, "folded"), last_position(db)
    progress = (lambda folded: line.advance(folded, folded / total)) if line else None
    replay = rebuild_read_tables(db, progress)
    if line:
        line.end()
    print(
        f"replayed {replay.events} events ({replay.appended_meanwhile} appended while it ran); "
        f"read tables at position {replay.position}"
    )
    return 0


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    db = _existing_db(args, settings)
    verification = verify_log(db, args.expect_hash)
    chain, drifts = verification.chain, verification.drifts
    print("\n".join(chain.describe()))
    if chain.broken_at is not None:
        return 1
    if drifts:
        where = describe_database(_target(args, settings))
        print(f"DRIFT: the read tables of {where} differ from a replay of the log:")
        for drift in drifts:
            print(drift.describe())
        return 1
    print(f"ok: the read tables equal a replay of the log (position {projected_position(db)})")
    return 0 if chain.holds else 1


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.ops.transfer import export_log

    db = _existing_db(args, settings)
    with ExitStack() as stack:
        out = stack.enter_context(open(args.out, "xb")) if args.out else sys.stdout.buffer
        progress = _progress(args, "exported")
        count = export_log(db, out, progress)
    if progress:
        progress.end()
    print(f"exported {count} events", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.ops.export_format import UNHASHED_FORMAT
    from diundash.ops.transfer import import_log

    with open(args.file, "rb") as lines:  # first: a missing file creates no database
        db = _open(args, settings)
        progress = _progress(args, "imported")
        size = os.fstat(lines.fileno()).st_size or None  # None: a pipe, no size to go by
        imported = import_log(db, lines, progress, size, args.expect_hash)
    if imported.format_version == 1:
        print(f"warning: {args.file} {UNHASHED_FORMAT}", file=sys.stderr)
    latest = chain_point(imported.events, imported.latest_hash)
    print(
        f"imported {imported.events} events; read tables at position {projected_position(db)}; "
        f"latest hash {latest}"
    )
    if imported.expectation:
        print(imported.expectation.line)
    return 0


def _import_legacy(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.ops.legacy import read_legacy, record_legacy

    path = Path(args.path)
    events, summary = read_legacy(path)  # first: an unreadable file creates no database
    record_legacy(_open(args, settings), events, path.name)
    print(
        f"imported {summary.tags} tags, {summary.updates} updates "
        f"({summary.dismissed} dismissed) and {summary.assignments} tag assignments"
    )
    for skipped in summary.skipped:
        print(f"skipped: {skipped}", file=sys.stderr)
    return 0


def _history(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.events.history import EventQuery
    from diundash.events.store import read_events
    from diundash.ops.timeline import timeline_lines

    db = _existing_db(args, settings)
    if args.image is None and args.host is None:
        lines = timeline_lines(read_events(db))
    else:
        # Tag events name no image: read them too, for the names of the tags.
        tags = _all_matching(db, EventQuery(types=("TagCreated",)))
        names = {stored.event.id: stored.event.name for stored in tags}  # type: ignore[attr-defined]
        query = EventQuery(image=args.image, host=args.host)
        lines = timeline_lines(_all_matching(db, query), names)
    for line in lines:
        print(line)
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.ops.backup import PAGES_PER_STEP, BackupError, backup_database

    def progress(copied: int, total: int) -> None:
        if total > PAGES_PER_STEP:  # more than one step: worth telling
            print(f"copied {copied} of {total} pages", file=sys.stderr, flush=True)

    source = _target(args, settings)
    if is_database_url(source):
        raise BackupError(
            "backup copies a SQLite file; for PostgreSQL use pg_dump, or `diundash export` "
            "for the log alone"
        )
    result = backup_database(source, args.dest, force=args.force, progress=progress)
    print(
        f"backed up {source} to {result.path} ({result.pages} pages, log position "
        f"{result.log_position}); integrity check ok"
    )
    return 0


def _openapi(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.api.openapi import openapi_document

    sys.stdout.buffer.write(orjson.dumps(openapi_document(), option=orjson.OPT_INDENT_2) + b"\n")
    return 0


def _healthcheck(args: argparse.Namespace, settings: Settings) -> int:
    healthy, answer = probe(args.url or health_url(settings), args.timeout)
    print(answer)
    return 0 if healthy else 1


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
    from diundash.auth.tokens import issue_token, list_tokens, revoke_token
    from diundash.events.types import Audit

    audit = Audit(source="cli")
    if args.action == "list":
        for live in list_tokens(_existing_db(args, settings)):
            access = "read-only" if live.read_only else "read-write"
            print(f"{live.name}\t{access}\tissued {live.issued_at}")
        return 0
    if args.action == "revoke":
        revoke_token(_existing_db(args, settings), args.name, audit)
        print(f"revoked the token {args.name!r}")
        return 0
    token = issue_token(_open(args, settings), args.name, args.read_only, audit)
    access = "read-only" if args.read_only else "read-write"
    print(f"issued the {access} token {args.name!r}; it is shown once, keep it now:")
    print(token)
    return 0


def _rotate_session_key(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.auth.sessions import rotate_session_key
    from diundash.clock import utc_now

    rotate_session_key(_existing_db(args, settings), utc_now())
    print("the session key was replaced: every session is signed out")
    if settings.session_secret:
        print("(SESSION_SECRET is set, so sessions are signed with it, not with this key)")
    return 0


def _sessions(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.auth.sessions import end_all_sessions

    ended = end_all_sessions(_existing_db(args, settings))
    print(f"ended {ended} password session(s), on every instance: sign in again")
    return 0


def _all_matching(db: Database, query: "EventQuery") -> Iterator["StoredEvent"]:
    from diundash.events.history import find_events

    after = 0
    while page := find_events(db, replace(query, after=after, limit=500)):
        yield from page
        after = page[-1].position


def _expected_hash(text: str) -> ExpectedHash:
    try:
        return ExpectedHash.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_db_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--db",
        help="SQLite file or postgresql:// URL (default: $DATABASE_URL, "
        "else $DB_PATH or ./diun.db)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diundash",
        description="Event-sourced dashboard for DIUN webhooks. "
        "Settings come from the environment (DB_PATH, HOST, PORT, WEBHOOK_SECRET, ...).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, run: Command, text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=text, description=text)
        command.set_defaults(run=run)
        if name not in ("serve", "healthcheck", "openapi", "hash-password", "token", "sessions"):
            add_db_option(command)
        return command

    add("serve", _serve, "serve the dashboard and the API on HOST:PORT")
    replay = add(
        "replay", _replay, "rebuild the read tables from the event log, while the service runs"
    )
    verify = add(
        "verify",
        _verify,
        "check the log's hash chain, then that the read tables equal a replay of the log",
    )
    export = add("export", _export, "write the whole log as JSON Lines")
    export.add_argument("--out", help="file to create (default: standard output)")
    import_ = add("import", _import, "load an export into an empty database")
    import_.add_argument("file", help="a JSON Lines file written by diundash export")
    for checking in (verify, import_):
        checking.add_argument(
            "--expect-hash",
            type=_expected_hash,
            metavar="POSITION:HASH",
            help="a latest hash verify or import printed earlier: exit 1 unless the log "
            "hashes to it there (import: and import nothing)",
        )
    for long_running in (replay, export, import_):
        long_running.add_argument(
            "--progress",
            action="store_true",
            help="report progress on standard error even when it is not a terminal",
        )
    add("import-legacy", _import_legacy, "turn a DiunDashboard diun.db into events").add_argument(
        "path", help="the DiunDashboard database file (opened read-only)"
    )
    history = add("history", _history, "print the log as a timeline")
    history.add_argument("image", nargs="?", help="only the events of this image")
    history.add_argument("--host", help="only the events of this host ('' for the unnamed one)")
    backup = add("backup", _backup, "copy the database safely while the service runs")
    backup.add_argument("dest", help="file to write (checked with PRAGMA integrity_check)")
    backup.add_argument("--force", action="store_true", help="replace DEST if it exists")
    add("openapi", _openapi, "print the OpenAPI document the service serves at /api/openapi.json")
    healthcheck = add("healthcheck", _healthcheck, "exit 0 if the service's /healthz is 200")
    healthcheck.add_argument("--url", help="default: http://127.0.0.1:$PORT/healthz")
    healthcheck.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds")
    add(
        "hash-password",
        _hash_password,
        "print an AUTH_PASSWORD hash of a password read from the terminal or standard input",
    )
    token = add("token", _token, "issue, list or revoke API tokens (Authorization: Bearer)")
    actions = token.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="issue a token; it is printed once, last")
    create.add_argument("name", help="the token's name, recorded as the actor of its changes")
    create.add_argument("--read-only", action="store_true", help="it may only read (GET)")
    listing = actions.add_parser("list", help="the live tokens (names, never the tokens)")
    revoke = actions.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")
    for action in (create, listing, revoke):
        add_db_option(action)
    add("rotate-session-key", _rotate_session_key, "sign every session out (new signing key)")
    sessions = add("sessions", _sessions, "end password sessions")
    ending = sessions.add_subparsers(dest="action", required=True, metavar="ACTION")
    add_db_option(ending.add_parser("revoke-all", help="end every password session"))
    return parser


def _run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        return int(args.run(args, settings))
    finally:
        for db in args.opened:
            db.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = _parser().parse_args(argv)
    args.opened = []
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"diundash: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    try:
        return _run(args, settings)
    except BrokenPipeError:
        # Whoever read our output stopped early (`diundash history | head`).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except DatabaseNotWritable as error:
        print(f"diundash: {error}", file=sys.stderr)
        return 1
    except (MissingDatabase, NotADiundashDatabase, OSError) as error:
        print(f"diundash: {error}", file=sys.stderr)
        return 2
    except DatabaseError as error:
        where = describe_database(str(getattr(args, "db", None) or settings.database))
        print(f"diundash: the database {where} cannot be used: {error}", file=sys.stderr)
        return 1
    except _operator_errors() as error:
        print(f"diundash {args.command}: nothing was changed: {error}", file=sys.stderr)
        return 1
