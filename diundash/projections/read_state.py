"""The read tables' state (log position and generation), kept in memory.

Every open page polls the list with ``If-None-Match``; nearly every poll
finds nothing changed. So the state is read from the database only when
something may have moved it: a commit of this process (``moved``, called by
``Commands`` once its work is stored, before it answers) or of any other
connection, process or instance (the engine's change signal,
``storage/changes.py``). Between those the answer comes from memory, and it
is the same state any instance on the database would read, so the ETag
stays theirs too.

A state that moves with time alone (a snooze that ends) would keep, beside
its token, the moment it next changes, and count as unknown from then on.
"""

import itertools

from peewee import Database

from diundash.projections.update_views import ReadState, read_state
from diundash.storage import change_signal
from diundash.storage.changes import NoSignal


class ReadStateCache:
    """``read_state`` of ``db``, asked of the database only when a commit
    may have landed since the last time. Without ``watch`` it cannot tell
    of other connections' commits, and asks at every call."""

    def __init__(self, db: Database, watch: bool = True) -> None:
        self.db = db
        self._moves = itertools.count()  # next() is atomic under the GIL
        self._moved = next(self._moves)
        self._known: tuple[object, ReadState] | None = None
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
        if signal is not None and known is not None and known[0] == token:
            return known[1]
        state = read_state(self.db)
        if signal is not None:
            self._known = (token, state)
        return state
