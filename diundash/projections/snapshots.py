"""Snapshots of the read model, so time travel folds forward from the
nearest one instead of from the log's start.

Derived data, like the read tables: never part of the log or of an export.
A rebuild (``diundash replay``, an import, a read-model upgrade) writes them
as it folds, and drops those of the rebuild before. A snapshot holds the
whole state, so one is taken every ``SNAPSHOT_EVERY`` events or every as
many events as the state has host entries, whichever is more: the snapshots
of a big fleet stay about the size of the log they stand for, and a
rebuild holds one in memory at a time. The live projector takes none: it
would put a read of every table into a webhook's transaction.
"""

from collections.abc import Iterable, Iterator

from peewee import Database

from diundash.events.types import Event
from diundash.projections.fold import ReadModel
from diundash.storage import write_transaction

SNAPSHOT_EVERY = 10_000
STORE_SNAPSHOT = (
    "INSERT INTO read_model_snapshots (position, state) VALUES (?, ?) "
    "ON CONFLICT (position) DO UPDATE SET state = excluded.state"
)
NEAREST_SNAPSHOT = (
    "SELECT state FROM read_model_snapshots WHERE position <= ? ORDER BY position DESC LIMIT 1"
)


def nearest_snapshot(db: Database, position: int) -> ReadModel:
    """The read model at the newest snapshot at or before ``position`` (an
    empty one, at position 0, when there is none)."""
    row = db.execute_sql(NEAREST_SNAPSHOT, (position,)).fetchone()
    return ReadModel.from_json(row[0]) if row else ReadModel()


class SnapshotWriter:
    """Stores snapshots of ``model`` while it folds a log (``taking``), each
    in a short write transaction of its own (or in the caller's, when one
    is open), and remembers their positions."""

    def __init__(self, db: Database, model: ReadModel, every: int = SNAPSHOT_EVERY) -> None:
        self.db, self.model, self.every = db, model, every
        self.positions: list[int] = []
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
        self.due = self.last + max(self.every, self.model.entry_count())
        if position < self.due:
            return
        with write_transaction(self.db):
            self.db.execute_sql(STORE_SNAPSHOT, (position, self.model.to_json()))
        self.positions.append(position)
        self.last, self.due = position, position + self.every

    def drop_others(self) -> None:
        """Delete every snapshot this writer did not store (a previous
        rebuild's, perhaps of another read model), in the caller's transaction."""
        kept = self.positions or [-1]
        self.db.execute_sql(
            "DELETE FROM read_model_snapshots "
            f"WHERE position NOT IN ({', '.join('?' * len(kept))})",
            kept,
        )
