"""The append-only event log. Nothing else writes the ``events`` table."""

import dataclasses
from collections.abc import Iterator

import orjson
from peewee import IntegerField, Model, SqliteDatabase, TextField

from diundash.events.types import EVENT_TYPES, Audit, Event, StoredEvent
from diundash.events.upcasting import UnknownEventType, upcast

READ_BATCH = 500

# The database itself refuses to change history: UPDATE and DELETE abort, and
# an insert must take exactly the next position (no gaps, no overwrite, so
# INSERT OR REPLACE cannot slip past even without recursive_triggers).
EVENT_TABLE_DDL = (
    """
    CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)),
        recorded_at TEXT NOT NULL,
        source TEXT NOT NULL,
        remote_addr TEXT,
        request_id TEXT
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS events_next_position BEFORE INSERT ON events
    WHEN NEW.position IS NOT (SELECT coalesce(max(position), 0) + 1 FROM events)
    BEGIN SELECT RAISE(ABORT, 'events are append-only: position must be the next one'); END
    """,
)


class EventRow(Model):
    """A row of the ``events`` table (unbound: queries name their database)."""

    position = IntegerField(primary_key=True)
    type = TextField()
    version = IntegerField()
    data = TextField()
    recorded_at = TextField()
    source = TextField()
    remote_addr = TextField(null=True)
    request_id = TextField(null=True)

    class Meta:
        table_name = "events"


def create_event_table(db: SqliteDatabase) -> None:
    """Create the event table and its append-only triggers if missing."""
    for statement in EVENT_TABLE_DDL:
        db.execute_sql(statement)


def append(db: SqliteDatabase, event: Event, audit: Audit, recorded_at: str) -> StoredEvent:
    """Append ``event`` at the next position; the caller owns the transaction."""
    if not db.in_transaction():
        raise RuntimeError("append() must run inside the caller's write transaction")
    position = last_position(db) + 1
    EventRow.insert(
        position=position,
        type=event.TYPE,
        version=event.VERSION,
        data=orjson.dumps(dataclasses.asdict(event)).decode(),
        recorded_at=recorded_at,
        source=audit.source,
        remote_addr=audit.remote_addr,
        request_id=audit.request_id,
    ).execute(db)
    return StoredEvent(position, event, event.VERSION, recorded_at, audit)


def last_position(db: SqliteDatabase) -> int:
    """The position of the newest event, 0 for an empty log."""
    cursor = db.execute_sql("SELECT coalesce(max(position), 0) FROM events")
    return int(cursor.fetchone()[0])


def read_events(db: SqliteDatabase, after: int = 0) -> Iterator[StoredEvent]:
    """Every event after position ``after``, oldest first, upcast on read.

    Reads in batches so memory stays flat however long the log is.
    """
    while True:
        rows = list(
            EventRow.select()
            .where(EventRow.position > after)
            .order_by(EventRow.position)
            .limit(READ_BATCH)
            .execute(db)
        )
        for row in rows:
            yield to_stored_event(row)
        if len(rows) < READ_BATCH:
            return
        after = rows[-1].position


def to_stored_event(row: EventRow) -> StoredEvent:
    """Decode one ``events`` row into its current-schema event."""
    try:
        data = upcast(row.type, row.version, orjson.loads(row.data), row.recorded_at)
    except UnknownEventType as error:
        raise UnknownEventType(f"event at position {row.position}: {error}") from None
    event = EVENT_TYPES[row.type](**data)
    audit = Audit(row.source, row.remote_addr, row.request_id)
    return StoredEvent(row.position, event, row.version, row.recorded_at, audit)
