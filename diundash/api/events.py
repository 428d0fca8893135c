"""``GET /api/events``: the log, filtered and paged by position."""

import dataclasses
from typing import Any

import falcon

from diundash.clock import format_utc, parse_rfc3339
from diundash.events.history import EventQuery
from diundash.events.types import EVENT_TYPES, StoredEvent, event_data
from diundash.input_rules import CONTROL_CHARACTER, MAX_HOST_LENGTH
from diundash.projections.queries import Queries

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_POSITION = 2**63 - 1  # SQLite's largest integer


class EventsResource:
    """The audit trail. Filters: ``image``, ``host``, ``type`` (comma-separated),
    ``since``/``until`` (RFC 3339, on recorded_at), ``after``/``before``
    (positions); ``limit`` (default 100, max 1000); ``order`` asc or desc.
    ``next`` is the cursor for the following page, null on the last one."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        query = _event_query(req)
        events = self.queries.events(query)
        following = None
        if len(events) == query.limit:
            key = "before" if query.newest_first else "after"
            following = {key: events[-1].position}
        resp.media = {
            "events": [event_json(stored) for stored in events],
            "next": following,
            "last_position": self.queries.last_position(),
        }


def _event_query(req: falcon.Request) -> EventQuery:
    order = req.get_param("order", default="asc")
    if order not in ("asc", "desc"):
        raise falcon.HTTPInvalidParam("It must be asc or desc.", "order")
    types = tuple(
        name for value in req.get_param_as_list("type") or () for name in value.split(",") if name
    )
    unknown = [name for name in types if name not in EVENT_TYPES]
    if unknown:
        raise falcon.HTTPInvalidParam(
            f"{unknown[0]!r} is not an event type; known: {', '.join(EVENT_TYPES)}.", "type"
        )
    image = req.get_param("image")
    if image is not None and not image.strip():
        raise falcon.HTTPInvalidParam("It must not be empty.", "image")
    if image is not None and CONTROL_CHARACTER.search(image):
        raise falcon.HTTPInvalidParam("It must not contain control characters.", "image")
    host = req.get_param("host")
    if host is not None and (CONTROL_CHARACTER.search(host) or len(host) > MAX_HOST_LENGTH):
        raise falcon.HTTPInvalidParam("It must be a host name.", "host")
    return EventQuery(
        image=image,
        host=host,
        types=types,
        since=_time_param(req, "since"),
        until=_time_param(req, "until"),
        after=req.get_param_as_int("after", min_value=0, max_value=MAX_POSITION),
        before=req.get_param_as_int("before", min_value=0, max_value=MAX_POSITION),
        limit=req.get_param_as_int("limit", min_value=1, max_value=MAX_LIMIT) or DEFAULT_LIMIT,
        newest_first=order == "desc",
    )


def _time_param(req: falcon.Request, name: str) -> str | None:
    text = req.get_param(name)
    if text is None:
        return None
    # until is exclusive: 10:00:00.0000005 must still include 10:00:00.000000
    moment = parse_rfc3339(text, round_up=name == "until")
    if moment is None:
        raise falcon.HTTPInvalidParam(
            "It must be an RFC 3339 time such as 2026-03-23T10:00:00Z.", name
        )
    return format_utc(moment)


def event_json(stored: StoredEvent) -> dict[str, Any]:
    """One event as the API shows it: data in the current schema version."""
    return {
        "position": stored.position,
        "type": stored.event.TYPE,
        "version": stored.event.VERSION,
        "stored_version": stored.version,
        "recorded_at": stored.recorded_at,
        "data": event_data(stored.event),
        "audit": dataclasses.asdict(stored.audit),
        "hash": stored.hash,
    }
