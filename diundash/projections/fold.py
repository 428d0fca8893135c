"""The projection folded in memory: the read tables' rows as plain dicts,
for every rebuild (replay, verify, time travel, read-model upgrade).

The live projector (``projector.py``) applies one event at a time to the
tables in SQL, in the transaction that appended it. A rebuild applies a
whole log, so it keeps each table as a dict and writes (or compares) the
rows once at the end: a receipt that a later receipt of the same host and
image overwrites costs a dict assignment, and nothing is serialized twice.
The rows are built by the same functions the live handlers write with
(``update_entries.update_row`` and ``host_row``), and a hypothesis test holds
the two to the same tables.

``updates`` needs no state of its own: each image's row is its host entries'
latest receipt, acknowledged only when every host's entry is (at the latest
of their times), exactly what the live handlers keep it at.
"""

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson

from diundash.events.types import (
    Event,
    HostForgotten,
    HostRenamed,
    TagAssigned,
    TagCreated,
    TagDeleted,
    TagUnassigned,
    TokenIssued,
    TokenRevoked,
    UpdateDismissed,
    UpdateForgotten,
    UpdateReceived,
)
from diundash.projections.update_entries import host_columns, hostname_of, update_row
from diundash.storage.schema import READ_MODEL_VERSION

Rows = dict[str, list[tuple[Any, ...]]]


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


class RefusedEvent(ValueError):
    """An event the read tables cannot take (the live projector refuses it
    as well): only a log that did not come through the service holds one."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(f"event {position}: {reason}")
        self.position = position


@dataclass(slots=True)
class HostEntry:
    """One host's latest receipt of one image (the event at ``position``),
    and that host's acknowledgement. An entry read from a snapshot has no
    ``body`` until it is fetched from the log (``snapshots.with_bodies``),
    only the columns the list shows."""

    body: dict[str, Any] | None
    received_at: str
    position: int
    acknowledged_at: str | None = None
    columns: tuple[str, str, str, str, str] | None = None  # host_columns(body), once needed

    def host_columns(self) -> tuple[str, str, str, str, str]:
        """``update_entries.HOST_COLUMNS`` of this receipt."""
        if self.columns is None:
            self.columns = host_columns(self.received_body())
        return self.columns

    def received_body(self) -> dict[str, Any]:
        """The webhook body of this receipt."""
        if self.body is None:
            raise LookupError(f"the body of event {self.position} was not read from the log")
        return self.body


class ReadModel:
    """The read tables as dicts, folded forward one event at a time."""

    def __init__(self) -> None:
        self.position = 0
        self.last_tag_id = 0
        self.entries: dict[str, dict[str, HostEntry]] = {}  # image -> host -> entry
        self.tags: dict[int, str] = {}
        self.assignments: dict[str, int] = {}
        self.tokens: dict[str, tuple[str, bool, str]] = {}

    def fold(self, events: Iterable[tuple[int, Event]]) -> int:
        """``apply`` each (position, event) in order; how many there were."""
        applied = 0
        for position, event in events:
            FOLDERS[type(event)](self, event, position)
            self.position = position
            applied += 1
        return applied

    def rows(self) -> Rows:
        """Every read table's rows, columns as ``rebuild.READ_TABLE_COLUMNS``
        names them (``projection_state`` without its generation)."""
        updates, hosts = [], []
        for image, entries in self.entries.items():
            latest_json = ""
            latest = max(entries.values(), key=_receipt_position)
            for hostname, entry in entries.items():
                body_json = orjson.dumps(entry.received_body()).decode()
                hosts.append(
                    (
                        hostname,
                        image,
                        *entry.host_columns(),
                        entry.received_at,
                        entry.position,
                        entry.acknowledged_at,
                        body_json,
                    )
                )
                if entry is latest:
                    latest_json = body_json
            times = [each.acknowledged_at for each in entries.values() if each.acknowledged_at]
            row = update_row(latest.received_body(), latest.received_at, latest_json)
            updates.append((*row, max(times) if len(times) == len(entries) else None))
        return {
            "updates": updates,
            "tags": list(self.tags.items()),
            "host_updates": hosts,
            "tag_assignments": list(self.assignments.items()),
            "tokens": [(name, *token) for name, token in self.tokens.items()],
            "projection_state": [(1, self.position, self.last_tag_id, READ_MODEL_VERSION)],
        }

    def entry_count(self) -> int:
        """How many host entries (rows of ``host_updates``) the state holds."""
        return sum(len(hosts) for hosts in self.entries.values())

    def _drop_empty(self, image: str) -> None:
        if not self.entries.get(image, True):
            del self.entries[image]


def _receipt_position(entry: HostEntry) -> int:
    return entry.position


def _received(model: ReadModel, event: UpdateReceived, position: int) -> None:
    entry = HostEntry(event.body, event.received_at, position)
    model.entries.setdefault(event.image, {})[hostname_of(event.body)] = entry


def _dismissed(model: ReadModel, event: UpdateDismissed, position: int) -> None:
    entries = model.entries.get(event.image, {})
    chosen = entries.values() if event.host is None else [entries.get(event.host)]
    for entry in chosen:
        if entry is not None and entry.acknowledged_at is None:
            entry.acknowledged_at = event.dismissed_at


def _update_forgotten(model: ReadModel, event: UpdateForgotten, position: int) -> None:
    if event.host is None:
        model.entries.pop(event.image, None)
        return
    model.entries.get(event.image, {}).pop(event.host, None)
    model._drop_empty(event.image)


def _host_forgotten(model: ReadModel, event: HostForgotten, position: int) -> None:
    for image, entries in list(model.entries.items()):
        if entries.pop(event.hostname, None) is not None:
            model._drop_empty(image)


def _host_renamed(model: ReadModel, event: HostRenamed, position: int) -> None:
    for entries in model.entries.values():
        if event.hostname in entries:
            entries[event.new_hostname] = entries.pop(event.hostname)


def _tag_created(model: ReadModel, event: TagCreated, position: int) -> None:
    model.tags[event.id] = event.name
    model.last_tag_id = max(model.last_tag_id, event.id)


def _tag_deleted(model: ReadModel, event: TagDeleted, position: int) -> None:
    model.assignments = {i: t for i, t in model.assignments.items() if t != event.id}
    model.tags.pop(event.id, None)


def _tag_assigned(model: ReadModel, event: TagAssigned, position: int) -> None:
    if event.tag_id not in model.tags:  # the live tables' foreign key refuses it too
        raise RefusedEvent(position, f"tag {event.tag_id} does not exist")
    model.assignments[event.image] = event.tag_id


def _tag_unassigned(model: ReadModel, event: TagUnassigned, position: int) -> None:
    model.assignments.pop(event.image, None)


def _token_issued(model: ReadModel, event: TokenIssued, position: int) -> None:
    if event.name in model.tokens:  # the live table's primary key refuses it too
        raise RefusedEvent(position, f"a token named {event.name!r} is live already")
    model.tokens[event.name] = (event.token_hash, event.read_only, event.issued_at)


def _token_revoked(model: ReadModel, event: TokenRevoked, position: int) -> None:
    model.tokens.pop(event.name, None)


FOLDERS: dict[type, Callable[[ReadModel, Any, int], None]] = {
    UpdateReceived: _received,
    UpdateDismissed: _dismissed,
    UpdateForgotten: _update_forgotten,
    HostForgotten: _host_forgotten,
    HostRenamed: _host_renamed,
    TagCreated: _tag_created,
    TagDeleted: _tag_deleted,
    TagAssigned: _tag_assigned,
    TagUnassigned: _tag_unassigned,
    TokenIssued: _token_issued,
    TokenRevoked: _token_revoked,
}
