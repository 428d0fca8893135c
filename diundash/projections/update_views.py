"""``GET /api/updates``' entries, read from the read
tables of any database (the live one, or a scratch one that time travel
folded the log into), as they stand at a moment: a snooze ends with time
alone (``acknowledged``)."""

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import orjson
from peewee import Database

from diundash.diun import FIELD_DEFAULTS
from diundash.image_refs import split_image
from diundash.projections.resolution import host_resolution, image_resolution
from diundash.storage import codepoint_order, read_snapshot

Entries = dict[str, dict[str, Any]]


def acknowledged(acknowledged_at: str | None, snoozed_until: str | None, now: str) -> bool:
    """Whether a host's entry is acknowledged at ``now``: dismissed, or
    snoozed until a later time (RFC 3339 UTC text as ``format_utc`` writes
    it, compared as text)."""
    return acknowledged_at is not None and (snoozed_until is None or snoozed_until > now)


@dataclass(frozen=True)
class ReadState:
    """Which state the read tables hold: the log position they reflect,
    their generation (one more at each rebuild) and the last moment a snooze
    ended at (the list changed then with no event). They make the ETag.
    ``next_change`` is when the next snooze ends: the state is another one
    from then on."""

    position: int
    generation: int
    snooze_ended: str | None = None
    next_change: str | None = field(default=None, compare=False)

    @cached_property
    def etag(self) -> str:
        tag = f"log-{self.position}-{self.generation}"
        if self.snooze_ended is None:
            return tag
        return f"{tag}-{''.join(filter(str.isdigit, self.snooze_ended))}"

    @cached_property
    def quoted_etag(self) -> str:
        """The ETag as its header carries it (a poll that changes nothing
        sends the same one many times: worked out once)."""
        return f'"{self.etag}"'


READ_STATE = "SELECT position, generation FROM projection_state WHERE id = 1"
SNOOZE_ENDS = (
    "SELECT (SELECT max(snoozed_until) FROM host_updates WHERE snoozed_until <= ?), "
    "(SELECT min(snoozed_until) FROM host_updates WHERE snoozed_until > ?)"
)


def read_state(db: Database, now: str) -> ReadState:
    """The state the read tables are in at ``now``."""
    row = db.execute_sql(READ_STATE).fetchone()
    ended, upcoming = db.execute_sql(SNOOZE_ENDS, (now, now)).fetchone()
    position, generation = (int(row[0]), int(row[1])) if row else (0, 0)
    return ReadState(position, generation, ended, upcoming)


def projected_position(db: Database) -> int:
    """The log position the read tables reflect."""
    row = db.execute_sql(READ_STATE).fetchone()
    return int(row[0]) if row else 0


# Both in image order (then host order), as Python orders text: by code
# point (``codepoint_order``), so the two merge in one pass.
UPDATE_ROWS = (
    "SELECT u.image, u.event_json, u.received_at, t.id, t.name "
    "FROM updates u LEFT JOIN tag_assignments a ON a.image = u.image "
    "LEFT JOIN tags t ON t.id = a.tag_id ORDER BY u.image{order}"
)
# The columns of ``HostRow``, after the image.
HOST_ROWS = (
    "SELECT image, hostname, status, digest, platform, containers, received_at, "
    "acknowledged_at, snoozed_until, receipt_position, previous_tag, change, "
    "deployed_at, update_requested_at, update_hook_status "
    "FROM host_updates ORDER BY image{order}, hostname{order}"
)


class HostRow(NamedTuple):
    """What the list shows of one host's entry of an image (a tuple: the
    list makes one per host entry, 200,000 at 10,000 images on 20 hosts)."""

    hostname: str
    status: str
    digest: str
    platform: str
    containers: str
    received_at: str
    acknowledged_at: str | None
    snoozed_until: str | None
    position: int
    previous_tag: str | None
    change: str | None
    deployed_at: str | None
    update_requested_at: str | None
    update_hook_status: int | None


def read_updates(db: Database, now: str, host: str | None = None) -> tuple[ReadState, Entries]:
    """Every tracked image's entry at ``now``, keyed by image (only those
    ``host`` reported, when given), and the state they reflect, read in one
    snapshot."""
    with read_snapshot(db):
        return read_state(db, now), dict(_entries(db, host, now))


def render_updates(db: Database, now: str, host: str | None = None) -> tuple[ReadState, bytes]:
    """``read_updates`` as the JSON bytes the API sends, serialized entry by
    entry as the rows come from the database: the list is never held whole
    as objects (at 10,000 images that was 40 MiB for a 9 MiB body), and the
    bytes grow in one buffer that ``getvalue`` hands over without a copy."""
    with read_snapshot(db):
        return read_state(db, now), serialize_entries(_entries(db, host, now))


def serialize_entries(entries: Iterable[tuple[str, dict[str, Any]]]) -> bytes:
    """The JSON object of ``entries`` (image, entry), serialized one entry
    at a time into one buffer, which ``getvalue`` hands over without a copy."""
    body = io.BytesIO()
    body.write(b"{")
    for n, (image, entry) in enumerate(entries):
        if n:
            body.write(b",")
        body.write(orjson.dumps({image: entry})[1:-1])
    body.write(b"}")
    return body.getvalue()


def _entries(db: Database, host: str | None, now: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each image's entry in image order, inside the caller's snapshot."""
    order = codepoint_order(db)
    host_rows = db.execute_sql(HOST_ROWS.format(order=order))
    pending = host_rows.fetchone()
    for image, event_json, received_at, tag_id, tag_name in db.execute_sql(
        UPDATE_ROWS.format(order=order)
    ):
        rows = []
        while pending is not None and pending[0] <= image:
            if pending[0] == image:
                rows.append(HostRow(*pending[1:]))
            pending = host_rows.fetchone()
        if host is not None and not any(row.hostname == host for row in rows):
            continue
        tag = (tag_id, tag_name) if tag_id is not None else None
        yield image, image_entry(image, orjson.loads(event_json), received_at, tag, rows, now)


def image_entry(
    image: str,
    body: dict[str, Any],
    received_at: str,
    tag: tuple[int, str] | None,
    rows: list[HostRow],
    now: str,
) -> dict[str, Any]:
    """One image's entry in the list at ``now``: its latest receipt's
    ``body`` and when, the kind of change that receipt reports, its tag
    (id, name) and its hosts' entries (``rows``, by host name). It is
    acknowledged when every host's entry is (at the latest of their times);
    snoozed until the first of their snoozes ends. What they add up to:
    ``resolution.image_resolution``."""
    repository, image_tag = split_image(image)
    hosts = [host_entry(repository, image_tag, row, now) for row in rows]
    resolution, deployed_at = image_resolution((h["resolution"], h["deployed_at"]) for h in hosts)
    latest = max(rows, key=_receipt_position)
    is_acknowledged = all(each["acknowledged"] for each in hosts)
    snoozes = [each["snoozed_until"] for each in hosts if each["snoozed_until"] is not None]
    return {
        "event": {**FIELD_DEFAULTS, **body},
        "received_at": received_at,
        "acknowledged": is_acknowledged,
        "acknowledged_at": max(each["acknowledged_at"] for each in hosts)
        if is_acknowledged
        else None,
        "tag": {"id": tag[0], "name": tag[1]} if tag is not None else None,
        "hosts": hosts,
        "repository": repository,
        "image_tag": image_tag,
        "previous_tag": latest.previous_tag,
        "change": latest.change,
        "snoozed_until": min(snoozes) if is_acknowledged and snoozes else None,
        "resolution": resolution,
        "deployed_at": deployed_at,
    }


def _receipt_position(row: HostRow) -> int:
    return row.position


def host_entry(repository: str, tag: str | None, row: HostRow, now: str) -> dict[str, Any]:
    """One host's entry in the list of an image (its ``repository`` and
    ``tag``: ``split_image``), at ``now``: the receipt, and what was done
    about it on that host (its resolution, the last update asked of its hook
    since the receipt)."""
    is_acknowledged = acknowledged(row.acknowledged_at, row.snoozed_until, now)
    snoozed = is_acknowledged and row.snoozed_until is not None
    return {
        "hostname": row.hostname,
        "status": row.status,
        "digest": row.digest,
        "platform": row.platform,
        "containers": [name for name in row.containers.split(",") if name],
        "received_at": row.received_at,
        "acknowledged": is_acknowledged,
        "acknowledged_at": row.acknowledged_at if is_acknowledged else None,
        "snoozed_until": row.snoozed_until if is_acknowledged else None,
        "repository": repository,
        "tag": tag,
        "previous_tag": row.previous_tag,
        "change": row.change,
        "resolution": host_resolution(
            row.acknowledged_at if is_acknowledged else None, row.deployed_at, snoozed
        ),
        "deployed_at": row.deployed_at,
        "update_request": None
        if row.update_requested_at is None
        else {
            "requested_at": row.update_requested_at,
            "hook_status": row.update_hook_status,
            "accepted": hook_accepted(row.update_hook_status),
        },
    }


def hook_accepted(status: int | None) -> bool:
    """Whether an update hook's answer means it took the request (a 2xx)."""
    return status is not None and 200 <= status < 300
