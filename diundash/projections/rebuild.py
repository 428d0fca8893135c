"""Replay: rebuilding the read tables from the log, and checking that the
live tables equal a rebuild."""

import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from peewee import SqliteDatabase

from diundash.events.store import read_events
from diundash.projections.projector import project
from diundash.projections.tables import REBUILT_TABLES, ProjectionStateRow

# What verify compares: each read table in primary-key order, the projected
# position, and the tag id counter (so a rebuild hands out the same next id).
SNAPSHOT_QUERIES = {
    "updates": "SELECT * FROM updates ORDER BY image",
    "tags": "SELECT * FROM tags ORDER BY id",
    "tag_assignments": "SELECT * FROM tag_assignments ORDER BY image",
    "projection_state": "SELECT * FROM projection_state",
    "tag id counter": "SELECT name, seq FROM sqlite_sequence WHERE name = 'tags'",
}
MAX_REPORTED_ROWS = 10

Snapshot = dict[str, list[tuple[object, ...]]]


def rebuild_read_tables(db: SqliteDatabase) -> int:
    """Empty the read tables and re-apply the whole log; return the number of
    events applied. One transaction: a crash midway leaves the old tables."""
    applied = 0
    with db.atomic():
        for table in REBUILT_TABLES:
            db.execute_sql(f"DELETE FROM {table}")
        db.execute_sql("DELETE FROM sqlite_sequence WHERE name = 'tags'")
        ProjectionStateRow.update(position=0).execute(db)
        for stored in read_events(db):
            project(db, stored)
            applied += 1
    return applied


def snapshot_read_tables(db: SqliteDatabase) -> Snapshot:
    """Every row of the read tables, in a stable order."""
    return {name: list(db.execute_sql(sql).fetchall()) for name, sql in SNAPSHOT_QUERIES.items()}


@dataclass(frozen=True)
class Drift:
    """How the live read tables differ from a rebuild of the log."""

    table: str
    only_live: list[tuple[object, ...]]
    only_rebuilt: list[tuple[object, ...]]

    def describe(self) -> str:
        lines = [
            f"{self.table}: {len(self.only_live)} row(s) only in the live tables, "
            f"{len(self.only_rebuilt)} only in the rebuild"
        ]
        lines += [f"  live:    {row!r}" for row in self.only_live[:MAX_REPORTED_ROWS]]
        lines += [f"  rebuilt: {row!r}" for row in self.only_rebuilt[:MAX_REPORTED_ROWS]]
        return "\n".join(lines)


def compare_snapshots(live: Snapshot, rebuilt: Snapshot) -> list[Drift]:
    """The tables whose rows differ between two snapshots."""
    drifts = []
    for table in SNAPSHOT_QUERIES:
        live_rows, rebuilt_rows = live[table], rebuilt[table]
        if live_rows != rebuilt_rows:
            live_set, rebuilt_set = set(live_rows), set(rebuilt_rows)
            only_live = [row for row in live_rows if row not in rebuilt_set]
            only_rebuilt = [row for row in rebuilt_rows if row not in live_set]
            drifts.append(Drift(table, only_live, only_rebuilt))
    return drifts


def verify_read_tables(db: SqliteDatabase) -> list[Drift]:
    """Replay the log into a scratch copy of the database and compare it with
    the live read tables. The live database is only read (one consistent
    snapshot through SQLite's backup API), so writers are not held up."""
    with tempfile.TemporaryDirectory(prefix="diundash-verify-") as scratch_dir:
        scratch_path = str(Path(scratch_dir) / "scratch.db")
        with sqlite3.connect(scratch_path) as target:
            db.connection().backup(target)
        target.close()
        scratch = SqliteDatabase(scratch_path, pragmas={"synchronous": "OFF"})
        try:
            live = snapshot_read_tables(scratch)
            rebuild_read_tables(scratch)
            return compare_snapshots(live, snapshot_read_tables(scratch))
        finally:
            scratch.close()
