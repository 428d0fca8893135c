"""The projector: one small handler per event type, kept with its fold in
the module of its concern (``effects/``). Nothing else writes the read
tables. Handlers take time and ids from the event, never the clock."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from peewee import Database

from diundash.events.types import Event, StoredEvent
from diundash.projections.effects import EFFECTS

# Each event type's live handler, from the module of its concern (``effects/``).
HANDLERS: dict[type, Callable[[Database, Any, int], None]] = {
    event_type: effect.project for event_type, effect in EFFECTS.items()
}
SET_POSITION = "UPDATE projection_state SET position = ? WHERE id = 1"


class _Projected:
    """The newest position projected inside ``position_at_end`` (0: none)."""

    position = 0


# Set (in this thread's context) inside ``position_at_end``.
_POSITION_AT_END: ContextVar[_Projected | None] = ContextVar("position_at_end", default=None)


def project(db: Database, stored: StoredEvent) -> None:
    """Apply one stored event to the read tables and record its position.

    Runs inside the caller's transaction, the same one that appended it. A
    rebuild of many events folds them in memory instead (``fold.py``).
    """
    event: Event = stored.event
    HANDLERS[type(event)](db, event, stored.position)
    projected = _POSITION_AT_END.get()
    if projected is None:
        db.execute_sql(SET_POSITION, (stored.position,))
    else:
        projected.position = stored.position


@contextmanager
def position_at_end(db: Database) -> Iterator[None]:
    """Inside it, ``project`` leaves the position to be recorded once, at
    its end (that of the newest event projected), in the caller's
    transaction: a statement per event saved, each a release of the GIL on
    the hot path of group commit. When the block raises, nothing is
    recorded (its transaction must be rolled back)."""
    projected = _Projected()
    token = _POSITION_AT_END.set(projected)
    try:
        yield
    finally:
        _POSITION_AT_END.reset(token)
    if projected.position:
        db.execute_sql(SET_POSITION, (projected.position,))
