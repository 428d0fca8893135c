"""The JSON Schemas (2020-12, as OpenAPI 3.1 uses) of what the API reads and
writes. Limits come from the constants the code enforces, so they cannot drift."""

from typing import Any

from diundash.api.body import MAX_EXACT_INTEGER, MIN_EXACT_INTEGER
from diundash.api.events import MAX_LIMIT
from diundash.diun import TEXT_FIELDS
from diundash.events.types import EVENT_TYPES
from diundash.input_rules import (
    MAX_HOST_LENGTH,
    MAX_IMAGE_LENGTH,
    MAX_TAG_NAME_LENGTH,
    NAME_PATTERN,
    NON_BLANK_TEXT_PATTERN,
    TEXT_PATTERN,
)

Schema = dict[str, Any]

HOSTNAME: Schema = {
    "type": "string",
    "maxLength": MAX_HOST_LENGTH,
    "description": "The host name DIUN reported (its OS host name); empty when it sent none.",
}

HOST_NAME_IN: Schema = {
    "type": "string",
    "maxLength": MAX_HOST_LENGTH,
    "pattern": TEXT_PATTERN,
    "description": "A host name (no control characters); empty: the host without a name.",
}
NON_BLANK_TEXT: Schema = {"type": "string", "minLength": 1, "pattern": NON_BLANK_TEXT_PATTERN}
# A name a person picks (a tag, a host's new name): not blank, and neither
# control characters nor bidirectional or zero-width ones.
NAME: Schema = {"type": "string", "minLength": 1, "pattern": NAME_PATTERN}
IMAGE: Schema = {
    **NON_BLANK_TEXT,
    "maxLength": MAX_IMAGE_LENGTH,
    "description": "A full image reference, e.g. docker.io/library/nginx:1.25 (not blank, "
    "no control characters).",
    "examples": ["docker.io/library/nginx:1.25"],
}
# Every integer in a request body is one of these: diundash keeps numbers
# exactly, and past them its JSON reader would round them (400).
EXACT_INTEGER: Schema = {
    "type": "integer",
    "minimum": MIN_EXACT_INTEGER,
    "maximum": MAX_EXACT_INTEGER,
}
TAG_ID: Schema = {**EXACT_INTEGER, "description": "A tag id; one no tag has is a 404."}
# Any JSON value a body may hold where diundash keeps what it is sent.
JSON_VALUE: Schema = {
    "anyOf": [
        {"type": ["string", "boolean", "null"]},
        {"type": "number", "not": {"type": "integer"}},
        EXACT_INTEGER,
        {"type": "array", "items": {"$ref": "#/components/schemas/JsonValue"}},
        {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/JsonValue"}},
    ],
    "description": "Any JSON value, its integers within 64 bits.",
}
UTC_TIME: Schema = {
    "type": "string",
    "format": "date-time",
    "description": "RFC 3339 in UTC with microseconds, e.g. 2026-03-23T10:00:00.000000Z.",
}
POSITION: Schema = {"type": "integer", "minimum": 0, "description": "A position in the log."}


def _object(properties: dict[str, Schema], required: tuple[str, ...] = (), **extra: Any) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
        **extra,
    }


def ref(name: str) -> Schema:
    """A reference to the schema ``name`` of the document's components."""
    return {"$ref": f"#/components/schemas/{name}"}


_DIUN_TEXT: dict[str, Schema] = {key: {"type": ["string", "null"]} for key in TEXT_FIELDS}
_ANY_MORE: Schema = {"additionalProperties": {"$ref": "#/components/schemas/JsonValue"}}

SCHEMAS: dict[str, Schema] = {
    "JsonValue": JSON_VALUE,
    "Error": _object(
        {
            "title": {"type": "string", "examples": ["400 Bad Request"]},
            "description": {"type": "string", "description": "What is wrong, for a person."},
            "code": {"type": "integer"},
            "link": {"type": "object"},
        },
        ("title",),
        description="Every error diundash answers itself (waitress's own 413 is plain text).",
    ),
    "DiunWebhook": _object(
        {
            **_DIUN_TEXT,
            "hostname": {**HOST_NAME_IN, "type": ["string", "null"]},
            "image": IMAGE,
            "created": {
                "anyOf": [
                    {"type": "string", "format": "date-time"},
                    {"const": ""},
                    {"type": "null"},
                ],
                "description": 'RFC 3339 with any offset and precision, "" or null.',
            },
            "metadata": {"type": ["object", "null"], **_ANY_MORE},
        },
        ("image",),
        **_ANY_MORE,
        description="DIUN's webhook body. Only image is required; every field, known or "
        "not, is kept as sent. The whole body is at most 1 MiB and nests at most 32 deep.",
    ),
    "DiunEvent": _object(
        {
            **{key: {"type": ["string", "null"]} for key in TEXT_FIELDS},
            "image": {"type": "string"},
            "created": {"type": ["string", "null"]},
            "metadata": {"type": ["object", "null"], "additionalProperties": True},
        },
        ("image", "created", "metadata", *TEXT_FIELDS),
        additionalProperties=True,
        description='The body as DIUN sent it; standard fields it left out are "" '
        "(created and metadata: null).",
    ),
    "Tag": _object(
        {"id": {"type": "integer"}, "name": {"type": "string", "maxLength": MAX_TAG_NAME_LENGTH}},
        ("id", "name"),
    ),
    "Update": _object(
        {
            "event": ref("DiunEvent"),
            "received_at": UTC_TIME,
            "acknowledged": {"type": "boolean"},
            "acknowledged_at": {"anyOf": [UTC_TIME, {"type": "null"}]},
            "tag": {"anyOf": [ref("Tag"), {"type": "null"}]},
            "hosts": {"type": "array", "items": ref("HostEntry")},
        },
        ("event", "received_at", "acknowledged", "acknowledged_at", "tag", "hosts"),
        description="event and received_at: the latest receipt of any host; acknowledged: "
        "on every host; hosts: each host's own entry, by host name.",
    ),
    "HostEntry": _object(
        {
            "hostname": HOSTNAME,
            "status": {"type": "string"},
            "digest": {"type": "string"},
            "platform": {"type": "string"},
            "containers": {"type": "array", "items": {"type": "string"}},
            "received_at": UTC_TIME,
            "acknowledged": {"type": "boolean"},
            "acknowledged_at": {"anyOf": [UTC_TIME, {"type": "null"}]},
        },
        (
            "hostname",
            "status",
            "digest",
            "platform",
            "containers",
            "received_at",
            "acknowledged",
            "acknowledged_at",
        ),
        description="An image as one host last reported it; containers: the docker "
        "provider's container names, when DIUN sent them.",
    ),
    "Host": _object(
        {
            "hostname": HOSTNAME,
            "images": {"type": "integer", "minimum": 1},
            "pending": {"type": "integer", "minimum": 0},
            "last_seen": UTC_TIME,
            "diun_version": {"type": "string"},
            "stale": {
                "type": "boolean",
                "description": "last_seen is longer ago than STALE_AFTER (default 7d).",
            },
        },
        ("hostname", "images", "pending", "last_seen", "diun_version", "stale"),
    ),
    "HostRename": _object(
        {"hostname": {**NAME, "maxLength": MAX_HOST_LENGTH}},
        ("hostname",),
        **_ANY_MORE,
        description="The new name (trimmed); no host may have it yet.",
    ),
    "Updates": {
        "type": "object",
        "additionalProperties": ref("Update"),
        "description": "Every tracked image's latest update, keyed by image.",
    },
    "NewTag": _object(
        {
            "name": {
                **NAME,
                "maxLength": MAX_TAG_NAME_LENGTH,
                "description": "Trimmed; unique.",
            }
        },
        ("name",),
        **_ANY_MORE,
    ),
    "Assignment": _object({"image": IMAGE, "tag_id": TAG_ID}, ("image", "tag_id"), **_ANY_MORE),
    "Unassignment": _object({"image": IMAGE}, ("image",), **_ANY_MORE),
    "Dismissals": _object(
        {
            "images": {"type": ["array", "null"], "items": {"type": "string"}},
            "tag_id": {"anyOf": [TAG_ID, {"type": "null"}]},
            "host": {"anyOf": [HOST_NAME_IN, {"type": "null"}]},
        },
        **_ANY_MORE,
        description="images: dismiss those of them that are pending; else tag_id: every "
        "pending image under that tag; {}: every pending image. host: only on that host.",
    ),
    "Dismissed": _object(
        {"dismissed": {"type": "array", "items": {"type": "string"}}}, ("dismissed",)
    ),
    "Event": _object(
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
            "audit": _object(
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
    "EventPage": _object(
        {
            "events": {"type": "array", "items": ref("Event"), "maxItems": MAX_LIMIT},
            "next": {
                "description": "The query parameter for the next page; null on the last.",
                "anyOf": [
                    _object({"after": POSITION}, ("after",)),
                    _object({"before": POSITION}, ("before",)),
                    {"type": "null"},
                ],
            },
            "last_position": POSITION,
        },
        ("events", "next", "last_position"),
    ),
    "Session": _object(
        {
            "user": {"type": ["string", "null"], "description": "Who is signed in."},
            "via": {"type": ["string", "null"], "enum": ["session", "token", "proxy", None]},
            "read_only": {"type": "boolean"},
            "sign_in_required": {"type": "boolean"},
            "password_sign_in": {"type": "boolean"},
        },
        ("user", "via", "read_only", "sign_in_required", "password_sign_in"),
    ),
    "SignIn": _object(
        {"password": {"type": "string", "minLength": 1, "maxLength": 1024}}, ("password",)
    ),
    "Health": _object(
        {
            "status": {"type": "string", "enum": ["ok", "behind", "unavailable", "degraded"]},
            "log_position": {"type": ["integer", "null"], "minimum": 0},
            "projection_position": {"type": ["integer", "null"], "minimum": 0},
            "error": {"type": "string"},
            "reason": {"type": "string"},
        },
        ("status", "log_position", "projection_position"),
    ),
}
