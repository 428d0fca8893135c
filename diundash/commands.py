"""Commands: every accepted change goes through here.

Each command checks the request against the read tables, then appends its
events and projects them in one write transaction, so the log and the read
tables never disagree and a refused request appends nothing.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from peewee import Database

from diundash.clock import Clock, format_utc, utc_now
from diundash.errors import DuplicateTagName, UnknownImage, UnknownTag
from diundash.events.store import append, last_recorded_at
from diundash.events.types import (
    Audit,
    Event,
    StoredEvent,
    TagAssigned,
    TagCreated,
    TagDeleted,
    TagUnassigned,
    UpdateDismissed,
    UpdateReceived,
)
from diundash.projections.projector import project
from diundash.projections.queries import Queries
from diundash.storage import write_transaction


def record_event(
    db: Database,
    event: Event,
    audit: Audit,
    recorded_at: str,
    stored_as: tuple[int, dict[str, Any]] | None = None,
) -> StoredEvent:
    """Append ``event`` and project it, inside the caller's transaction: the
    one way anything enters the log (``stored_as`` as in ``append``)."""
    stored = append(db, event, audit, recorded_at, stored_as)
    project(db, stored)
    return stored


def record_events(db: Database, events: Iterable[Event], audit: Audit, recorded_at: str) -> None:
    """``record_event`` for each of ``events``, in order."""
    for event in events:
        record_event(db, event, audit, recorded_at)


class Commands:
    """The write side of diundash, bound to one database and one clock."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock
        self.queries = Queries(db)

    @contextmanager
    def _writing(self) -> Iterator[str]:
        """A write transaction and the time its events are recorded at.

        The clock is read once the write lock is held, and never earlier than
        the newest event: writers may take the lock in any order, and the log
        keeps its times in position order (as_of by time relies on it).
        """
        with write_transaction(self.db):
            yield max(format_utc(self.clock()), last_recorded_at(self.db))

    def record_webhook(self, body: dict[str, Any], audit: Audit) -> None:
        """Store a DIUN webhook body: the image's update becomes pending again."""
        with self._writing() as now:
            record_event(self.db, UpdateReceived(body=body, received_at=now), audit, now)

    def dismiss(self, image: str, audit: Audit) -> None:
        """Acknowledge ``image``'s update; a second dismissal changes nothing."""
        with self._writing() as now:
            state = self.queries.update_state(image)
            if state is None:
                raise UnknownImage(image)
            if state == "pending":
                record_event(self.db, UpdateDismissed(image=image, dismissed_at=now), audit, now)

    def dismiss_many(self, images: list[str] | None, tag_id: int | None, audit: Audit) -> list[str]:
        """Acknowledge several pending updates at once, one event each, in one
        transaction: the given ``images`` that are pending, else every pending
        image (under ``tag_id`` when given). Returns the images dismissed."""
        with self._writing() as now:
            if tag_id is not None and self.queries.find_tag(tag_id) is None:
                raise UnknownTag(tag_id)
            pending = self.queries.pending_images(tag_id)
            if images is not None:
                wanted = set(images)
                pending = [image for image in pending if image in wanted]
            events = [UpdateDismissed(image=image, dismissed_at=now) for image in pending]
            record_events(self.db, events, audit, now)
        return pending

    def create_tag(self, name: str, audit: Audit) -> dict[str, Any]:
        """Create a tag; its id is decided here and stored in the event."""
        with self._writing() as now:
            if self.queries.tag_name_taken(name):
                raise DuplicateTagName(name)
            event = TagCreated(id=self.queries.next_tag_id(), name=name)
            record_event(self.db, event, audit, now)
        return {"id": event.id, "name": event.name}

    def delete_tag(self, tag_id: int, audit: Audit) -> None:
        """Delete a tag and every assignment to it."""
        with self._writing() as now:
            tag = self.queries.find_tag(tag_id)
            if tag is None:
                raise UnknownTag(tag_id)
            record_event(self.db, TagDeleted(id=tag_id, name=tag.name), audit, now)

    def assign(self, image: str, tag_id: int, audit: Audit) -> None:
        """Put ``image`` under tag ``tag_id``, replacing any tag it had."""
        with self._writing() as now:
            if self.queries.find_tag(tag_id) is None:
                raise UnknownTag(tag_id)
            if self.queries.assigned_tag_id(image) != tag_id:
                record_event(self.db, TagAssigned(image=image, tag_id=tag_id), audit, now)

    def unassign(self, image: str, audit: Audit) -> None:
        """Remove ``image``'s tag; an image without one is left as it is."""
        with self._writing() as now:
            if self.queries.assigned_tag_id(image) is not None:
                record_event(self.db, TagUnassigned(image=image), audit, now)
