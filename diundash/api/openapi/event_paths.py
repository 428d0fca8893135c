"""The OpenAPI operation of the event log: ``GET /api/events``, its filters
and its pages."""

from diundash.api.events import DEFAULT_LIMIT, MAX_LIMIT
from diundash.api.openapi.blocks import HOST_NAME_IN, NON_BLANK_TEXT, POSITION, ref
from diundash.api.openapi.responses import TIME, Operation, error, query, response
from diundash.events.types import EVENT_TYPES

_TYPE_NAME = "|".join(EVENT_TYPES)

_EVENT_FILTERS = [
    query("image", "Only events about this image.", NON_BLANK_TEXT),
    query(
        "host",
        "Only events about this host: its receipts, and dismissals, forgets and renames "
        "that name it.",
        HOST_NAME_IN,
    ),
    query(
        "type",
        "Only events of these types, comma-separated.",
        {
            "type": "string",
            "pattern": f"^(?:{_TYPE_NAME})?(?:,(?:{_TYPE_NAME})?)*$",
            "examples": [",".join(EVENT_TYPES)],
        },
    ),
    query("since", "Recorded at or after this RFC 3339 time.", TIME),
    query("until", "Recorded before this RFC 3339 time.", TIME),
    query("after", "Positions after this one (the next page, ascending).", POSITION),
    query("before", "Positions before this one (the next page, descending).", POSITION),
    query(
        "limit",
        f"Events per page (default {DEFAULT_LIMIT}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    ),
    query("order", "By position.", {"type": "string", "enum": ["asc", "desc"], "default": "asc"}),
]

PATHS: dict[str, dict[str, Operation]] = {
    "/api/events": {
        "get": {
            "summary": "The event log, filtered and paged",
            "parameters": _EVENT_FILTERS,
            "responses": {
                "200": response("A page of events.", ref("EventPage")),
                "400": error("A query parameter is invalid."),
            },
        },
    },
}
