"""The log as a readable timeline, for ``diundash history``."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from diundash.events.types import (
    HostForgotten,
    HostRenamed,
    StoredEvent,
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
        what = _describe(stored, seen)
        by = f"  by {stored.audit.actor}" if stored.audit.actor else ""
        yield f"#{stored.position:<6} {when}  {stored.audit.source:<7}  {what}{by}"


@dataclass
class _Seen:
    """What earlier events told: each image's last digest, each tag's name."""

    digests: dict[str, str] = field(default_factory=dict)
    tags: dict[int, str] = field(default_factory=dict)


def _describe(stored: StoredEvent, seen: _Seen) -> str:
    event = stored.event
    match event:
        case UpdateReceived():
            body, digest = event.body, str(event.body.get("digest") or "")
            before = seen.digests.get(event.image)
            seen.digests[event.image] = digest
            change = short_digest(digest) or "no digest"
            if before is not None and before != digest:
                change = f"{short_digest(before)} → {change}"
            status = body.get("status") or "received"
            where = " on ".join(str(x) for x in (body.get("hostname"), body.get("platform")) if x)
            return f"{status:<9} {event.image}  {change}" + (f"  ({where})" if where else "")
        case UpdateDismissed():
            return f"{'dismissed':<9} {event.image}" + _on(event.host)
        case UpdateForgotten():
            return f"{'forgotten':<9} {event.image}" + _on(event.host)
        case HostForgotten():
            return f"{'forgotten':<9} host {event.hostname!r} and every image it reported"
        case HostRenamed():
            return f"{'renamed':<9} host {event.hostname!r} → {event.new_hostname!r}"
        case TagCreated():
            seen.tags[event.id] = event.name
            return f"{'tag':<9} {event.name!r} (#{event.id}) created"
        case TagDeleted():
            return f"{'tag':<9} {event.name!r} (#{event.id}) deleted"
        case TagAssigned():
            name = seen.tags.get(event.tag_id, "?")
            return f"{'tagged':<9} {event.image} → {name!r} (#{event.tag_id})"
        case TagUnassigned():
            return f"{'untagged':<9} {event.image}"
        case TokenIssued():
            access = "read-only" if event.read_only else "read-write"
            return f"{'token':<9} {event.name!r} issued ({access})"
        case TokenRevoked():
            return f"{'token':<9} {event.name!r} revoked"
