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

from collections.abc import Callable, Iterable
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
from diundash.projections.update_entries import host_row, hostname_of, update_row
from diundash.storage.schema import READ_MODEL_VERSION

Rows = dict[str, list[tuple[Any, ...]]]


class RefusedEvent(ValueError):
    """An event the read tables cannot take (the live projector refuses it
    as well): only a log that did not come through the service holds one."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(f"event {position}: {reason}")
        self.position = position


@dataclass(slots=True)
class HostEntry:
    """One host's latest receipt of one image, and that host's acknowledgement."""

    body: dict[str, Any]
    received_at: str
    position: int
    acknowledged_at: str | None = None


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
            for hostname, entry in entries.items():
                body_json = orjson.dumps(entry.body).decode()
                row = host_row(entry.body, image, entry.received_at, entry.position, body_json)
                hosts.append((hostname, *row[1:-2], entry.acknowledged_at, body_json))
            latest = max(entries.values(), key=_receipt_position)
            times = [each.acknowledged_at for each in entries.values() if each.acknowledged_at]
            row = update_row(latest.body, latest.received_at, orjson.dumps(latest.body).decode())
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

    def to_json(self) -> str:
        """The whole state as JSON (a snapshot, ``from_json`` reads it back)."""
        entries = [
            (image, host, entry.body, entry.received_at, entry.position, entry.acknowledged_at)
            for image, hosts in self.entries.items()
            for host, entry in hosts.items()
        ]
        state = {
            "position": self.position,
            "last_tag_id": self.last_tag_id,
            "entries": entries,
            "tags": list(self.tags.items()),
            "assignments": list(self.assignments.items()),
            "tokens": [(name, *token) for name, token in self.tokens.items()],
        }
        return orjson.dumps(state).decode()

    @classmethod
    def from_json(cls, text: str) -> "ReadModel":
        """The state ``to_json`` wrote."""
        state = orjson.loads(text)
        model = cls()
        model.position, model.last_tag_id = state["position"], state["last_tag_id"]
        for image, host, body, received_at, position, acknowledged_at in state["entries"]:
            entry = HostEntry(body, received_at, position, acknowledged_at)
            model.entries.setdefault(image, {})[host] = entry
        model.tags = {tag_id: name for tag_id, name in state["tags"]}
        model.assignments = {image: tag_id for image, tag_id in state["assignments"]}
        model.tokens = {
            name: (hash_, read_only, at) for name, hash_, read_only, at in state["tokens"]
        }
        return model

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
