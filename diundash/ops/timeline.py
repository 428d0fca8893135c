"""The log as a readable timeline, for ``diundash history``."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from diundash.events.types import (
    HostBack,
    HostForgotten,
    HostRenamed,
    HostSilent,
    NotificationSent,
    StoredEvent,
    TagAssigned,
    TagCreated,
    TagDeleted,
    TagUnassigned,
    TokenIssued,
    TokenRevoked,
    UpdateDeployed,
    UpdateDismissed,
    UpdateForgotten,
    UpdateReceived,
    UpdateRequested,
    UpdateSnoozed,
)
from diundash.projections.update_entries import hostname_of, text_field

DIGEST_WIDTH = 19  # "sha256:" and 12 hex digits


def short_digest(digest: str) -> str:
    return digest if len(digest) <= DIGEST_WIDTH else digest[:DIGEST_WIDTH] + "…"


def _on(host: str | None) -> str:
    return "" if host is None else f" on {host!r}"


def timeline_lines(
    events: Iterable[StoredEvent], tag_names: dict[int, str] | None = None
) -> Iterator[str]:
    """One line per event, oldest first, with "digest before → after" for
    each receipt of an image seen before. ``tag_names`` names tags whose
    creation is not among ``events``."""
    seen = _Seen(tags=dict(tag_names or {}))
    for stored in events:
        when = stored.recorded_at.replace("T", " ")[:19] + "Z"
        what = WORDINGS[type(stored.event)](stored.event, seen)
        by = f"  by {stored.audit.actor}" if stored.audit.actor else ""
        yield f"#{stored.position:<6} {when}  {stored.audit.source:<7}  {what}{by}"


@dataclass
class _Entry:
    """A host's entry of an image as the events so far left it: its digest,
    and when it was acknowledged (and until when, for a snooze)."""

    digest: str
    acknowledged_at: str | None = None
    snoozed_until: str | None = None


@dataclass
class _Seen:
    """What earlier events told: each image's last digest, each host's entry
    of each image (for "stays dismissed"), each tag's name."""

    digests: dict[str, str] = field(default_factory=dict)
    entries: dict[str, dict[str, _Entry]] = field(default_factory=dict)
    tags: dict[int, str] = field(default_factory=dict)

    def acknowledge(self, image: str, host: str | None, at: str, until: str | None) -> None:
        """What a dismissal (``until`` None) or a snooze does to the entries:
        the projection's rule (``effects/updates.py``)."""
        entries = self.entries.get(image, {})
        for name, entry in entries.items():
            if host in (None, name) and (entry.acknowledged_at is None or entry.snoozed_until):
                entry.acknowledged_at, entry.snoozed_until = at, until


def _received(event: UpdateReceived, seen: _Seen) -> str:
    body, digest = event.body, str(event.body.get("digest") or "")
    before = seen.digests.get(event.image)
    seen.digests[event.image] = digest
    change = short_digest(digest) or "no digest"
    if before is not None and before != digest:
        change = f"{short_digest(before)} → {change}"
    status = body.get("status") or "received"
    where = " on ".join(str(x) for x in (body.get("hostname"), body.get("platform")) if x)
    line = f"{status:<9} {event.image}  {change}" + (f"  ({where})" if where else "")
    return line + _kept(event, seen)


def _kept(event: UpdateReceived, seen: _Seen) -> str:
    """``, received again, stays dismissed`` (or snoozed) when the receipt
    repeats the build its host's entry was acknowledged with."""
    entries = seen.entries.setdefault(event.image, {})
    digest, host = text_field(event.body, "digest"), hostname_of(event.body)
    entry = entries.get(host)
    if entry is None or not digest or entry.digest != digest or entry.acknowledged_at is None:
        entries[host] = _Entry(digest)
        return ""
    if entry.snoozed_until is None:
        return ", received again, stays dismissed"
    if entry.snoozed_until > event.received_at:
        return f", received again, stays snoozed until {entry.snoozed_until}"
    return ""


def _dismissed(event: UpdateDismissed, seen: _Seen) -> str:
    seen.acknowledge(event.image, event.host, event.dismissed_at, None)
    return f"{'dismissed':<9} {event.image}" + _on(event.host)


def _deployed(event: UpdateDeployed, seen: _Seen) -> str:
    digest = short_digest(event.digest) or "no digest"
    return f"{'deployed':<9} {event.image}  {digest}" + _on(event.host)


def _update_requested(event: UpdateRequested, seen: _Seen) -> str:
    return f"{'update':<9} {event.image}" + _on(event.host) + f" asked of its hook: {event.outcome}"


def _snoozed(event: UpdateSnoozed, seen: _Seen) -> str:
    seen.acknowledge(event.image, event.host, event.snoozed_at, event.until)
    return f"{'snoozed':<9} {event.image}" + _on(event.host) + f" until {event.until}"


def _update_forgotten(event: UpdateForgotten, seen: _Seen) -> str:
    entries = seen.entries.get(event.image, {})
    for host in list(entries) if event.host is None else [event.host]:
        entries.pop(host, None)
    return f"{'forgotten':<9} {event.image}" + _on(event.host)


def _host_forgotten(event: HostForgotten, seen: _Seen) -> str:
    for entries in seen.entries.values():
        entries.pop(event.hostname, None)
    return f"{'forgotten':<9} host {event.hostname!r} and every image it reported"


def _host_renamed(event: HostRenamed, seen: _Seen) -> str:
    for entries in seen.entries.values():
        if event.hostname in entries:
            entries[event.new_hostname] = entries.pop(event.hostname)
    return f"{'renamed':<9} host {event.hostname!r} → {event.new_hostname!r}"


def _host_silent(event: HostSilent, seen: _Seen) -> str:
    return f"{'silent':<9} host {event.hostname!r}: {event.reason}"


def _host_back(event: HostBack, seen: _Seen) -> str:
    return f"{'back':<9} host {event.hostname!r}: its DIUN checked at {event.last_check_at}"


def _tag_created(event: TagCreated, seen: _Seen) -> str:
    seen.tags[event.id] = event.name
    return f"{'tag':<9} {event.name!r} (#{event.id}) created"


def _tag_deleted(event: TagDeleted, seen: _Seen) -> str:
    return f"{'tag':<9} {event.name!r} (#{event.id}) deleted"


def _tagged(event: TagAssigned, seen: _Seen) -> str:
    name = seen.tags.get(event.tag_id, "?")
    return f"{'tagged':<9} {event.image} → {name!r} (#{event.tag_id})"


def _untagged(event: TagUnassigned, seen: _Seen) -> str:
    return f"{'untagged':<9} {event.image}"


def _token_issued(event: TokenIssued, seen: _Seen) -> str:
    access = "read-only" if event.read_only else "read-write"
    return f"{'token':<9} {event.name!r} issued ({access})"


def _token_revoked(event: TokenRevoked, seen: _Seen) -> str:
    return f"{'token':<9} {event.name!r} revoked"


def _notified(event: NotificationSent, seen: _Seen) -> str:
    outcome = event.outcome if event.error is None else f"{event.outcome} ({event.error})"
    again = f", again at {event.retry_at}" if event.retry_at else ""
    return (
        f"{'notified':<9} {event.kind} {event.key!r} to {event.channel}: "
        f"{outcome}, attempt {event.attempt}{again}"
    )


# Each event type's wording: what it did, after the time and the source.
WORDINGS: dict[type, Callable[[Any, _Seen], str]] = {
    UpdateReceived: _received,
    UpdateDismissed: _dismissed,
    UpdateDeployed: _deployed,
    UpdateRequested: _update_requested,
    UpdateSnoozed: _snoozed,
    UpdateForgotten: _update_forgotten,
    HostForgotten: _host_forgotten,
    HostRenamed: _host_renamed,
    HostSilent: _host_silent,
    HostBack: _host_back,
    TagCreated: _tag_created,
    TagDeleted: _tag_deleted,
    TagAssigned: _tagged,
    TagUnassigned: _untagged,
    TokenIssued: _token_issued,
    TokenRevoked: _token_revoked,
    NotificationSent: _notified,
}
