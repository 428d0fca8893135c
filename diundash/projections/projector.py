"""The projector: one small handler per event type, kept with its fold in
the module of its concern (``effects/``). Nothing else writes the read
tables. Handlers take time and ids from the event, never the clock."""

from collections.abc import Callable
from typing import Any

from peewee import Database

from diundash.events.types import Event, StoredEvent
from diundash.projections.effects import EFFECTS

# Each event type's live handler, from the module of its concern (``effects/``).
HANDLERS: dict[type, Callable[[Database, Any, int], None]] = {
    event_type: effect.project for event_type, effect in EFFECTS.items()
}
SET_POSITION = "UPDATE projection_state SET position = ? WHERE id = 1"


def project(db: Database, stored: StoredEvent) -> None:
    """Apply one stored event to the read tables and record its position.

    Runs inside the caller's transaction, the same one that appended it. A
    rebuild of many events folds them in memory instead (``fold.py``).
    """
    event: Event = stored.event
    HANDLERS[type(event)](db, event, stored.position)
    db.execute_sql(SET_POSITION, (stored.position,))
