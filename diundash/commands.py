"""Commands: every accepted change goes through here.

Each command checks the request against the read tables, then appends its
events and projects them in one ``BEGIN IMMEDIATE`` transaction, so the log
and the read tables never disagree and a refused request appends nothing.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from peewee import SqliteDatabase

from diundash.clock import Clock, format_utc, utc_now
from diundash.errors import DuplicateTagName, UnknownImage, UnknownTag
from diundash.events.store import append, last_recorded_at
from diundash.events.types import (
    Audit,
    Event,
    TagAssigned,
    TagCreated,
    TagDeleted,
    TagUnassigned,
    UpdateDismissed,
    UpdateReceived,
)
from diundash.projections import queries
from diundash.projections.projector import project


def record_events(
    db: SqliteDatabase, events: Iterable[Event], audit: Audit, recorded_at: str
) -> None:
    """Append ``events`` and project each, inside the caller's transaction."""
    for event in events:
        project(db, append(db, event, audit, recorded_at))


class Commands:
    """The write side of diundash, bound to one database and one clock."""

    def __init__(self, db: SqliteDatabase, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    @contextmanager
    def _writing(self) -> Iterator[str]:
        """A write transaction and the time its events are recorded at.

        The clock is read once the write lock is held, and never earlier than
        the newest event: writers may take the lock in any order, and the log
        keeps its times in position order (as_of by time relies on it).
        """
        with self.db.atomic():
            yield max(format_utc(self.clock()), last_recorded_at(self.db))

    def _commit(self, events: Iterable[Event], audit: Audit, recorded_at: str) -> None:
        record_events(self.db, events, audit, recorded_at)

    def record_webhook(self, body: dict[str, Any], audit: Audit) -> None:
        """Store a DIUN webhook body: the image's update becomes pending again."""
        with self._writing() as now:
            self._commit([UpdateReceived(body=body, received_at=now)], audit, now)

    def dismiss(self, image: str, audit: Audit) -> None:
        """Acknowledge ``image``'s update; a second dismissal changes nothing."""
        with self._writing() as now:
            state = queries.update_state(self.db, image)
            if state is None:
                raise UnknownImage(image)
            if state == "pending":
                self._commit([UpdateDismissed(image=image, dismissed_at=now)], audit, now)

    def dismiss_many(self, images: list[str] | None, tag_id: int | None, audit: Audit) -> list[str]:
        """Acknowledge several pending updates at once, one event each, in one
        transaction: the given ``images`` that are pending, else every pending
        image (under ``tag_id`` when given). Returns the images dismissed."""
        with self._writing() as now:
            if tag_id is not None and queries.find_tag(self.db, tag_id) is None:
                raise UnknownTag(tag_id)
            pending = queries.pending_images(self.db, tag_id)
            if images is not None:
                wanted = set(images)
                pending = [image for image in pending if image in wanted]
            events = [UpdateDismissed(image=image, dismissed_at=now) for image in pending]
            self._commit(events, audit, now)
        return pending

    def create_tag(self, name: str, audit: Audit) -> dict[str, Any]:
        """Create a tag; its id is decided here and stored in the event."""
        with self._writing() as now:
            if queries.tag_name_taken(self.db, name):
                raise DuplicateTagName(name)
            event = TagCreated(id=queries.next_tag_id(self.db), name=name)
            self._commit([event], audit, now)
        return {"id": event.id, "name": event.name}

    def delete_tag(self, tag_id: int, audit: Audit) -> None:
        """Delete a tag and every assignment to it."""
        with self._writing() as now:
            tag = queries.find_tag(self.db, tag_id)
            if tag is None:
                raise UnknownTag(tag_id)
            self._commit([TagDeleted(id=tag_id, name=tag.name)], audit, now)

    def assign(self, image: str, tag_id: int, audit: Audit) -> None:
        """Put ``image`` under tag ``tag_id``, replacing any tag it had."""
        with self._writing() as now:
            if queries.find_tag(self.db, tag_id) is None:
                raise UnknownTag(tag_id)
            if queries.assigned_tag_id(self.db, image) != tag_id:
                self._commit([TagAssigned(image=image, tag_id=tag_id)], audit, now)

    def unassign(self, image: str, audit: Audit) -> None:
        """Remove ``image``'s tag; an image without one is left as it is."""
        with self._writing() as now:
            if queries.assigned_tag_id(self.db, image) is not None:
                self._commit([TagUnassigned(image=image)], audit, now)
