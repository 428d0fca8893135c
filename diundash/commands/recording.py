"""The one way anything enters the log (``record_event``), and what the
commands of every concern share: their writer and the read side they check."""

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from peewee import Database

from diundash.events.store import append
from diundash.events.types import Audit, Event, StoredEvent
from diundash.projections.projector import project
from diundash.projections.queries import Queries


def record_event(db: Database, event: Event, audit: Audit, recorded_at: str) -> StoredEvent:
    """Append ``event`` and project it, inside the caller's transaction: the
    one way anything enters the log."""
    stored = append(db, event, audit, recorded_at)
    project(db, stored)
    return stored


def record_events(db: Database, events: Iterable[Event], audit: Audit, recorded_at: str) -> None:
    """``record_event`` for each of ``events``, in order."""
    for event in events:
        record_event(db, event, audit, recorded_at)


class Writer(Protocol):
    """Runs a command's work in a write transaction (``GroupCommit``)."""

    def run(self, work: Callable[[str], Any]) -> Any: ...


class Announcing:
    """Group commit that calls ``on_commit`` once each command's run is
    over, before the command answers (its batch may have stored others' work)."""

    def __init__(self, writer: Writer, on_commit: Callable[[], None]) -> None:
        self.writer, self.on_commit = writer, on_commit

    def run(self, work: Callable[[str], Any]) -> Any:
        try:
            return self.writer.run(work)
        finally:
            self.on_commit()


class CommandsBase:
    """What the commands of each concern work with (``Commands`` sets it)."""

    db: Database
    queries: Queries
    _writer: Writer
