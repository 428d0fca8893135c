"""The append-only event log. Nothing else writes the ``events`` table."""

import logging
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import orjson
from peewee import Database, IntegerField, Model, TextField

from diundash.events.chain import INSERT_HASH, last_hash, record_hash
from diundash.events.types import Audit, Event, StoredEvent, event_data
from diundash.events.upcasting import UnreadableEvent, decode_event
from diundash.storage import execute_many

log = logging.getLogger(__name__)

READ_BATCH = 2000

# A plain statement: the log's hot path, kept clear of query building.
# The next position is taken in the same statement (the caller holds the
# log's write lock, and the database checks it is exactly the next one), and
# the previous event's hash comes back with it (NULL: none stored), one round
# trip instead of two.
INSERT_EVENT = (
    "INSERT INTO events (position, type, version, data, recorded_at, source, remote_addr, "
    "request_id, actor) SELECT coalesce(max(position), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? "
    "FROM events RETURNING position, "
    "(SELECT hash FROM event_hashes h WHERE h.position = events.position - 1)"
)

INSERT_NUMBERED_EVENT = (
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


def append(db: Database, event: Event, audit: Audit, recorded_at: str) -> StoredEvent:
    """Append ``event`` at the next position, in its current schema; the
    caller owns the transaction."""
    if not db.in_transaction():
        raise RuntimeError("appending must run inside the caller's write transaction")
    record = EventRecord(
        0,
        event.TYPE,
        event.VERSION,
        orjson.dumps(event_data(event)).decode(),
        recorded_at,
        audit.source,
        audit.remote_addr,
        audit.request_id,
        audit.actor,
    )
    position, previous = db.execute_sql(INSERT_EVENT, record[1:]).fetchone()
    record = record._replace(position=int(position))
    if previous is None:
        if record.position > 1:  # a log from before the chain, not opened since
            fill_missing_hashes(db, upto=record.position - 1)
        previous = last_hash(db)[1]
    chained = record_hash(db, record.position, str(previous), record)
    return StoredEvent(record.position, event, event.VERSION, recorded_at, audit, chained)


def append_rows(db: Database, rows: Sequence["EventRecord"], hashes: Sequence[str]) -> None:
    """Append rows that already carry their positions, with their hashes in
    the chain, in one batch (an import brings them checked); the database
    still refuses any row that is not at the next position. The caller owns
    the transaction."""
    if not db.in_transaction():
        raise RuntimeError("appending must run inside the caller's write transaction")
    execute_many(db, INSERT_NUMBERED_EVENT, rows)
    execute_many(db, INSERT_HASH, zip((row.position for row in rows), hashes, strict=True))


def fill_missing_hashes(db: Database, upto: int | None = None) -> int:
    """Hash the events after the newest stored hash (a log from before the
    chain), inside the caller's write transaction; the events are only read.
    Returns how many were hashed. Unhashed events after hashed ones are
    hashed too, as they are now, and that is logged: ``verify`` reported
    them until now, and after it only a hash noted earlier can tell
    whether they changed."""
    after, previous = last_hash(db)
    filled = 0
    for row in read_rows(db, after=after, upto=upto):
        previous = record_hash(db, row.position, previous, row)
        filled += 1
    if after and filled:
        log.warning(
            "events %d to %d of the log had no stored hash though those before them had "
            "(appended by a version from before the hash chain, or their hash rows were "
            "removed): they are hashed now, as they are; only a hash of the log noted "
            "earlier (diundash verify --expect-hash) shows whether they changed",
            after + 1,
            after + filled,
        )
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


class EventRecord(NamedTuple):
    """A stored row as ``read_rows`` gives it: plain values, no model object
    (a replay reads every row of the log)."""

    position: int
    type: str
    version: int
    data: str
    recorded_at: str
    source: str
    remote_addr: str | None
    request_id: str | None
    actor: str | None


READ_PAGE = (
    "SELECT position, type, version, data, recorded_at, source, remote_addr, request_id, "
    "actor FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?"
)
LAST_POSSIBLE_POSITION = 2**63 - 1


def _pages(
    db: Database, page: str, after: int, upto: int | None, batch: int
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``page`` (a statement of positions after ``?`` up to
    ``?``, position first, ``?`` rows at most) after ``after`` up to
    ``upto`` (the end), ``batch`` rows a statement, so memory stays flat
    however long the log is."""
    upto = LAST_POSSIBLE_POSITION if upto is None else upto
    while True:
        rows = db.execute_sql(page, (after, upto, batch)).fetchall()
        yield rows
        if len(rows) < batch:
            return
        after = rows[-1][0]


def read_rows(db: Database, after: int = 0, upto: int | None = None) -> Iterator[EventRecord]:
    """The stored rows after position ``after`` (up to ``upto`` included),
    oldest first, read in pages."""
    for rows in _pages(db, READ_PAGE, after, upto, READ_BATCH):
        yield from (EventRecord(*row) for row in rows)


FOLD_PAGE = (
    "SELECT position, type, version, data, recorded_at FROM events "
    "WHERE position > ? AND position <= ? ORDER BY position LIMIT ?"
)
FOLD_BATCH = 10_000


def read_decoded(
    db: Database, after: int = 0, upto: int | None = None
) -> Iterator[tuple[int, Event]]:
    """Each event after position ``after`` (up to ``upto`` included) with its
    position, decoded and upcast, oldest first: what a fold of the log needs,
    without the audit (a replay decodes every row of the log)."""
    loads = orjson.loads
    for rows in _pages(db, FOLD_PAGE, after, upto, FOLD_BATCH):
        for position, type_name, version, data, recorded_at in rows:
            yield position, decode(position, type_name, version, loads(data), recorded_at)


def decode(position: int, type_name: str, version: int, data: Any, recorded_at: str) -> Event:
    """The current-schema event of the row at ``position``, its data parsed."""
    try:
        return decode_event(type_name, version, data, recorded_at)
    except UnreadableEvent as error:
        raise UnreadableEvent(f"event at position {position}: {error}") from None


HASHED_PAGE = (
    "SELECT e.position, e.type, e.version, e.data, e.recorded_at, e.source, e.remote_addr, "
    "e.request_id, e.actor, h.hash FROM events e "
    "LEFT JOIN event_hashes h ON h.position = e.position "
    "WHERE e.position > ? AND e.position <= ? ORDER BY e.position LIMIT ?"
)


def read_hashed(
    db: Database, upto: int | None = None
) -> Iterator[tuple[EventRecord, Any, str | None]]:
    """Each stored row up to ``upto`` (all), oldest first, with its data
    parsed and its stored hash (None when it has none): what checking the
    hash chain needs, read in pages of one statement each."""
    for rows in _pages(db, HASHED_PAGE, 0, upto, FOLD_BATCH):
        for row in rows:
            record = EventRecord(*row[:-1])
            yield record, orjson.loads(record.data), row[-1]


def read_events(db: Database, after: int = 0, upto: int | None = None) -> Iterator[StoredEvent]:
    """Like ``read_rows``, decoded and upcast to the current schema."""
    for row in read_rows(db, after, upto):
        yield to_stored_event(row)


def to_stored_event(row: EventRow | EventRecord) -> StoredEvent:
    """Decode one ``events`` row into its current-schema event."""
    audit = Audit(row.source, row.remote_addr, row.request_id, row.actor)
    try:
        event = decode_event(row.type, row.version, orjson.loads(row.data), row.recorded_at)
    except UnreadableEvent as error:
        raise UnreadableEvent(f"event at position {row.position}: {error}") from None
    return StoredEvent(row.position, event, row.version, row.recorded_at, audit)
