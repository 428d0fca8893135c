"""The read tables' state (log position and generation), kept in memory.

Every open page polls the list with ``If-None-Match``; nearly every poll
finds nothing changed. So the state is read from the database only when
something may have moved it: a commit of this process (``moved``, called by
``Commands`` once its work is stored, before it answers) or of any other
connection, process or instance (the engine's change signal,
``storage/changes.py``). Between those the answer comes from memory, and it
is the same state any instance on the database would read, so the ETag
stays theirs too.

The state also moves with time alone, when a snooze ends: a state is kept
with the moment it next changes (``ReadState.next_change``), and counts as
unknown from then on, so the first poll after it gets the new list and ETag.
"""

import itertools
from datetime import datetime

from peewee import Database

from diundash.clock import Clock, format_utc, parse_rfc3339, utc_now
from diundash.projections.update_views import ReadState, read_state
from diundash.storage import change_signal, read_snapshot
from diundash.storage.changes import NoSignal


class ReadStateCache:
    """``read_state`` of ``db``, asked of the database only when a commit
    may have landed since the last time, or a snooze has ended. Without
    ``watch`` it cannot tell of other connections' commits, and asks at
    every call."""

    def __init__(self, db: Database, watch: bool = True, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock
        self._moves = itertools.count()  # next() is atomic under the GIL
        self._moved = next(self._moves)
        # The token it was read at, the state, and when it stops being true.
        self._known: tuple[object, ReadState, datetime | None] | None = None
        self.signal = change_signal(db, self.moved) if watch else NoSignal()

    def moved(self) -> None:
        """This process committed (or heard of a commit): read afresh next time."""
        self._moved = next(self._moves)

    def current(self) -> ReadState:
        """The state the read tables are in now."""
        # Taken before the read: a commit that lands during it changes the
        # token after, so the pair is never newer than what it names.
        signal = self.signal.token()
        token = (self._moved, signal)
        known = self._known
        now = self.clock()
        if (
            signal is not None
            and known is not None
            and known[0] == token
            and (known[2] is None or now < known[2])
        ):
            return known[1]
        with read_snapshot(self.db):
            state = read_state(self.db, format_utc(now))
        if signal is not None:
            upcoming = state.next_change
            self._known = (token, state, None if upcoming is None else parse_rfc3339(upcoming))
        return state
