"""What a ``diundash`` command declares about itself, and the helpers the
commands share: the database they work on, progress, common options.

What a command needs beyond the log and the read tables it imports when it
runs: each run starts only what it uses (``replay`` no web stack)."""

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from peewee import Database

from diundash.config import Settings
from diundash.events.integrity import ExpectedHash
from diundash.ops.progress import ProgressLine
from diundash.projections.rebuild import upgrade_read_model
from diundash.storage import is_database_url, open_database

Run = Callable[[argparse.Namespace, Settings], int]
Arguments = Callable[[argparse.ArgumentParser], None]


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a command (or action) that takes no arguments of its own."""


class DatabaseUse(Enum):
    """What a command does with a database."""

    NONE = "none"  # it works on none: no --db
    AS_IT_IS = "as it is"  # opened with the read tables as they are (rebuilt anyway, or only read)
    UPGRADED = "upgraded"  # opened, the read tables first brought up to this version


@dataclass(frozen=True)
class Action:
    """One action of a command that has several (``token create``)."""

    name: str
    help: str
    arguments: Arguments = no_arguments


@dataclass(frozen=True)
class Command:
    """A ``diundash`` command, and whether it works on a ``database`` (then
    chosen with ``--db``, on each of its ``actions`` when it has some) and
    opens it upgraded."""

    name: str
    help: str
    run: Run
    database: DatabaseUse
    arguments: Arguments = no_arguments
    actions: tuple[Action, ...] = ()


class MissingDatabase(Exception):
    """A command that reads the log was pointed at a file that does not exist."""


def target(args: argparse.Namespace, settings: Settings) -> str:
    """The database the command was pointed at: ``--db``, else the settings'."""
    return str(args.db or settings.database)


def open_db(args: argparse.Namespace, settings: Settings) -> Database:
    """The database the command works on, created when missing; closed by
    ``main`` when the command ends."""
    db = open_database(target(args, settings), settings.synchronous, settings.database_schema)
    args.opened.append(db)
    if args.declared.database is DatabaseUse.UPGRADED:
        upgrade_read_model(db)
    return db


def existing_db(args: argparse.Namespace, settings: Settings) -> Database:
    """The database the command reads: a SQLite file must exist already."""
    where = target(args, settings)
    if not is_database_url(where) and not Path(where).is_file():
        raise MissingDatabase(f"no database at {where}")
    return open_db(args, settings)


def progress_line(args: argparse.Namespace, verb: str) -> ProgressLine | None:
    """Progress on standard error when it is a terminal, or when asked."""
    return ProgressLine(verb, sys.stderr) if args.progress or sys.stderr.isatty() else None


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="SQLite file or postgresql:// URL (default: $DATABASE_URL, "
        "else $DB_PATH or ./diun.db)",
    )


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action="store_true",
        help="report progress on standard error even when it is not a terminal",
    )


def add_expect_hash_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--expect-hash",
        type=_expected_hash,
        metavar="POSITION:HASH",
        help="a latest hash verify or import printed earlier: exit 1 unless the log "
        "hashes to it there (import: and import nothing)",
    )


def _expected_hash(text: str) -> ExpectedHash:
    try:
        return ExpectedHash.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
