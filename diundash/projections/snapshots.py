"""Snapshots of the read model, so time travel folds forward from the
nearest one instead of from the log's start.

Derived data, like the read tables: never part of the log or of an export.
A rebuild (``diundash replay``, an import, a read-model upgrade) writes them
as it folds: one every ``SNAPSHOT_EVERY`` events, or every quarter as many
events as the state has host entries when that is more. A snapshot holds
each host entry's position in the log and the columns the list shows, not
the webhook bodies (the log has them; time travel reads the few it needs),
so an entry takes about 200 bytes, an event of the log about 900: the
snapshots of a big fleet stay about the size of the log they stand for,
and ``as_of`` folds at most a quarter of the state's size in events.

A snapshot stays true as long as the log does (it only grows), so a rebuild
keeps those of this format and read model that it would take again, and
writes only the rest; it drops every other one. The live projector takes
none: it would put a read of the whole state into a webhook's transaction.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

import orjson
from peewee import Database

from diundash.events.store import decode
from diundash.events.types import Event, UpdateReceived
from diundash.projections.read_model import HostEntry, ReadModel
from diundash.storage import write_transaction
from diundash.storage.schema import READ_MODEL_VERSION

SNAPSHOT_EVERY = 10_000
# Host entries per event of distance between two snapshots, at most.
ENTRIES_PER_EVENT = 4
# What a stored snapshot was written as: its read model and this encoding.
SNAPSHOT_FORMAT = READ_MODEL_VERSION * 1000 + 2
STORE_SNAPSHOT = (
    "INSERT INTO read_model_snapshots (position, format, state) VALUES (?, ?, ?) "
    "ON CONFLICT (position) DO UPDATE SET format = excluded.format, state = excluded.state"
)
NEAREST_SNAPSHOT = (
    "SELECT state FROM read_model_snapshots WHERE position <= ? AND format = ? "
    "ORDER BY position DESC LIMIT 1"
)
CURRENT_SNAPSHOTS = "SELECT position FROM read_model_snapshots WHERE format = ?"
RECEIPTS_AT = "SELECT position, type, version, data, recorded_at FROM events WHERE position IN ({})"
RECEIPTS_PER_QUERY = 500


def encode_snapshot(model: ReadModel) -> str:
    """The state of ``model`` as a snapshot stores it."""
    entries = [
        (
            image,
            host,
            entry.position,
            entry.received_at,
            entry.acknowledged_at,
            entry.previous_tag,
            entry.change,
            entry.snoozed_until,
            *entry.host_columns(),
        )
        for image, hosts in model.entries.items()
        for host, entry in hosts.items()
    ]
    state = {
        "position": model.position,
        "last_tag_id": model.last_tag_id,
        "entries": entries,
        "tags": list(model.tags.items()),
        "assignments": list(model.assignments.items()),
        "tokens": [(name, *token) for name, token in model.tokens.items()],
        "versions": [[repository, sorted(tags)] for repository, tags in model.versions.items()],
    }
    return orjson.dumps(state).decode()


def decode_snapshot(text: str) -> ReadModel:
    """The read model ``encode_snapshot`` stored (its entries without bodies)."""
    state = orjson.loads(text)
    model = ReadModel()
    model.position, model.last_tag_id = state["position"], state["last_tag_id"]
    entries = model.entries
    for image, host, position, received_at, acknowledged_at, *rest in state["entries"]:
        previous_tag, change, snoozed_until, *columns = rest
        entry = HostEntry(
            None, received_at, position, acknowledged_at, tuple(columns), previous_tag, change
        )
        entry.snoozed_until = snoozed_until
        if image in entries:
            entries[image][host] = entry
        else:
            entries[image] = {host: entry}
    model.tags = {tag_id: name for tag_id, name in state["tags"]}
    model.assignments = {image: tag_id for image, tag_id in state["assignments"]}
    model.tokens = {name: (hash_, read_only, at) for name, hash_, read_only, at in state["tokens"]}
    model.versions = {repository: set(tags) for repository, tags in state["versions"]}
    return model


def nearest_snapshot(db: Database, position: int) -> ReadModel:
    """The read model at the newest snapshot at or before ``position`` (an
    empty one, at position 0, when there is none of this format)."""
    row = db.execute_sql(NEAREST_SNAPSHOT, (position, SNAPSHOT_FORMAT)).fetchone()
    return decode_snapshot(row[0]) if row else ReadModel()


def receipt_bodies(db: Database, positions: Iterable[int]) -> dict[int, dict[str, object]]:
    """The webhook bodies of the receipts at ``positions``, by position."""
    bodies: dict[int, dict[str, object]] = {}
    wanted = iter(sorted(set(positions)))
    while chunk := list(islice(wanted, RECEIPTS_PER_QUERY)):
        sql = RECEIPTS_AT.format(", ".join("?" * len(chunk)))
        for position, type_name, version, data, recorded_at in db.execute_sql(sql, chunk):
            event = decode(position, type_name, version, orjson.loads(data), recorded_at)
            if isinstance(event, UpdateReceived):
                bodies[position] = event.body
    return bodies


def with_bodies(db: Database, model: ReadModel, latest_only: bool = False) -> ReadModel:
    """``model`` with the bodies its entries lack read from the log: every
    one, or (``latest_only``) those of each image's latest receipt, all the
    list shows of them."""
    missing = []
    for hosts in model.entries.values():
        chosen = [max(hosts.values(), key=_receipt_position)] if latest_only else hosts.values()
        missing += [entry for entry in chosen if entry.body is None]
    bodies = receipt_bodies(db, (entry.position for entry in missing))
    for entry in missing:
        entry.body = bodies[entry.position]
    return model


def _receipt_position(entry: HostEntry) -> int:
    return entry.position


class SnapshotWriter:
    """Stores snapshots of ``model`` while it folds a log (``taking``), each
    in a short write transaction of its own (or in the caller's, when one
    is open), and remembers their positions. Those already stored in this
    format are kept as they are."""

    def __init__(self, db: Database, model: ReadModel, every: int = SNAPSHOT_EVERY) -> None:
        self.db, self.model, self.every = db, model, every
        self.positions: list[int] = []
        self.stored = {row[0] for row in db.execute_sql(CURRENT_SNAPSHOTS, (SNAPSHOT_FORMAT,))}
        self.last, self.due = model.position, model.position + every

    def taking(self, events: Iterable[tuple[int, Event]]) -> Iterator[tuple[int, Event]]:
        """``events``, storing a snapshot after each one that makes it due
        (the consumer has folded an event in when it asks for the next)."""
        for each in events:
            yield each
            if self.model.position >= self.due:
                self._store_if_due()

    def _store_if_due(self) -> None:
        # Counting the entries walks every image: done only when the
        # position reaches the due one, which then moves to where the
        # state's size puts it.
        position = self.model.position
        self.due = self.last + max(self.every, self.model.entry_count() // ENTRIES_PER_EVENT)
        if position < self.due:
            return
        if position not in self.stored:
            with write_transaction(self.db):
                state = encode_snapshot(self.model)
                self.db.execute_sql(STORE_SNAPSHOT, (position, SNAPSHOT_FORMAT, state))
        self.positions.append(position)
        self.last, self.due = position, position + self.every

    def drop_others(self) -> None:
        """Delete every snapshot this writer did not store or keep (a
        previous rebuild's at other positions, or of another read model or
        format), in the caller's transaction."""
        kept = self.positions or [-1]
        self.db.execute_sql(
            "DELETE FROM read_model_snapshots "
            f"WHERE position NOT IN ({', '.join('?' * len(kept))}) OR format <> ?",
            [*kept, SNAPSHOT_FORMAT],
        )
