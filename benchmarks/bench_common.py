"""What the benchmarks share: a DIUN-like body, a log of them, and a free port."""

import socket
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

import orjson
from peewee import Database

from diundash.clock import format_utc
from diundash.events.chain import last_hash, row_hash
from diundash.events.store import EventRecord, append_rows, last_position
from diundash.events.types import Audit, Event, UpdateReceived, event_data

BULK_BATCH = 10_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def body(n: int, digest: int = 0, hosts: int = 7, host: int | None = None) -> dict[str, Any]:
    """Image ``n``'s receipt, from host ``host`` (by default the one image
    ``n`` always comes from, of ``hosts``)."""
    return {
        "diun_version": "v4.33.0",
        "hostname": f"host-{n % hosts if host is None else host}",
        "status": "update",
        "provider": "docker",
        "image": f"registry.example:5000/team-{n % 40}/service-{n}:1.{n % 9}",
        "hub_link": "",
        "mime_type": "application/vnd.oci.image.manifest.v1+json",
        "digest": f"sha256:{digest:064x}",
        "created": "2026-02-03T04:05:06.123456789Z",
        "platform": "linux/amd64",
        "metadata": {
            "ctn_names": f"svc{n}",
            "ctn_id": f"{n:012x}",
            "ctn_state": "running",
            "ctn_status": "Up 2 days",
        },
    }


def log_body(n: int, images: int, hosts: int | None) -> dict[str, Any]:
    """The ``n``-th receipt of a benchmark's log of ``images`` images: each
    image from one host of 7, or (``hosts`` given) every image from every
    host in turn, all the images of one host before the next host's."""
    if hosts is None:
        return body(n % images, n)
    return body(n % images, n, host=n // images % hosts)


def receipts(
    first: int, count: int, images: int, start: datetime, hosts: int | None = None
) -> Iterator[tuple[UpdateReceived, Audit, str]]:
    """``count`` webhook receipts (n = first, first + 1, ...) of ``images``
    images (``log_body``), a millisecond apart from ``start`` on, as
    ``append_in_bulk`` takes them."""
    audit = Audit(source="webhook", remote_addr="127.0.0.1")
    for n in range(first, first + count):
        at = format_utc(start + timedelta(milliseconds=n - first))
        yield UpdateReceived(body=log_body(n, images, hosts), received_at=at), audit, at


def append_in_bulk(db: Database, events: Iterable[tuple[Event, Audit, str]]) -> int:
    """Append each (event, audit, recorded_at) at the next positions of a
    chained log, hashed into the chain, in batches of ``store.append_rows``
    (an import's batch append): a long log made quickly. The caller owns
    the transaction and projects them (a rebuild). Returns the last position."""
    position, (_, previous) = last_position(db), last_hash(db)
    records: list[EventRecord] = []
    hashes: list[str] = []
    for event, audit, recorded_at in events:
        position += 1
        data = orjson.dumps(event_data(event)).decode()
        audit_values = (audit.source, audit.remote_addr, audit.request_id, audit.actor)
        record = EventRecord(position, event.TYPE, event.VERSION, data, recorded_at, *audit_values)
        previous = row_hash(previous, record)
        records.append(record)
        hashes.append(previous)
        if len(records) == BULK_BATCH:
            append_rows(db, records, hashes)
            records, hashes = [], []
    if records:
        append_rows(db, records, hashes)
    return position
