"""Snapshots of the read model every ``SNAPSHOT_EVERY`` events, so time
travel folds forward from the nearest one instead of from the log's start.

Derived data, like the read tables: never part of the log or of an export.
The projector stores one when it projects an event at a multiple of
``SNAPSHOT_EVERY`` (read back from the live tables, in the same
transaction); a rebuild drops them all and stores its own.
"""

import orjson
from peewee import Database

from diundash.projections.fold import HostEntry, ReadModel

SNAPSHOT_EVERY = 10_000
INSERT_SNAPSHOT = "INSERT INTO read_model_snapshots (position, state) VALUES (?, ?)"
NEAREST_SNAPSHOT = (
    "SELECT state FROM read_model_snapshots WHERE position <= ? ORDER BY position DESC LIMIT 1"
)
HOST_ENTRIES = (
    "SELECT image, hostname, event_json, received_at, receipt_position, acknowledged_at "
    "FROM host_updates"
)


def nearest_snapshot(db: Database, position: int) -> ReadModel:
    """The read model at the newest snapshot at or before ``position`` (an
    empty one, at position 0, when there is none)."""
    row = db.execute_sql(NEAREST_SNAPSHOT, (position,)).fetchone()
    return ReadModel.from_json(row[0]) if row else ReadModel()


def read_model_of_tables(db: Database, position: int) -> ReadModel:
    """The live read tables, which reflect the log up to ``position``, as a
    read model (inside the caller's transaction)."""
    model = ReadModel()
    model.position = position
    (model.last_tag_id,) = db.execute_sql(
        "SELECT last_tag_id FROM projection_state WHERE id = 1"
    ).fetchone()
    for image, host, body_json, received_at, receipt, acknowledged in db.execute_sql(HOST_ENTRIES):
        entry = HostEntry(orjson.loads(body_json), received_at, receipt, acknowledged)
        model.entries.setdefault(image, {})[host] = entry
    model.tags = dict(db.execute_sql("SELECT id, name FROM tags").fetchall())
    model.assignments = dict(db.execute_sql("SELECT image, tag_id FROM tag_assignments"))
    model.tokens = {
        name: (token_hash, bool(read_only), issued_at)
        for name, token_hash, read_only, issued_at in db.execute_sql(
            "SELECT name, token_hash, read_only, issued_at FROM tokens"
        )
    }
    return model


def store_snapshot_of_tables(db: Database, position: int) -> None:
    """Store the live read tables, at ``position``, as a snapshot."""
    db.execute_sql(INSERT_SNAPSHOT, (position, read_model_of_tables(db, position).to_json()))
