"""The ``diundash`` command: serve, and the operator commands on the log."""

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from peewee import SqliteDatabase

from diundash.config import ConfigError, Settings
from diundash.database import open_database
from diundash.events.upcasting import UnknownEventType
from diundash.projections.queries import projected_position
from diundash.projections.rebuild import rebuild_read_tables, verify_read_tables
from diundash.server import serve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diundash",
        description="Event-sourced dashboard for DIUN webhooks. "
        "Settings come from the environment (DB_PATH, HOST, PORT, WEBHOOK_SECRET, ...).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("serve", help="serve the dashboard and the API (HOST:PORT)")
    for name, text in (
        ("replay", "rebuild the read tables from the event log (one transaction)"),
        ("verify", "check that the read tables equal a rebuild from the log"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--db", help="database file (default: $DB_PATH or ./diun.db)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"diundash: {error}", file=sys.stderr)
        return 2
    if args.command == "serve":
        serve(settings)
        return 0
    db_path = args.db or settings.db_path
    if not Path(db_path).is_file():
        print(f"diundash: no database at {db_path}", file=sys.stderr)
        return 2
    db = open_database(db_path, settings.synchronous)
    try:
        return _replay(db) if args.command == "replay" else _verify(db, db_path)
    except UnknownEventType as error:
        print(f"diundash: {args.command} stopped, nothing was changed: {error}", file=sys.stderr)
        return 1


def _replay(db: SqliteDatabase) -> int:
    applied = rebuild_read_tables(db)
    print(f"replayed {applied} events; read tables at position {projected_position(db)}")
    return 0


def _verify(db: SqliteDatabase, db_path: str) -> int:
    drifts = verify_read_tables(db)
    if drifts:
        print(f"DRIFT: the read tables of {db_path} differ from a replay of the log:")
        for drift in drifts:
            print(drift.describe())
        return 1
    print(f"ok: the read tables equal a replay of the log (position {projected_position(db)})")
    return 0
