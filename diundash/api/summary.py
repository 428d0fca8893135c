"""``GET /api/summary``: the counts a start page shows (Homepage's
``customapi``, Glance's ``custom-api``), and the newest pending updates."""

from datetime import timedelta
from typing import Any

import falcon

from diundash.api.body import host_param
from diundash.api.links import PageLinks, update_id
from diundash.clock import Clock, format_utc
from diundash.projections.fleet import NEWEST_KEPT
from diundash.projections.queries import Queries

DEFAULT_ITEMS = 10
MAX_ITEMS = NEWEST_KEPT


class SummaryResource:
    """How many updates are pending and dismissed (host entries: an image on
    a host), on how many hosts, how many of them stale (STALE_AFTER), each
    host's own count, and the newest pending ones with a link to the page.
    ``host`` narrows it all to one host; ``limit`` (0 to 100, default 10) is
    how many items."""

    def __init__(
        self, queries: Queries, clock: Clock, stale_after: timedelta, links: PageLinks
    ) -> None:
        self.queries = queries
        self.clock = clock
        self.stale_after = stale_after
        self.links = links

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        host = host_param(req)
        limit = req.get_param_as_int("limit", min_value=0, max_value=MAX_ITEMS)
        fleet = self.queries.fleet(host)
        stale_before = format_utc(self.clock() - self.stale_after)
        base = self.links.base(req)
        by_host = [
            {
                "host": tally.hostname,
                "pending": tally.pending,
                "last_seen": tally.last_seen,
                "stale": tally.last_seen < stale_before,
            }
            for tally in fleet.hosts
        ]
        pending = sum(tally.pending for tally in fleet.hosts)
        items: list[dict[str, Any]] = [
            {
                "id": update_id(entry.hostname, entry.image, entry.digest),
                "host": entry.hostname,
                "image": entry.image,
                "status": entry.status,
                "received_at": entry.received_at,
                "url": self.links.image(base, entry.image),
            }
            for entry in fleet.newest_pending[: DEFAULT_ITEMS if limit is None else limit]
        ]
        resp.cache_control = ["no-cache"]
        resp.media = {
            "pending": pending,
            "dismissed": sum(tally.dismissed for tally in fleet.hosts),
            "hosts": len(by_host),
            "stale_hosts": sum(each["stale"] for each in by_host),
            "last_received_at": max((tally.last_seen for tally in fleet.hosts), default=None),
            "by_host": by_host,
            "items": items,
        }
