"""The projection folded in memory, for every rebuild (replay, verify, time
travel, read-model upgrade).

The live projector (``projector.py``) applies one event at a time to the
tables in SQL, in the transaction that appended it. A rebuild applies a
whole log, so it keeps each table as a dict (``read_model.ReadModel``) and
writes (or compares) the rows once at the end: a receipt that a later
receipt of the same host and image overwrites costs a dict assignment, and
nothing is serialized twice. The rows are built by the same functions the
live handlers write with (``update_entries.update_row`` and ``host_row``),
and a hypothesis test holds the two to the same tables.
"""

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from diundash.events.types import Event
from diundash.projections.effects import EFFECTS
from diundash.projections.read_model import ReadModel

# Each event type's fold, from the module of its concern (``effects/``).
FOLDERS: dict[type, Callable[[ReadModel, Any, int], None]] = {
    event_type: effect.fold for event_type, effect in EFFECTS.items()
}

_pauses = 0
_pauses_lock = threading.Lock()
_collecting_before = True


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a fold builds its state.

    A fold keeps hundreds of thousands of dicts alive, and each batch of
    new ones makes the collector walk all of them again: about a third of
    a long replay's time. The fold makes no reference cycles, so nothing
    waits for the collector meanwhile. Nested or in several threads, it is
    back on (if it was on) when the last pause ends."""
    global _pauses, _collecting_before
    with _pauses_lock:
        if _pauses == 0:
            _collecting_before = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _collecting_before:
                gc.enable()


def fold(model: ReadModel, events: Iterable[tuple[int, Event]]) -> int:
    """Apply each (position, event) to ``model`` in order; how many there were."""
    applied, folders = 0, FOLDERS
    for position, event in events:
        folders[type(event)](model, event, position)
        applied += 1
    if applied:
        model.position = position
    return applied
