"""What the host entries add up to, per host, at one state of the read
tables: the start pages' summary and the metrics' per-host series read it.

Start pages poll it and Prometheus scrapes it, far more often than the
entries change: it is worked out once per read state (and ``host`` filter)
and kept until the state moves, like the list's body.
"""

import heapq
import threading
from dataclasses import dataclass, field

from peewee import Database

from diundash.projections.entry_states import EntryState, entry_states
from diundash.projections.update_views import ReadState, read_state
from diundash.storage import read_snapshot

# The newest pending entries kept (the summary's ``limit`` goes up to it).
NEWEST_KEPT = 100
# ``host`` filters kept per state.
MAX_VARIANTS = 64


@dataclass
class HostTally:
    """One host's entries: how many, how many pending and dismissed, its
    latest report and its oldest pending update."""

    hostname: str
    images: int = 0
    pending: int = 0
    dismissed: int = 0
    last_seen: str = ""
    last_position: int = 0
    oldest_pending: str | None = None  # when its oldest pending update was received


@dataclass(frozen=True)
class Fleet:
    """Each host's tally, by name, and the newest pending entries, newest first."""

    state: ReadState
    hosts: list[HostTally]
    newest_pending: list[EntryState] = field(default_factory=list)


def _received(entry: EntryState) -> tuple[str, int]:
    return entry.received_at, entry.position


def read_fleet(db: Database, now: str, host: str | None = None) -> Fleet:
    """The fleet at ``now`` (``host``'s entries alone, when given), in one snapshot."""
    tallies: dict[str, HostTally] = {}
    pending: list[EntryState] = []
    with read_snapshot(db):
        state = read_state(db, now)
        for entry in entry_states(db, now, host):
            tally = tallies.get(entry.hostname)
            if tally is None:
                tally = tallies[entry.hostname] = HostTally(entry.hostname)
            tally.images += 1
            if entry.pending:
                tally.pending += 1
                pending.append(entry)
                if tally.oldest_pending is None or entry.received_at < tally.oldest_pending:
                    tally.oldest_pending = entry.received_at
            elif entry.acknowledged_at is not None:  # not a snooze that ended
                tally.dismissed += 1
            if entry.position > tally.last_position:
                tally.last_position, tally.last_seen = entry.position, entry.received_at
    newest = heapq.nlargest(NEWEST_KEPT, pending, key=_received)
    return Fleet(state, [tallies[name] for name in sorted(tallies)], newest)


class FleetCache:
    """``read_fleet`` for the read state the database is in, built once per
    state and filter."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._fleets: dict[str | None, Fleet] = {}

    def get(self, current: ReadState, now: str, host: str | None = None) -> Fleet:
        """The fleet at ``current`` (just read by the caller at ``now``) or newer."""
        with self._lock:
            known = self._fleets.get(host)
        if known is not None and known.state == current:
            return known
        fleet = read_fleet(self.db, now, host)
        with self._lock:
            if any(each.state != fleet.state for each in self._fleets.values()) or (
                len(self._fleets) >= MAX_VARIANTS
            ):
                self._fleets = {}
            self._fleets[host] = fleet
        return fleet
