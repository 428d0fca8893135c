"""Time travel: the list as it stood at an earlier log position, folded in
memory from the nearest snapshot of the read model (or from the log's
start) and shown as the live list would have shown it then."""

import re
from collections.abc import Iterator
from typing import Any

from peewee import Database

from diundash.clock import format_utc, parse_rfc3339
from diundash.events.history import position_at
from diundash.events.store import last_position, read_decoded
from diundash.projections.fold import cycle_collection_paused, fold
from diundash.projections.read_model import HostEntry, ReadModel
from diundash.projections.snapshots import nearest_snapshot, with_bodies
from diundash.projections.update_views import HostRow, image_entry, serialize_entries

_POSITION = re.compile(r"[0-9]+")
Entry = dict[str, Any]


class InvalidAsOf(ValueError):
    """``as_of`` is neither a log position nor an RFC 3339 time."""


class AsOfPastTheEnd(LookupError):
    """``as_of`` is a position the log has not reached."""


def as_of_position(db: Database, as_of: str) -> int:
    """The log position ``as_of`` names: a position, or the last event at or
    before an RFC 3339 time."""
    if _POSITION.fullmatch(as_of):
        digits, last = as_of.lstrip("0") or "0", last_position(db)
        # Compared as text first: int() refuses thousands of digits.
        if len(digits) > len(str(last)) or int(digits) > last:
            raise AsOfPastTheEnd(
                f"'as_of' position {digits[:40]} is past the end of the log ({last})"
            )
        return int(digits)
    moment = parse_rfc3339(as_of)
    if moment is None:
        raise InvalidAsOf(
            "'as_of' must be a log position or an RFC 3339 time such as 2026-03-23T10:00:00Z"
        )
    return position_at(db, format_utc(moment))


def as_of_moment(db: Database, as_of: str, position: int) -> str:
    """The moment the list is shown at for ``as_of``: the time it names, or
    when the event at the position it names was recorded (a snooze ends
    with time alone)."""
    moment = None if _POSITION.fullmatch(as_of) else parse_rfc3339(as_of)
    if moment is not None:
        return format_utc(moment)
    row = db.execute_sql("SELECT recorded_at FROM events WHERE position = ?", (position,))
    recorded = row.fetchone()
    return str(recorded[0]) if recorded else ""


def updates_as_of(db: Database, position: int, now: str, host: str | None = None) -> bytes:
    """``GET /api/updates``' body as it would have answered at ``now``,
    right after event ``position``."""
    with cycle_collection_paused():
        return _render_as_of(db, position, now, host)


def _render_as_of(db: Database, position: int, now: str, host: str | None) -> bytes:
    # The model is freed when this returns, before the collector resumes
    # (resumed with it alive, its next pass walks every object of it).
    model = nearest_snapshot(db, position)
    fold(model, read_decoded(db, after=model.position, upto=position))
    return serialize_entries(model_entries(with_bodies(db, model, latest_only=True), now, host))


def model_entries(
    model: ReadModel, now: str, host: str | None = None
) -> Iterator[tuple[str, Entry]]:
    """The list's entries at ``now`` of a folded read model (each image's
    latest receipt must carry its body), image and entry, in the live
    list's order: images, then each image's hosts, by code point."""
    tags = model.tags
    for image in sorted(model.entries):
        entries = model.entries[image]
        if host is not None and host not in entries:
            continue
        rows = []
        for hostname in sorted(entries):
            entry = entries[hostname]
            status, digest, platform, _, containers = entry.columns
            rows.append(
                HostRow(
                    hostname,
                    status,
                    digest,
                    platform,
                    containers,
                    entry.received_at,
                    entry.acknowledged_at,
                    entry.snoozed_until,
                    entry.position,
                    entry.previous_tag,
                    entry.change,
                    entry.deployed_at,
                    entry.update_requested_at,
                    entry.update_hook_status,
                )
            )
        latest = max(entries.values(), key=_receipt_position)
        tag_id = model.assignments.get(image)
        tag = (tag_id, tags[tag_id]) if tag_id is not None else None
        body = latest.received_body()
        yield image, image_entry(image, body, latest.received_at, tag, rows, now)


def _receipt_position(entry: HostEntry) -> int:
    return entry.position
