"""Replay: rebuilding the read tables from the log, and checking that the
live tables equal a rebuild."""

from dataclasses import dataclass

from peewee import Database

from diundash.events.store import last_position, read_events
from diundash.projections.projector import project, record_position
from diundash.projections.tables import REBUILT_TABLES, ProjectionStateRow
from diundash.projections.update_entries import HOST_COLUMNS, UPDATE_COLUMNS
from diundash.storage import read_snapshot, scratch_database, write_transaction
from diundash.storage.schema import READ_MODEL_VERSION

# What verify compares: each read table, and the projected position and tag
# id counter (so a rebuild hands out the same next id). Columns are named, so
# the live tables of any engine compare with a scratch SQLite rebuild.
SNAPSHOT_QUERIES = {
    "updates": f"SELECT {', '.join(UPDATE_COLUMNS)}, acknowledged_at FROM updates",
    "tags": "SELECT id, name FROM tags",
    "host_updates": f"SELECT hostname, image, {', '.join(HOST_COLUMNS)}, received_at, "
    "receipt_position, acknowledged_at, event_json FROM host_updates",
    "tag_assignments": "SELECT image, tag_id FROM tag_assignments",
    "tokens": "SELECT name, token_hash, read_only, issued_at FROM tokens",
    "projection_state": "SELECT id, position, last_tag_id, read_model FROM projection_state",
}
MAX_REPORTED_ROWS = 10

Snapshot = dict[str, list[tuple[object, ...]]]


def fold_log(source: Database, target: Database, upto: int | None = None) -> int:
    """Project the events of ``source``'s log (up to position ``upto``) into
    ``target``'s read tables, oldest first, inside the caller's transaction;
    return how many were applied. ``target`` may be ``source`` itself (a
    rebuild) or a scratch database (time travel, verify)."""
    applied = last = 0
    for stored in read_events(source, upto=upto):
        project(target, stored, record_position=False)
        applied, last = applied + 1, stored.position
    if applied:
        record_position(target, last)
    return applied


def clear_read_tables(db: Database) -> None:
    """Empty the read tables, back to position 0, inside the caller's transaction."""
    for table in REBUILT_TABLES:
        db.execute_sql(f"DELETE FROM {table}")
    ProjectionStateRow.update(position=0, last_tag_id=0).execute(db)


def rebuild_read_tables(db: Database) -> int:
    """Empty the read tables and re-apply the whole log; return the number of
    events applied. One transaction: a crash midway leaves the old tables.

    The rebuilt tables are of this version's read model, and their generation
    moves on, so an ETag given out before cannot match them."""
    with write_transaction(db):
        clear_read_tables(db)
        applied = fold_log(db, db)
        db.execute_sql(
            "UPDATE projection_state SET read_model = ?, generation = generation + 1 WHERE id = 1",
            (READ_MODEL_VERSION,),
        )
        return applied


def upgrade_read_model(db: Database) -> int | None:
    """Rebuild read tables an older version projected (its read model lacks
    what this one's has, per-host entries say); the number of events
    replayed, or None when they were current."""
    with write_transaction(db):
        row = ProjectionStateRow.select().where(ProjectionStateRow.id == 1).first(db)
        if row.read_model >= READ_MODEL_VERSION:
            return None
        return rebuild_read_tables(db)


def snapshot_read_tables(db: Database) -> Snapshot:
    """Every row of the read tables, in primary-key order."""
    return {
        name: sorted(tuple(row) for row in db.execute_sql(sql).fetchall())
        for name, sql in SNAPSHOT_QUERIES.items()
    }


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


def verify_read_tables(db: Database) -> list[Drift]:
    """Replay the log into a scratch in-memory database and compare it with
    the live read tables. The live database is only read (one snapshot of
    the read tables and of the log's end), so writers go on."""
    with read_snapshot(db):
        live = snapshot_read_tables(db)
        position = last_position(db)
    scratch = scratch_database()
    try:
        with scratch.atomic():
            fold_log(db, scratch, upto=position)
        return compare_snapshots(live, snapshot_read_tables(scratch))
    finally:
        scratch.close()
