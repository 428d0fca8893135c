"""The JSON Schemas of the event log as ``GET /api/events`` serves it: an
event, and a page of them."""

from diundash.api.events import MAX_LIMIT
from diundash.api.openapi.blocks import POSITION, UTC_TIME, Schema, object_schema, ref
from diundash.events.types import EVENT_TYPES

EVENT_SCHEMAS: dict[str, Schema] = {
    "Event": object_schema(
        {
            "position": {"type": "integer", "minimum": 1},
            "type": {"type": "string", "enum": list(EVENT_TYPES)},
            "version": {"type": "integer", "minimum": 1, "description": "Schema of data."},
            "stored_version": {
                "type": "integer",
                "minimum": 1,
                "description": "Schema it was stored in (older ones are upcast when read).",
            },
            "recorded_at": UTC_TIME,
            "data": {"type": "object"},
            "audit": object_schema(
                {
                    "source": {"type": "string", "enum": ["webhook", "api", "cli", "import"]},
                    "remote_addr": {"type": ["string", "null"]},
                    "request_id": {"type": ["string", "null"]},
                    "actor": {
                        "type": ["string", "null"],
                        "description": "Who was signed in: a user, or an API token's name.",
                    },
                },
                ("source", "remote_addr", "request_id", "actor"),
            ),
            "hash": {
                "type": ["string", "null"],
                "pattern": "^[0-9a-f]{64}$",
                "description": "SHA-256 over the previous event's hash and this event's "
                "canonical JSON: its link in the log's hash chain (`diundash verify`).",
            },
        },
        ("position", "type", "version", "recorded_at", "data", "audit", "hash"),
    ),
    "EventPage": object_schema(
        {
            "events": {"type": "array", "items": ref("Event"), "maxItems": MAX_LIMIT},
            "next": {
                "description": "The query parameter for the next page; null on the last.",
                "anyOf": [
                    object_schema({"after": POSITION}, ("after",)),
                    object_schema({"before": POSITION}, ("before",)),
                    {"type": "null"},
                ],
            },
            "last_position": POSITION,
        },
        ("events", "next", "last_position"),
    ),
}
