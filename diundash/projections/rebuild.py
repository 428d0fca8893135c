"""Replay: rebuilding the read tables from the log, and checking that the
live tables equal a rebuild. Both fold the log in memory (``fold.py``)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any

from peewee import Database

from diundash.events.chain import last_hash
from diundash.events.integrity import ChainCheck, ChainReport, ExpectedHash
from diundash.events.store import (
    EventRecord,
    decode,
    last_position,
    read_decoded,
    read_hashed,
)
from diundash.events.types import Event
from diundash.projections.effects.notifications import NOTIFICATION_COLUMNS
from diundash.projections.fold import cycle_collection_paused, fold
from diundash.projections.read_model import ReadModel, Rows
from diundash.projections.snapshots import SNAPSHOT_EVERY, SnapshotWriter
from diundash.projections.tables import REBUILT_TABLES, ProjectionStateRow
from diundash.projections.update_entries import HOST_ROW_COLUMNS, UPDATE_COLUMNS
from diundash.storage import execute_many, read_snapshot, roomy_cache, write_transaction
from diundash.storage.schema import READ_MODEL_VERSION

# The columns of each read table, as a fold gives its rows and verify
# compares them: named, so the live tables of any engine compare with a fold.
READ_TABLE_COLUMNS = {
    "updates": (*UPDATE_COLUMNS, "acknowledged_at"),
    "tags": ("id", "name"),
    "host_updates": HOST_ROW_COLUMNS,
    "tag_assignments": ("image", "tag_id"),
    "tokens": ("name", "token_hash", "read_only", "issued_at"),
    "silent_hosts": ("hostname", "since", "reason"),
    "repository_versions": ("repository", "tag"),
    "notifications": NOTIFICATION_COLUMNS,
    "reminded_updates": ("receipt_position", "key"),
    # The projected position and tag id counter (a rebuild hands out the same next id).
    "projection_state": ("id", "position", "last_tag_id", "read_model"),
}
SNAPSHOT_QUERIES = {
    table: f"SELECT {', '.join(columns)} FROM {table}"
    for table, columns in READ_TABLE_COLUMNS.items()
}
INSERT_ROWS = {
    table: f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for table, columns in READ_TABLE_COLUMNS.items()
}
SET_PROJECTED = "UPDATE projection_state SET position = ?, last_tag_id = ? WHERE id = 1"
# The big tables a replay writes only where they differ, by their keys.
DIFFED_TABLES = {"updates": ("image",), "host_updates": ("hostname", "image")}
# The order they are written in: image, then host, as their indexes run.
# 200,000 host rows inserted in the fold's order (images as the log first
# named them, each image's hosts together) took 3.7 to 4.3 s, in this
# order 2.2 to 2.8 s; host first, 2.8 s (each host a sweep across the
# index of images); in no order at all, 5.7 s.
INSERT_ORDER = {"updates": itemgetter(0), "host_updates": itemgetter(1, 0)}
DELETE_ROWS = {
    table: f"DELETE FROM {table} WHERE {' AND '.join(f'{column} = ?' for column in key)}"
    for table, key in DIFFED_TABLES.items()
}
NEXT_GENERATION = (
    "UPDATE projection_state SET read_model = ?, generation = generation + 1 WHERE id = 1"
)
PROGRESS_EVERY = 100_000

MAX_REPORTED_ROWS = 10

Snapshot = dict[str, list[tuple[object, ...]]]
Progress = Callable[[int], None]


def fold_log(db: Database, upto: int | None = None) -> ReadModel:
    """The log of ``db`` up to position ``upto`` (all of it by default),
    folded in memory. The log is read in pages, each its own statement:
    rows never change once appended."""
    model = ReadModel()
    fold(model, read_decoded(db, upto=upto))
    return model


def clear_read_tables(db: Database) -> None:
    """Empty the read tables, back to position 0, inside the caller's
    transaction (a rebuild drops the snapshots it did not store itself)."""
    for table in REBUILT_TABLES:
        db.execute_sql(f"DELETE FROM {table}")
    ProjectionStateRow.update(position=0, last_tag_id=0).execute(db)


@dataclass(frozen=True)
class Replay:
    """What a rebuild did: the events it folded, how many of them were
    appended while it folded (it caught up with them at the swap), and the
    log position the new tables reflect."""

    events: int
    appended_meanwhile: int
    position: int


def rebuild_read_tables(
    db: Database, progress: Progress | None = None, snapshot_every: int = SNAPSHOT_EVERY
) -> Replay:
    """Rebuild the read tables from the whole log, beside the service.

    The log is folded in memory up to its end without any lock, so writers
    go on; then one short write transaction folds the events appended
    meanwhile and swaps the new contents in (a crash before its commit
    leaves the old tables). The rebuilt tables are of this version's read
    model, and their generation moves on, so an ETag given out before
    cannot match them. The read model's snapshots (for time travel,
    ``snapshots.py``) are stored as the fold passes them, and those of the
    rebuild before are dropped at the swap."""
    with cycle_collection_paused():
        return _rebuild(db, progress, snapshot_every)


def _rebuild(db: Database, progress: Progress | None, snapshot_every: int) -> Replay:
    # Its model is freed when it returns, while the collector is still
    # paused: resumed with the model alive, the collector's next pass
    # would walk every object of it (half a second at 200,000 entries).
    model = ReadModel()
    snapshots = SnapshotWriter(db, model, snapshot_every)
    events = read_decoded(db, upto=last_position(db))
    folded = 0
    while chunk := snapshots.fold(islice(events, PROGRESS_EVERY)):
        folded += chunk
        if progress is not None and chunk == PROGRESS_EVERY:
            progress(folded)
    with write_transaction(db):
        meanwhile = snapshots.fold(read_decoded(db, after=model.position))
        swap_in_read_tables(db, model.rows())
        snapshots.drop_others()
        db.execute_sql(NEXT_GENERATION, (READ_MODEL_VERSION,))
    return Replay(folded + meanwhile, meanwhile, model.position)


def swap_in_read_tables(db: Database, rows: Rows) -> None:
    """Make the read tables hold ``rows`` (from ``ReadModel.rows``), inside
    the caller's transaction. The big ones are compared with what they hold
    and only their rows that differ are written: a replay of tables that
    are right (the usual case: the live projector keeps them so) writes
    next to nothing, and holds the write lock that much shorter."""
    writes: dict[str, tuple[list[Any], list[Any]]] = {}
    for table, key in DIFFED_TABLES.items():
        width = len(key)
        missing = {row[:width]: row for row in rows[table]}  # until found among the live
        stale, changed = [], []
        for live in db.execute_sql(SNAPSHOT_QUERIES[table]):  # streamed, not held whole
            wanted = missing.pop(tuple(live[:width]), None)
            if wanted is None or wanted != tuple(live):
                stale.append(live[:width])
                if wanted is not None:
                    changed.append(wanted)
        inserted = sorted([*changed, *missing.values()], key=INSERT_ORDER[table])
        writes[table] = (stale, inserted)
    # Only the writes get the roomy cache: the live rows read to compare
    # them would fill it for nothing (200 MiB at 200,000 host entries).
    with roomy_cache(db):
        for table, (deleted, inserted) in writes.items():
            execute_many(db, DELETE_ROWS[table], deleted)
            execute_many(db, INSERT_ROWS[table], inserted)
        for table in REBUILT_TABLES:  # the small ones anew, children first
            if table not in DIFFED_TABLES:
                db.execute_sql(f"DELETE FROM {table}")
        for table in reversed(REBUILT_TABLES):
            if table not in DIFFED_TABLES:
                execute_many(db, INSERT_ROWS[table], rows[table])
    ((_, position, last_tag_id, _),) = rows["projection_state"]
    db.execute_sql(SET_PROJECTED, (position, last_tag_id))


def upgrade_read_model(db: Database) -> Replay | None:
    """Rebuild read tables an older version projected (its read model lacks
    what this one's has, per-host entries say); None when they were current."""
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


@dataclass(frozen=True)
class Verification:
    """What ``verify_log`` found: the hash chain's report, and how the live
    read tables differ from a fold of the log (not compared, so empty, when
    the chain is broken)."""

    chain: ChainReport
    drifts: list[Drift]


def verify_log(db: Database, expected: ExpectedHash | None = None) -> Verification:
    """Check the log's hash chain (and a hash of it noted earlier,
    ``expected``) and compare the live read tables with a fold of the log,
    in one read of the log. The live database is only read (one snapshot
    of the read tables and of the log's end), so writers go on."""
    with read_snapshot(db):
        live = snapshot_read_tables(db)
        position = last_position(db)
        check = ChainCheck(last_hash(db)[0], expected)
    with cycle_collection_paused():  # and the fold freed before it resumes
        return _verified(_chained(read_hashed(db, upto=position), check), check, live)


def _verified(
    events: Iterator[tuple[int, Event]], check: ChainCheck, live: Snapshot
) -> Verification:
    model = ReadModel()
    fold(model, events)
    chain = check.report()
    if chain.broken_at is not None:
        return Verification(chain, [])
    rows = model.rows()
    rebuilt = {table: sorted(rows[table]) for table in SNAPSHOT_QUERIES}
    return Verification(chain, compare_snapshots(live, rebuilt))


def _chained(
    rows: Iterator[tuple[EventRecord, Any, str | None]], check: ChainCheck
) -> Iterator[tuple[int, Event]]:
    """The events of ``rows`` as long as the chain holds over them; the
    rows after a break are only checked (the report counts them all)."""
    for row, data, stored in rows:
        if check.check(row, data, stored):
            yield row.position, decode(row.position, row.type, row.version, data, row.recorded_at)
