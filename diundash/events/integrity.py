"""Checking the log's hash chain (``diundash verify``)."""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from peewee import Database

from diundash.events.chain import GENESIS, hashes_at, last_hash, row_hash
from diundash.events.store import fill_missing_hashes, read_rows
from diundash.storage import write_transaction

CHAIN_BATCH = 500


@dataclass(frozen=True)
class ChainReport:
    """What ``verify_chain`` found: ``broken_at`` is the first position whose
    stored hash differs from the recomputed one (None: the chain holds);
    ``latest_hash`` is the recomputed hash of the last event."""

    events: int
    latest_hash: str
    broken_at: int | None = None
    reason: str = ""


def _computed(db: Database) -> Iterator[tuple[Any, str, str | None]]:
    """Each row, its recomputed hash, and its stored one (None if missing)."""
    previous, rows = GENESIS, read_rows(db)
    while batch := list(islice(rows, CHAIN_BATCH)):
        stored = hashes_at(db, (row.position for row in batch))
        for row in batch:
            previous = row_hash(previous, row)
            yield row, previous, stored.get(row.position)


def verify_chain(db: Database) -> ChainReport:
    """Recompute the chain over the whole log and compare it with the stored hashes."""
    count, latest = 0, GENESIS
    hashed_upto, _ = last_hash(db)
    for row, computed, stored in _computed(db):
        count, latest = count + 1, computed
        if stored is None and row.position <= hashed_upto:
            return ChainReport(count, latest, row.position, "its hash is missing")
        if stored is not None and stored != computed:
            reason = "the event differs from what was hashed when it was recorded"
            return ChainReport(count, latest, row.position, reason)
    if hashed_upto > count:
        reason = "there are hashes past the last event: events were removed"
        return ChainReport(count, latest, count + 1, reason)
    return ChainReport(count, latest)


def ensure_chain(db: Database) -> int:
    """Give a log from before the chain its hashes (none are rewritten);
    returns how many events were hashed now."""
    with write_transaction(db):
        return fill_missing_hashes(db)
