"""The append-only event log. Nothing else writes the ``events`` table."""

import dataclasses
from collections.abc import Iterator
from typing import Any

import orjson
from peewee import Database, IntegerField, Model, TextField

from diundash.events.chain import last_hash, record_hash
from diundash.events.types import Audit, Event, StoredEvent
from diundash.events.upcasting import UnreadableEvent, decode_event

READ_BATCH = 500

# A plain statement: the log's hot path, kept clear of query building.
INSERT_EVENT = (
    "INSERT INTO events (position, type, version, data, recorded_at, source, remote_addr, "
    "request_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
    actor = TextField(null=True)

    class Meta:
        table_name = "events"


def append(
    db: Database,
    event: Event,
    audit: Audit,
    recorded_at: str,
    stored_as: tuple[int, dict[str, Any]] | None = None,
) -> StoredEvent:
    """Append ``event`` at the next position; the caller owns the transaction.

    It is stored in its current schema, or as ``stored_as`` (schema version,
    data) when an import brings it in the form it was first recorded in.
    """
    if not db.in_transaction():
        raise RuntimeError("appending must run inside the caller's write transaction")
    version, data = stored_as or (event.VERSION, dataclasses.asdict(event))
    position = last_position(db) + 1
    row = EventRow(
        position=position,
        type=event.TYPE,
        version=version,
        data=orjson.dumps(data).decode(),
        recorded_at=recorded_at,
        source=audit.source,
        remote_addr=audit.remote_addr,
        request_id=audit.request_id,
        actor=audit.actor,
    )
    db.execute_sql(
        INSERT_EVENT,
        (
            row.position,
            row.type,
            row.version,
            row.data,
            row.recorded_at,
            row.source,
            row.remote_addr,
            row.request_id,
            row.actor,
        ),
    )
    hashed_upto, previous = last_hash(db)
    if hashed_upto < position - 1:  # a log from before the chain, not opened since
        fill_missing_hashes(db, upto=position - 1)
        hashed_upto, previous = last_hash(db)
    chained = record_hash(db, position, previous, row)
    return StoredEvent(position, event, version, recorded_at, audit, chained)


def fill_missing_hashes(db: Database, upto: int | None = None) -> int:
    """Hash the events after the newest stored hash (a log from before the
    chain), inside the caller's write transaction; the events are only read.
    Returns how many were hashed."""
    after, previous = last_hash(db)
    filled = 0
    for row in read_rows(db, after=after, upto=upto):
        previous = record_hash(db, row.position, previous, row)
        filled += 1
    return filled


def last_position(db: Database) -> int:
    """The position of the newest event, 0 for an empty log."""
    cursor = db.execute_sql("SELECT coalesce(max(position), 0) FROM events")
    return int(cursor.fetchone()[0])


def last_recorded_at(db: Database) -> str:
    """When the newest event was recorded, "" for an empty log."""
    cursor = db.execute_sql("SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1")
    row = cursor.fetchone()
    return str(row[0]) if row else ""


def read_rows(db: Database, after: int = 0, upto: int | None = None) -> Iterator[EventRow]:
    """The stored rows after position ``after`` (up to ``upto`` included),
    oldest first, read in batches so memory stays flat however long the log is."""
    while True:
        query = EventRow.select().where(EventRow.position > after)
        if upto is not None:
            query = query.where(EventRow.position <= upto)
        rows = list(query.order_by(EventRow.position).limit(READ_BATCH).execute(db))
        yield from rows
        if len(rows) < READ_BATCH:
            return
        after = rows[-1].position


def read_events(db: Database, after: int = 0, upto: int | None = None) -> Iterator[StoredEvent]:
    """Like ``read_rows``, decoded and upcast to the current schema."""
    for row in read_rows(db, after, upto):
        yield to_stored_event(row)


def to_stored_event(row: EventRow) -> StoredEvent:
    """Decode one ``events`` row into its current-schema event."""
    audit = Audit(row.source, row.remote_addr, row.request_id, row.actor)
    try:
        event = decode_event(row.type, row.version, orjson.loads(row.data), row.recorded_at)
    except UnreadableEvent as error:
        raise UnreadableEvent(f"event at position {row.position}: {error}") from None
    return StoredEvent(row.position, event, row.version, row.recorded_at, audit)
