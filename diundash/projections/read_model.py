"""The read model in memory: the read tables' state as plain dicts, which
every rebuild folds the log into (replay, verify, time travel, read-model
upgrade), and what an event does to it (``Effect``).

``updates`` needs no state of its own: each image's row is its host entries'
latest receipt, acknowledged only when every host's entry is dismissed (at
the latest of their times), exactly what the live handlers keep it at.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson
from peewee import Database

from diundash.projections.update_entries import update_row
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
    """One host's latest receipt of one image (the event at ``position``),
    and what was done about it on that host since: acknowledged (dismissed,
    deployed, or snoozed until ``snoozed_until``), deployed, an update asked of
    its hook (``AFTERMATH_COLUMNS``), and the kind of change it reports
    (``previous_tag``, ``change``). The receipt's body is kept as the JSON its
    ``host_updates`` row holds (one object, not a tree of them: a big fleet's
    fold keeps hundreds of thousands), with ``columns``, what the list shows of it
    (``update_entries.HOST_COLUMNS``). An entry read from a snapshot has no
    ``body_json`` until it is fetched from the log (``snapshots.with_bodies``)."""

    body_json: str | None  # text: orjson's bytes keep a 4 KiB buffer each
    received_at: str
    position: int
    columns: tuple[str, str, str, str, str]
    acknowledged_at: str | None = None
    deployed_at: str | None = None
    update_requested_at: str | None = None
    update_hook_status: int | None = None
    previous_tag: str | None = None
    change: str | None = None
    snoozed_until: str | None = None

    def aftermath(self) -> tuple[str | None, str | None, str | None, int | None]:
        """``update_entries.AFTERMATH_COLUMNS`` of this entry."""
        return (
            self.acknowledged_at,
            self.deployed_at,
            self.update_requested_at,
            self.update_hook_status,
        )

    def open_to_acknowledge(self) -> bool:
        """Whether a dismissal, a snooze or a deployment changes its
        acknowledgement: it is pending, or snoozed (however long ago its
        snooze ended); a dismissed or deployed entry stays so."""
        return self.acknowledged_at is None or self.snoozed_until is not None

    def acknowledge(self, at: str, until: str | None = None) -> None:
        """Dismiss (or deploy) it at ``at``, or snooze it then until ``until``."""
        self.acknowledged_at, self.snoozed_until = at, until

    def received_json(self) -> str:
        """The webhook body of this receipt, as JSON."""
        if self.body_json is None:
            raise LookupError(f"the body of event {self.position} was not read from the log")
        return self.body_json

    def received_body(self) -> dict[str, Any]:
        """The webhook body of this receipt."""
        body: dict[str, Any] = orjson.loads(self.received_json())
        return body


class ReadModel:
    """The read tables as dicts, folded forward one event at a time
    (``fold.fold``)."""

    def __init__(self) -> None:
        self.position = 0
        self.last_tag_id = 0
        self.entries: dict[str, dict[str, HostEntry]] = {}  # image -> host -> entry
        self.tags: dict[int, str] = {}
        self.assignments: dict[str, int] = {}
        self.tokens: dict[str, tuple[str, bool, str]] = {}
        self.silent: dict[str, tuple[str, str]] = {}  # hostname -> (since, reason)
        self.versions: dict[str, set[str]] = {}  # repository -> tags that read as versions
        # (key, channel) -> the notifications row; receipt position -> reminder key
        self.notifications: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.reminded: dict[int, str] = {}

    def rows(self) -> Rows:
        """Every read table's rows, columns as ``rebuild.READ_TABLE_COLUMNS``
        names them (``projection_state`` without its generation)."""
        updates, hosts = [], []
        for image, entries in self.entries.items():
            latest_json = ""
            latest = max(entries.values(), key=_receipt_position)
            for hostname, entry in entries.items():
                body_json = entry.received_json()
                hosts.append(
                    (
                        hostname,
                        image,
                        *entry.columns,
                        entry.received_at,
                        entry.position,
                        *entry.aftermath(),
                        body_json,
                        entry.previous_tag,
                        entry.change,
                        entry.snoozed_until,
                    )
                )
                if entry is latest:
                    latest_json = body_json
            row = update_row(orjson.loads(latest_json), latest.received_at, latest_json)
            updates.append((*row, dismissed_at(entries.values())))
        return {
            "updates": updates,
            "tags": list(self.tags.items()),
            "host_updates": hosts,
            "tag_assignments": list(self.assignments.items()),
            "tokens": [(name, *token) for name, token in self.tokens.items()],
            "silent_hosts": [(name, *silent) for name, silent in self.silent.items()],
            "repository_versions": [
                (repository, tag) for repository, tags in self.versions.items() for tag in tags
            ],
            "notifications": list(self.notifications.values()),
            "reminded_updates": list(self.reminded.items()),
            "projection_state": [(1, self.position, self.last_tag_id, READ_MODEL_VERSION)],
        }

    def entry_count(self) -> int:
        """How many host entries (rows of ``host_updates``) the state holds."""
        return sum(len(hosts) for hosts in self.entries.values())

    def drop_if_empty(self, image: str) -> None:
        """Forget ``image`` once no host has an entry of it."""
        if not self.entries.get(image, True):
            del self.entries[image]


def dismissed_at(entries: Iterable[HostEntry]) -> str | None:
    """When an image whose host entries are ``entries`` was dismissed: the
    latest of their times once every one is dismissed (not snoozed), else None."""
    times = []
    for entry in entries:
        if entry.acknowledged_at is None or entry.snoozed_until is not None:
            return None
        times.append(entry.acknowledged_at)
    return max(times)


def _receipt_position(entry: HostEntry) -> int:
    return entry.position


class Effect(NamedTuple):
    """What one event type does to the read model, written twice: ``project``
    applies an event to the read tables in SQL, in the transaction that
    appended it (``projector.py``); ``fold`` applies it to a ``ReadModel``
    (``fold.py``). Both take the event and its position in the log; a
    hypothesis test holds the two to the same tables."""

    project: Callable[[Database, Any, int], None]
    fold: Callable[[ReadModel, Any, int], None]
