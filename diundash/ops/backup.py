"""Copying the live database with SQLite's online backup API, safe while the
service runs and writes.

The copy is read from one snapshot: the source connection holds a read
transaction for the whole backup. In WAL mode (diundash always uses it) that
blocks no writer, and it keeps SQLite from restarting a stepped backup each
time another connection writes (which, under steady writes, may never end).
The pages go to a temporary file beside DEST that must pass an integrity
check before it takes DEST's name, so DEST is either complete or untouched.
"""

import os
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

PAGES_PER_STEP = 1024  # 4 MiB at SQLite's default page size
BUSY_TIMEOUT_S = 10.0

Progress = Callable[[int, int], None]  # (pages copied, pages in all)


class BackupError(Exception):
    """The copy could not be made or failed its check; DEST is unchanged."""


@dataclass(frozen=True)
class BackupResult:
    """What was written: the file, its size in pages and the log position it holds."""

    path: Path
    pages: int
    log_position: int
    projection_position: int


def backup_database(
    source: str | Path,
    dest: str | Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    pages_per_step: int = PAGES_PER_STEP,
) -> BackupResult:
    """Copy the diundash database ``source`` to ``dest`` and check the copy.

    Raises FileNotFoundError when ``source`` does not exist, FileExistsError
    when ``dest`` does and ``force`` is false, BackupError otherwise.
    """
    source, dest = Path(source), Path(dest)
    if not source.is_file():
        raise FileNotFoundError(f"no database at {source}")
    _check_destination(source, dest, force)
    handle, partial_name = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    os.close(handle)
    partial = Path(partial_name)
    try:
        pages = _copy(source, partial, progress, pages_per_step)
        log_position, projection_position = _check_copy(partial)
        # A stale DEST-wal would be applied to the new file when it is opened.
        for leftover in (f"{dest}-wal", f"{dest}-shm", f"{dest}-journal"):
            Path(leftover).unlink(missing_ok=True)
        os.replace(partial, dest)
    finally:
        for path in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            path.unlink(missing_ok=True)
    return BackupResult(dest, pages, log_position, projection_position)


def _check_destination(source: Path, dest: Path, force: bool) -> None:
    if not dest.parent.is_dir():
        raise BackupError(f"there is no directory {dest.parent}")
    if dest.is_dir():
        raise BackupError(f"{dest} is a directory: name the file to write")
    if not dest.exists():
        return
    if dest.samefile(source):
        raise BackupError(f"{dest} is the database itself")
    if not force:
        raise FileExistsError(f"{dest} exists: pass --force to replace it")


def _copy(source: Path, target_path: Path, progress: Progress | None, pages_per_step: int) -> int:
    # mode=rw: never create the source; nothing is written to it.
    uri = f"{source.resolve().as_uri()}?mode=rw"
    copied = 0

    def on_step(status: int, remaining: int, total: int) -> None:
        nonlocal copied
        copied = total
        if progress is not None:
            progress(total - remaining, total)

    try:
        with (
            closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)) as reader,
            closing(sqlite3.connect(target_path)) as target,
        ):
            reader.isolation_level = None  # transactions are ours to begin
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # snapshot taken
            try:
                reader.backup(target, pages=pages_per_step, progress=on_step)
            finally:
                reader.execute("ROLLBACK")
            # A single self-contained file, whatever mode the source was in.
            target.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.Error as error:
        raise BackupError(f"the copy failed: {error}") from None
    return copied


def _check_copy(path: Path) -> tuple[int, int]:
    """``PRAGMA integrity_check`` on the copy, then its log and projection positions."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as copy:
            problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError("the copy failed its integrity check: " + "; ".join(problems))
            log = copy.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()[0]
            projected = copy.execute("SELECT position FROM projection_state").fetchone()[0]
    except sqlite3.Error as error:
        raise BackupError(f"the copy is not a diundash database: {error}") from None
    return int(log), int(projected)
