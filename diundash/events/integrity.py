"""Checking the log's hash chain (``diundash verify``)."""

from dataclasses import dataclass
from typing import Any

from peewee import Database

from diundash.events.chain import GENESIS, last_hash, row_hash
from diundash.events.store import EventRecord, fill_missing_hashes, read_hashed
from diundash.storage import write_transaction


@dataclass(frozen=True)
class ChainReport:
    """What ``verify_chain`` found: ``broken_at`` is the first position whose
    stored hash differs from the recomputed one (None: the chain holds);
    ``latest_hash`` is the recomputed hash of the last event."""

    events: int
    latest_hash: str
    broken_at: int | None = None
    reason: str = ""


class ChainCheck:
    """The chain recomputed one stored row at a time, oldest first, against
    the stored hashes (``hashed_upto``: the newest stored one's position)."""

    def __init__(self, hashed_upto: int) -> None:
        self.hashed_upto = hashed_upto
        self.events, self.latest = 0, GENESIS
        self.broken: ChainReport | None = None

    def check(self, row: EventRecord, data: Any, stored: str | None) -> bool:
        """Take the next row (its data parsed, its stored hash); False once
        the chain is broken there or before."""
        if self.broken is not None:
            return False
        self.events += 1
        self.latest = row_hash(self.latest, row, data)
        if stored is None and row.position <= self.hashed_upto:
            self._break(row.position, "its hash is missing")
        elif stored is not None and stored != self.latest:
            self._break(row.position, "the event differs from what was hashed when it was recorded")
        return self.broken is None

    def _break(self, position: int, reason: str) -> None:
        self.broken = ChainReport(self.events, self.latest, position, reason)

    def report(self) -> ChainReport:
        """The verdict on the rows taken so far, which must be the whole log."""
        if self.broken is not None:
            return self.broken
        if self.hashed_upto > self.events:
            reason = "there are hashes past the last event: events were removed"
            return ChainReport(self.events, self.latest, self.events + 1, reason)
        return ChainReport(self.events, self.latest)


def verify_chain(db: Database) -> ChainReport:
    """Recompute the chain over the whole log and compare it with the stored hashes."""
    check = ChainCheck(last_hash(db)[0])
    for row, data, stored in read_hashed(db):
        if not check.check(row, data, stored):
            break
    return check.report()


def ensure_chain(db: Database) -> int:
    """Give a log from before the chain its hashes (none are rewritten);
    returns how many events were hashed now."""
    with write_transaction(db):
        return fill_missing_hashes(db)
