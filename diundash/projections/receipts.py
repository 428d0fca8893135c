"""The latest updates DIUN reported, from the log: what the feeds list.

One per update (a host, an image and a digest): DIUN reports a digest once,
but a receipt that repeats one (a ``diun notif test``, a DIUN restarted
with a fresh database) is the same update, listed at its latest receipt.
"""

from dataclasses import dataclass
from typing import Any

from peewee import Database

from diundash.events.history import EventQuery, find_events
from diundash.events.types import UpdateReceived
from diundash.projections.update_entries import host_columns, hostname_of

PAGE = 200
# Receipts looked at, at most, to find the newest distinct ones: a log of
# nothing but repeats costs this much and no more.
MAX_SCANNED = 5000


@dataclass(frozen=True)
class Receipt:
    """One update as DIUN reported it."""

    position: int
    host: str
    image: str
    digest: str
    status: str
    platform: str
    received_at: str
    body: dict[str, Any]


def latest_receipts(db: Database, count: int, host: str | None = None) -> list[Receipt]:
    """The ``count`` newest distinct updates (``host``'s alone, when given),
    newest first."""
    found: dict[tuple[str, str, str], Receipt] = {}
    before, scanned = None, 0
    while len(found) < count and scanned < MAX_SCANNED:
        query = EventQuery(
            host=host,
            types=(UpdateReceived.TYPE,),
            before=before,
            limit=PAGE,
            newest_first=True,
        )
        page = find_events(db, query)
        for stored in page:
            event = stored.event
            if not isinstance(event, UpdateReceived):
                continue
            status, digest, platform, _, _ = host_columns(event.body)
            key = (hostname_of(event.body), event.image, digest)
            if key not in found and len(found) < count:
                found[key] = Receipt(
                    stored.position,
                    key[0],
                    event.image,
                    digest,
                    status,
                    platform,
                    event.received_at,
                    event.body,
                )
        scanned += len(page)
        if len(page) < PAGE:
            break
        before = page[-1].position
    return list(found.values())
