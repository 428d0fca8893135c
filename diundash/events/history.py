"""Finding events in the log: by image, type, time and position, a page at a time."""

from dataclasses import dataclass, replace

from peewee import SQL, Database

from diundash.events.chain import hashes_at
from diundash.events.store import EventRow, to_stored_event
from diundash.events.types import StoredEvent
from diundash.storage import host_of_event, image_of_event


@dataclass(frozen=True)
class EventQuery:
    """Which events to return. Times are RFC 3339 UTC text as ``format_utc``
    writes it; ``since`` is inclusive, ``until`` exclusive; ``after`` and
    ``before`` are exclusive positions (the paging cursors)."""

    image: str | None = None
    host: str | None = None
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    after: int | None = None
    before: int | None = None
    limit: int = 100
    newest_first: bool = False


def find_events(db: Database, query: EventQuery) -> list[StoredEvent]:
    """One page of events matching ``query``, in the order it asks for,
    each with its hash in the chain."""
    select = EventRow.select()
    if query.image is not None:
        select = select.where(SQL(image_of_event(db)) == query.image)
    if query.host is not None:
        select = select.where(SQL(host_of_event(db)) == query.host)
    if query.types:
        select = select.where(EventRow.type.in_(query.types))
    if query.since is not None:
        select = select.where(EventRow.recorded_at >= query.since)
    if query.until is not None:
        select = select.where(EventRow.recorded_at < query.until)
    if query.after is not None:
        select = select.where(EventRow.position > query.after)
    if query.before is not None:
        select = select.where(EventRow.position < query.before)
    order = EventRow.position.desc() if query.newest_first else EventRow.position.asc()
    rows = list(select.order_by(order).limit(query.limit).execute(db))
    hashes = hashes_at(db, (row.position for row in rows))
    return [replace(to_stored_event(row), hash=hashes.get(row.position)) for row in rows]


def position_at(db: Database, moment: str) -> int:
    """The position of the last event recorded at or before ``moment``."""
    cursor = db.execute_sql(
        "SELECT coalesce(max(position), 0) FROM events WHERE recorded_at <= ?", (moment,)
    )
    return int(cursor.fetchone()[0])


def recorded_at(db: Database, position: int) -> str | None:
    """When the event at ``position`` was recorded (None: there is none)."""
    row = db.execute_sql("SELECT recorded_at FROM events WHERE position = ?", (position,))
    found = row.fetchone()
    return str(found[0]) if found else None
