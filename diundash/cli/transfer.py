"""The commands that move a log or a database in and out: ``export``,
``import``, ``import-legacy`` and ``backup``."""

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path

from diundash.cli.command import (
    Command,
    DatabaseUse,
    add_expect_hash_option,
    add_progress_option,
    existing_db,
    open_db,
    progress_line,
    target,
)
from diundash.config import Settings
from diundash.events.integrity import chain_point
from diundash.projections.update_views import projected_position
from diundash.storage import is_database_url


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.ops.transfer import export_log

    db = existing_db(args, settings)
    with ExitStack() as stack:
        out = stack.enter_context(open(args.out, "xb")) if args.out else sys.stdout.buffer
        progress = progress_line(args, "exported")
        count = export_log(db, out, progress)
    if progress:
        progress.end()
    print(f"exported {count} events", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.ops.export_format import UNHASHED_FORMAT
    from diundash.ops.transfer import import_log

    with open(args.file, "rb") as lines:  # first: a missing file creates no database
        db = open_db(args, settings)
        progress = progress_line(args, "imported")
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
    record_legacy(open_db(args, settings), events, path.name)
    print(
        f"imported {summary.tags} tags, {summary.updates} updates "
        f"({summary.dismissed} dismissed) and {summary.assignments} tag assignments"
    )
    for skipped in summary.skipped:
        print(f"skipped: {skipped}", file=sys.stderr)
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.ops.backup import PAGES_PER_STEP, BackupError, backup_database

    def progress(copied: int, total: int) -> None:
        if total > PAGES_PER_STEP:  # more than one step: worth telling
            print(f"copied {copied} of {total} pages", file=sys.stderr, flush=True)

    source = target(args, settings)
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


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", help="file to create (default: standard output)")
    add_progress_option(parser)


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a JSON Lines file written by diundash export")
    add_expect_hash_option(parser)
    add_progress_option(parser)


def _import_legacy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="the DiunDashboard database file (opened read-only)")


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dest", help="file to write (checked with PRAGMA integrity_check)")
    parser.add_argument("--force", action="store_true", help="replace DEST if it exists")


EXPORT = Command(
    "export",
    "write the whole log as JSON Lines",
    _export,
    database=DatabaseUse.UPGRADED,
    arguments=_export_arguments,
)
IMPORT = Command(
    "import",
    "load an export into an empty database",
    _import,
    database=DatabaseUse.AS_IT_IS,  # the import rebuilds them
    arguments=_import_arguments,
)
IMPORT_LEGACY = Command(
    "import-legacy",
    "turn a DiunDashboard diun.db into events",
    _import_legacy,
    database=DatabaseUse.AS_IT_IS,  # the import rebuilds them
    arguments=_import_legacy_arguments,
)
BACKUP = Command(
    "backup",
    "copy the database safely while the service runs",
    _backup,
    database=DatabaseUse.AS_IT_IS,  # it copies the file as it is
    arguments=_backup_arguments,
)
