"""``GET /api/updates``' entries, read from the read tables of any database
(the live one, or a scratch one that time travel folded the log into)."""

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import orjson
from peewee import Database

from diundash.diun import FIELD_DEFAULTS
from diundash.projections.resolution import host_resolution, image_resolution
from diundash.storage import codepoint_order, read_snapshot

Entries = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class ReadState:
    """Which state the read tables hold: the log position they reflect, and
    their generation (one more at each rebuild). Both make the ETag."""

    position: int
    generation: int

    @cached_property
    def etag(self) -> str:
        return f"log-{self.position}-{self.generation}"

    @cached_property
    def quoted_etag(self) -> str:
        """The ETag as its header carries it (a poll that changes nothing
        sends the same one many times: worked out once)."""
        return f'"{self.etag}"'


READ_STATE = "SELECT position, generation FROM projection_state WHERE id = 1"


def read_state(db: Database) -> ReadState:
    """The state the read tables are in now (every poll asks: a plain statement)."""
    row = db.execute_sql(READ_STATE).fetchone()
    return ReadState(int(row[0]), int(row[1])) if row else ReadState(0, 0)


def projected_position(db: Database) -> int:
    """The log position the read tables reflect."""
    return read_state(db).position


# Both in image order (then host order), as Python orders text: by code
# point (``codepoint_order``), so the two merge in one pass.
UPDATE_ROWS = (
    "SELECT u.image, u.event_json, u.received_at, u.acknowledged_at, t.id, t.name "
    "FROM updates u LEFT JOIN tag_assignments a ON a.image = u.image "
    "LEFT JOIN tags t ON t.id = a.tag_id ORDER BY u.image{order}"
)
HOST_ROWS = (
    "SELECT image, hostname, status, digest, platform, containers, received_at, "
    "acknowledged_at, deployed_at, update_requested_at, update_hook_status "
    "FROM host_updates ORDER BY image{order}, hostname{order}"
)


def read_updates(db: Database, host: str | None = None) -> tuple[ReadState, Entries]:
    """Every tracked image's entry, keyed by image (only those ``host``
    reported, when given), and the state they reflect, read in one snapshot."""
    with read_snapshot(db):
        return read_state(db), dict(_entries(db, host))


def render_updates(db: Database, host: str | None = None) -> tuple[ReadState, bytes]:
    """``read_updates`` as the JSON bytes the API sends, serialized entry by
    entry as the rows come from the database: the list is never held whole
    as objects (at 10,000 images that was 40 MiB for a 9 MiB body), and the
    bytes grow in one buffer that ``getvalue`` hands over without a copy."""
    with read_snapshot(db):
        return read_state(db), serialize_entries(_entries(db, host))


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


def _entries(db: Database, host: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each image's entry in image order, inside the caller's snapshot."""
    order = codepoint_order(db)
    host_rows = db.execute_sql(HOST_ROWS.format(order=order))
    pending = host_rows.fetchone()
    for image, event_json, received_at, acknowledged_at, tag_id, tag_name in db.execute_sql(
        UPDATE_ROWS.format(order=order)
    ):
        hosts = []
        while pending is not None and pending[0] <= image:
            if pending[0] == image:
                hosts.append(host_entry(*pending[1:]))
            pending = host_rows.fetchone()
        if host is not None and not any(entry["hostname"] == host for entry in hosts):
            continue
        tag = (tag_id, tag_name) if tag_id is not None else None
        yield image, image_entry(orjson.loads(event_json), received_at, acknowledged_at, tag, hosts)


def image_entry(
    body: dict[str, Any],
    received_at: str,
    acknowledged_at: str | None,
    tag: tuple[int, str] | None,
    hosts: list[dict[str, Any]],
) -> dict[str, Any]:
    """One image's entry in the list: its latest receipt's ``body`` and
    when, its acknowledgement, its tag (id, name), its hosts' entries, and
    what they add up to (``resolution.image_resolution``)."""
    resolution, deployed_at = image_resolution((h["resolution"], h["deployed_at"]) for h in hosts)
    return {
        "event": {**FIELD_DEFAULTS, **body},
        "received_at": received_at,
        "acknowledged": acknowledged_at is not None,
        "acknowledged_at": acknowledged_at,
        "tag": {"id": tag[0], "name": tag[1]} if tag is not None else None,
        "hosts": hosts,
        "resolution": resolution,
        "deployed_at": deployed_at,
    }


def host_entry(
    hostname: str,
    status: str,
    digest: str,
    platform: str,
    containers: str,
    received_at: str,
    acknowledged_at: str | None,
    deployed_at: str | None,
    update_requested_at: str | None,
    update_hook_status: int | None,
) -> dict[str, Any]:
    """One host's entry of an image in the list: the receipt, and what was
    done about it on that host (its resolution, the last update asked of
    its hook since the receipt)."""
    return {
        "hostname": hostname,
        "status": status,
        "digest": digest,
        "platform": platform,
        "containers": [name for name in containers.split(",") if name],
        "received_at": received_at,
        "acknowledged": acknowledged_at is not None,
        "acknowledged_at": acknowledged_at,
        "resolution": host_resolution(acknowledged_at, deployed_at),
        "deployed_at": deployed_at,
        "update_request": None
        if update_requested_at is None
        else {
            "requested_at": update_requested_at,
            "hook_status": update_hook_status,
            "accepted": hook_accepted(update_hook_status),
        },
    }


def hook_accepted(status: int | None) -> bool:
    """Whether an update hook's answer means it took the request (a 2xx)."""
    return status is not None and 200 <= status < 300
