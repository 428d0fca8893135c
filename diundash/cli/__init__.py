"""The ``diundash`` command: serve, and the operator commands on the log.

Each command is declared in the module of its group (``log``, ``transfer``,
``service``, ``sign_in``, ``updates``, ``notify``) with what it needs; ``parser`` lists them."""

import argparse
import os
import sys
from collections.abc import Sequence

from peewee import DatabaseError

from diundash.cli.command import MissingDatabase
from diundash.cli.log_output import logging_to_stderr
from diundash.cli.parser import build_parser
from diundash.config import ConfigError, Settings
from diundash.storage import DatabaseNotWritable, NotADiundashDatabase, describe_database


def _operator_errors() -> tuple[type[Exception], ...]:
    """Refusals an operator can act on: a message and exit code 1, no traceback."""
    from diundash.errors import CommandRejected
    from diundash.events.integrity import UnexpectedHash
    from diundash.events.upcasting import UnreadableEvent
    from diundash.input_rules import InvalidInput
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
        CommandRejected,
        UnexpectedHash,
        InvalidInput,
    )


def _run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        return int(args.declared.run(args, settings))
    finally:
        for db in args.opened:
            db.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = build_parser().parse_args(argv)
    args.opened = []
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"diundash: {error}", file=sys.stderr)
        return 2
    try:
        with logging_to_stderr(settings.log_level):
            return _run(args, settings)
    except BrokenPipeError:
        # Whoever read our output stopped early (`diundash history | head`).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ConfigError as error:  # a setting checked once the service starts (NOTIFY_URLS)
        print(f"diundash: {error}", file=sys.stderr)
        return 2
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
