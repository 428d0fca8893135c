"""``GET /api/updates``' entries and ``GET /api/hosts``, read from the read
tables of any database (the live one, or a scratch one that time travel
folded the log into)."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import orjson
from peewee import JOIN, Database

from diundash.diun import FIELD_DEFAULTS
from diundash.projections.tables import (
    AssignmentRow,
    HostUpdateRow,
    TagRow,
    UpdateRow,
)
from diundash.storage import read_snapshot

Entries = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class ReadState:
    """Which state the read tables hold: the log position they reflect, and
    their generation (one more at each rebuild). Both make the ETag."""

    position: int
    generation: int

    @property
    def etag(self) -> str:
        return f"log-{self.position}-{self.generation}"


READ_STATE = "SELECT position, generation FROM projection_state WHERE id = 1"


def read_state(db: Database) -> ReadState:
    """The state the read tables are in now (every poll asks: a plain statement)."""
    row = db.execute_sql(READ_STATE).fetchone()
    return ReadState(int(row[0]), int(row[1])) if row else ReadState(0, 0)


def projected_position(db: Database) -> int:
    """The log position the read tables reflect."""
    return read_state(db).position


def read_updates(db: Database, host: str | None = None) -> tuple[ReadState, Entries]:
    """Every tracked image's entry, keyed by image (only those ``host``
    reported, when given), and the state they reflect, read in one snapshot."""
    query = (
        UpdateRow.select(UpdateRow, TagRow.id.alias("tag_id"), TagRow.name.alias("tag_name"))
        .join(AssignmentRow, JOIN.LEFT_OUTER, on=AssignmentRow.image == UpdateRow.image)
        .join(TagRow, JOIN.LEFT_OUTER, on=TagRow.id == AssignmentRow.tag_id)
        .dicts()
    )
    with read_snapshot(db):
        state = read_state(db)
        rows = list(query.execute(db))
        hosts = _hosts_by_image(db)
    if host is not None:
        rows = [row for row in rows if any(h["hostname"] == host for h in hosts[row["image"]])]
    # Sorted here, not by the database: every engine and collation gives the same order.
    rows.sort(key=lambda row: str(row["image"]))
    return state, {row["image"]: _entry(row, hosts[row["image"]]) for row in rows}


def _hosts_by_image(db: Database) -> dict[str, list[dict[str, Any]]]:
    by_image: dict[str, list[dict[str, Any]]] = defaultdict(list)
    columns = (
        HostUpdateRow.hostname,
        HostUpdateRow.image,
        HostUpdateRow.status,
        HostUpdateRow.digest,
        HostUpdateRow.platform,
        HostUpdateRow.containers,
        HostUpdateRow.received_at,
        HostUpdateRow.acknowledged_at,
    )
    for row in HostUpdateRow.select(*columns).tuples().execute(db):
        hostname, image, status, digest, platform, containers, received_at, acknowledged_at = row
        by_image[image].append(
            {
                "hostname": hostname,
                "status": status,
                "digest": digest,
                "platform": platform,
                "containers": [name for name in containers.split(",") if name],
                "received_at": received_at,
                "acknowledged": acknowledged_at is not None,
                "acknowledged_at": acknowledged_at,
            }
        )
    for entries in by_image.values():
        entries.sort(key=lambda entry: str(entry["hostname"]))
    return by_image


def _entry(row: dict[str, Any], hosts: list[dict[str, Any]]) -> dict[str, Any]:
    body = orjson.loads(row["event_json"])
    tag = {"id": row["tag_id"], "name": row["tag_name"]} if row["tag_id"] is not None else None
    return {
        "event": {**FIELD_DEFAULTS, **body},
        "received_at": row["received_at"],
        "acknowledged": row["acknowledged_at"] is not None,
        "acknowledged_at": row["acknowledged_at"],
        "tag": tag,
        "hosts": hosts,
    }


def read_hosts(db: Database) -> list[dict[str, Any]]:
    """Every host with at least one entry: how many images it reported, how
    many are pending there, when it last reported and with which DIUN."""
    hosts: dict[str, dict[str, Any]] = {}
    latest: dict[str, int] = {}
    columns = (
        HostUpdateRow.hostname,
        HostUpdateRow.acknowledged_at,
        HostUpdateRow.received_at,
        HostUpdateRow.receipt_position,
        HostUpdateRow.diun_version,
    )
    for hostname, acknowledged_at, received_at, position, diun_version in (
        HostUpdateRow.select(*columns).tuples().execute(db)
    ):
        host = hosts.setdefault(
            hostname, {"hostname": hostname, "images": 0, "pending": 0, "last_seen": ""}
        )
        host["images"] += 1
        host["pending"] += acknowledged_at is None
        if position > latest.get(hostname, 0):
            latest[hostname] = position
            host["last_seen"], host["diun_version"] = received_at, diun_version
    return [hosts[name] for name in sorted(hosts)]
