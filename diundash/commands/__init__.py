"""Commands: every accepted change goes through here.

Each command checks the request against the read tables, then appends its
events and projects them in one write transaction (shared with the commands
that arrived with it: ``group_commit``), so the log and the read tables never
disagree and a refused request appends nothing.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from peewee import Database

from diundash.auth.tokens import new_token, token_hash
from diundash.clock import Clock, format_utc, utc_now
from diundash.commands.host_health import HostHealthCommands
from diundash.commands.notifications import NotificationCommands
from diundash.commands.recording import Announcing, Writer, record_event, record_events
from diundash.commands.resolutions import ResolutionCommands
from diundash.errors import (
    DuplicateTagName,
    HostNameTaken,
    SnoozeInThePast,
    TokenRefused,
    UnknownHost,
    UnknownImage,
    UnknownTag,
)
from diundash.events.types import (
    Audit,
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
    UpdateSnoozed,
)
from diundash.group_commit import GroupCommit
from diundash.input_rules import InvalidInput, check_token_name
from diundash.projections.queries import Queries

__all__ = ["Commands", "record_event", "record_events"]


def _acknowledgement(
    image: str, host: str | None, now: str, until: datetime | None
) -> UpdateDismissed | UpdateSnoozed:
    """The event that dismisses ``image`` at ``now`` (on ``host``), or snoozes
    it then until ``until``, which must be later (``SnoozeInThePast``)."""
    if until is None:
        return UpdateDismissed(image=image, dismissed_at=now, host=host)
    ends = format_utc(until)
    if ends <= now:
        raise SnoozeInThePast(ends, now)
    return UpdateSnoozed(image=image, snoozed_at=now, until=ends, host=host)


class Commands(ResolutionCommands, HostHealthCommands, NotificationCommands):
    """The write side of diundash, bound to one database and one clock.

    Each command is a check against the read tables and the events it
    appends, run through group commit: concurrent commands share a
    transaction and its commit, and each answers only once it is stored.
    The commands of some concerns are in the modules of this package.
    """

    def __init__(
        self, db: Database, clock: Clock = utc_now, on_commit: Callable[[], None] | None = None
    ) -> None:
        self.db = db
        self.queries = Queries(db)
        self._writer: Writer = GroupCommit(db, clock)
        if on_commit is not None:
            self._writer = Announcing(self._writer, on_commit)

    def record_webhook(self, body: dict[str, Any], audit: Audit) -> None:
        """Store a DIUN webhook body: the image's update becomes pending again."""

        def work(now: str) -> None:
            record_event(self.db, UpdateReceived(body=body, received_at=now), audit, now)

        self._writer.run(work)

    def dismiss(
        self, image: str, audit: Audit, host: str | None = None, until: datetime | None = None
    ) -> None:
        """Acknowledge ``image``'s update on every host (on ``host``, when
        given): for good, or snoozed ``until`` a later time (then pending
        again by itself). A second dismissal changes nothing; a dismissal or
        a snooze of a snoozed update replaces its snooze."""

        def work(now: str) -> None:
            open_entries = self.queries.open_entries(image, host)
            if open_entries is None:
                raise UnknownImage(image, host)
            event = _acknowledgement(image, host, now, until)
            if open_entries:
                record_event(self.db, event, audit, now)

        self._writer.run(work)

    def dismiss_many(
        self,
        images: list[str] | None,
        tag_id: int | None,
        audit: Audit,
        host: str | None = None,
        until: datetime | None = None,
    ) -> list[str]:
        """Acknowledge several pending updates at once (for good, or snoozed
        ``until``), one event each, in one transaction: the given ``images``
        that are pending, else every pending image (under ``tag_id``, on
        ``host``, when given). Returns the images whose entry changed."""

        def work(now: str) -> list[str]:
            if tag_id is not None and self.queries.find_tag(tag_id) is None:
                raise UnknownTag(tag_id)
            pending = self.queries.pending_images(now, tag_id, host)
            if images is not None:
                wanted = set(images)
                pending = [image for image in pending if image in wanted]
            events = [_acknowledgement(image, host, now, until) for image in pending]
            record_events(self.db, events, audit, now)
            return pending

        return list(self._writer.run(work))

    def forget(self, image: str, audit: Audit, host: str | None = None) -> None:
        """Forget ``image`` on every host (on ``host``, when given) until a
        host reports it again; its tag assignment stays."""

        def work(now: str) -> None:
            if self.queries.open_entries(image, host) is None:
                raise UnknownImage(image, host)
            record_event(self.db, UpdateForgotten(image=image, host=host), audit, now)

        self._writer.run(work)

    def forget_host(self, hostname: str, audit: Audit) -> None:
        """Forget a host: every entry it reported, and its silence."""

        def work(now: str) -> None:
            known = self.queries.host_exists(hostname) or self.queries.silent_since(hostname)
            if not known:
                raise UnknownHost(hostname)
            record_event(self.db, HostForgotten(hostname=hostname), audit, now)

        self._writer.run(work)

    def rename_host(self, hostname: str, new_hostname: str, audit: Audit) -> None:
        """Move ``hostname``'s entries under ``new_hostname``, a name no host has."""

        def work(now: str) -> None:
            if not self.queries.host_exists(hostname):
                raise UnknownHost(hostname)
            if self.queries.host_exists(new_hostname):
                raise HostNameTaken(new_hostname)
            event = HostRenamed(hostname=hostname, new_hostname=new_hostname)
            record_event(self.db, event, audit, now)

        self._writer.run(work)

    def create_tag(self, name: str, audit: Audit) -> dict[str, Any]:
        """Create a tag; its id is decided here and stored in the event."""

        def work(now: str) -> dict[str, Any]:
            if self.queries.tag_name_taken(name):
                raise DuplicateTagName(name)
            event = TagCreated(id=self.queries.next_tag_id(), name=name)
            record_event(self.db, event, audit, now)
            return {"id": event.id, "name": event.name}

        return dict(self._writer.run(work))

    def delete_tag(self, tag_id: int, audit: Audit) -> None:
        """Delete a tag and every assignment to it."""

        def work(now: str) -> None:
            tag = self.queries.find_tag(tag_id)
            if tag is None:
                raise UnknownTag(tag_id)
            record_event(self.db, TagDeleted(id=tag_id, name=tag.name), audit, now)

        self._writer.run(work)

    def assign(self, image: str, tag_id: int, audit: Audit) -> None:
        """Put ``image`` under tag ``tag_id``, replacing any tag it had."""

        def work(now: str) -> None:
            if self.queries.find_tag(tag_id) is None:
                raise UnknownTag(tag_id)
            if self.queries.assigned_tag_id(image) != tag_id:
                record_event(self.db, TagAssigned(image=image, tag_id=tag_id), audit, now)

        self._writer.run(work)

    def unassign(self, image: str, audit: Audit) -> None:
        """Remove ``image``'s tag; an image without one is left as it is."""

        def work(now: str) -> None:
            if self.queries.assigned_tag_id(image) is not None:
                record_event(self.db, TagUnassigned(image=image), audit, now)

        self._writer.run(work)

    def issue_token(self, name: str, read_only: bool, audit: Audit) -> str:
        """Issue an API token named ``name``; returns it (only its hash is stored)."""
        try:
            check_token_name(name, "the name")  # the rule an imported TokenIssued obeys too
        except InvalidInput as error:
            raise TokenRefused(str(error)) from None
        token = new_token()

        def work(now: str) -> None:
            if self.queries.token_name_taken(name):
                raise TokenRefused(f"a token named {name!r} exists already: revoke it first")
            event = TokenIssued(
                name=name, token_hash=token_hash(token), read_only=read_only, issued_at=now
            )
            record_event(self.db, event, audit, now)

        self._writer.run(work)
        return token

    def revoke_token(self, name: str, audit: Audit) -> None:
        """Revoke the token ``name``: it signs no one in from the next request on."""

        def work(now: str) -> None:
            if not self.queries.token_name_taken(name):
                raise TokenRefused(f"there is no token named {name!r}")
            record_event(self.db, TokenRevoked(name=name), audit, now)

        self._writer.run(work)
