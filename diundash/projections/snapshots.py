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
from diundash.projections.fold import fold
from diundash.projections.read_model import HostEntry, ReadModel
from diundash.storage import write_transaction
from diundash.storage.schema import READ_MODEL_VERSION

SNAPSHOT_EVERY = 10_000
# Host entries per event of distance between two snapshots, at most.
ENTRIES_PER_EVENT = 4
# What a stored snapshot was written as: its read model and this encoding.
SNAPSHOT_FORMAT = READ_MODEL_VERSION * 1000 + 3
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
    """The state of ``model`` as a snapshot stores it: the host entries by
    column (a list per ``HostEntry`` field, each entry's values at the
    same index, images and their hosts in the model's order), which
    decodes into far fewer objects than a list per entry. A new field of
    ``HostEntry`` adds its list here and in ``decode_snapshot``; new state
    of ``ReadModel`` adds its key to ``state``."""
    hosts: list[list[str]] = []
    entries: list[HostEntry] = []
    for image_entries in model.entries.values():
        hosts.append(list(image_entries))
        entries += image_entries.values()
    state = {
        "position": model.position,
        "last_tag_id": model.last_tag_id,
        "images": list(model.entries),
        "hosts": hosts,
        "entries": {
            "received_at": [entry.received_at for entry in entries],
            "position": [entry.position for entry in entries],
            # by column: each of HOST_COLUMNS a list of its own
            "columns": [list(each) for each in zip(*(e.columns for e in entries), strict=True)],
            "acknowledged_at": [entry.acknowledged_at for entry in entries],
            "deployed_at": [entry.deployed_at for entry in entries],
            "update_requested_at": [entry.update_requested_at for entry in entries],
            "update_hook_status": [entry.update_hook_status for entry in entries],
            "previous_tag": [entry.previous_tag for entry in entries],
            "change": [entry.change for entry in entries],
            "snoozed_until": [entry.snoozed_until for entry in entries],
        },
        "tags": list(model.tags.items()),
        "assignments": list(model.assignments.items()),
        "tokens": [(name, *token) for name, token in model.tokens.items()],
        "silent": [(name, *silent) for name, silent in model.silent.items()],
        "versions": [[repository, sorted(tags)] for repository, tags in model.versions.items()],
        "notifications": list(model.notifications.values()),
        "reminded": list(model.reminded.items()),
    }
    return orjson.dumps(state).decode()


def decode_snapshot(text: str) -> ReadModel:
    """The read model ``encode_snapshot`` stored (its entries without bodies)."""
    state = orjson.loads(text)
    model = ReadModel()
    model.position, model.last_tag_id = state["position"], state["last_tag_id"]
    fields = state["entries"]
    columns = zip(*fields["columns"], strict=True)
    values = zip(
        fields["received_at"],
        fields["position"],
        columns,
        fields["acknowledged_at"],
        fields["deployed_at"],
        fields["update_requested_at"],
        fields["update_hook_status"],
        fields["previous_tag"],
        fields["change"],
        fields["snoozed_until"],
        strict=True,
    )
    model.entries = {
        image: {host: HostEntry(None, *next(values)) for host in hosts}
        for image, hosts in zip(state["images"], state["hosts"], strict=True)
    }
    model.tags = {tag_id: name for tag_id, name in state["tags"]}
    model.assignments = {image: tag_id for image, tag_id in state["assignments"]}
    model.tokens = {name: (hash_, read_only, at) for name, hash_, read_only, at in state["tokens"]}
    model.silent = {name: (since, reason) for name, since, reason in state["silent"]}
    model.versions = {repository: set(tags) for repository, tags in state["versions"]}
    model.notifications = {(row[0], row[1]): tuple(row) for row in state["notifications"]}
    model.reminded = {position: key for position, key in state["reminded"]}
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
        missing += [entry for entry in chosen if entry.body_json is None]
    bodies = receipt_bodies(db, (entry.position for entry in missing))
    for entry in missing:
        entry.body_json = orjson.dumps(bodies[entry.position]).decode()
    return model


def _receipt_position(entry: HostEntry) -> int:
    return entry.position


class SnapshotWriter:
    """Stores snapshots of ``model`` while it folds a log (``fold``), each
    in a short write transaction of its own (or in the caller's, when one
    is open), and remembers their positions. Those already stored in this
    format are kept as they are."""

    def __init__(self, db: Database, model: ReadModel, every: int = SNAPSHOT_EVERY) -> None:
        self.db, self.model, self.every = db, model, every
        self.positions: list[int] = []
        self.stored = {row[0] for row in db.execute_sql(CURRENT_SNAPSHOTS, (SNAPSHOT_FORMAT,))}
        self.last, self.due = model.position, model.position + every

    def fold(self, events: Iterator[tuple[int, Event]]) -> int:
        """Fold ``events`` into the model, storing a snapshot after each one
        that makes it due; how many there were."""
        folded, model = 0, self.model
        # Positions only grow: the due one is at most so many events on.
        while applied := fold(model, islice(events, max(1, self.due - model.position))):
            folded += applied
            if model.position >= self.due:
                self._store_if_due()
        return folded

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
