"""``GET /feed.atom`` and ``GET /feed.json``: the newest updates DIUN
reported, for feed readers. The ETag is the read tables' state, as for the
list, so a reader that sends ``If-None-Match`` gets a 304 until something
changes. With sign-in on they take a token or a session, and a read-only
token may come as ``?token=`` (authentication.py), kept out of every link."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import falcon
import orjson

from diundash.api.body import host_param
from diundash.api.feed_documents import Feed, atom_document, json_feed_document
from diundash.api.links import PageLinks
from diundash.api.updates import etag_matches
from diundash.clock import Clock, format_utc
from diundash.projections.queries import Queries

FEED_ENTRIES = 50
ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_FEED_TYPE = "application/feed+json; charset=utf-8"


class FeedResource:
    """One feed: its path, its media type and how its document is written."""

    def __init__(
        self,
        queries: Queries,
        clock: Clock,
        links: PageLinks,
        path: str,
        content_type: str,
        render: Callable[[Feed], bytes],
    ) -> None:
        self.queries = queries
        self.clock = clock
        self.links = links
        self.path = path
        self.content_type = content_type
        self.render = render

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        host = host_param(req)
        resp.cache_control = ["no-cache"]
        state = self.queries.read_state()
        if etag_matches(req, state.etag):
            resp.set_header("ETag", state.quoted_etag)
            resp.status = falcon.HTTP_304
            return
        receipts = self.queries.latest_receipts(FEED_ENTRIES, host)
        base = self.links.base(req)
        query = "" if host is None else "?" + urlencode({"host": host})
        updated = receipts[0].received_at if receipts else format_utc(self.clock())
        feed = Feed(base, f"{base}{self.path.lstrip('/')}{query}", host, receipts, updated)
        # The state read before the log: a receipt appended meanwhile makes
        # the body newer than its tag, never older, so no change is missed.
        resp.etag = state.etag
        resp.content_type = self.content_type
        resp.data = self.render(feed)


def atom_feed(queries: Queries, clock: Clock, links: PageLinks) -> FeedResource:
    """``GET /feed.atom``."""
    return FeedResource(queries, clock, links, "/feed.atom", ATOM_TYPE, atom_document)


def json_feed(queries: Queries, clock: Clock, links: PageLinks) -> FeedResource:
    """``GET /feed.json``."""
    return FeedResource(queries, clock, links, "/feed.json", JSON_FEED_TYPE, _json_bytes)


def _json_bytes(feed: Feed) -> bytes:
    document: dict[str, Any] = json_feed_document(feed)
    return orjson.dumps(document)
