"""The building blocks of the document's JSON Schemas (2020-12, as OpenAPI
3.1 uses): the values many schemas share. Limits come from the constants
the code enforces, so they cannot drift."""

from typing import Any

from diundash.api.body import MAX_EXACT_INTEGER, MIN_EXACT_INTEGER
from diundash.input_rules import (
    MAX_HOST_LENGTH,
    MAX_IMAGE_LENGTH,
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


def object_schema(
    properties: dict[str, Schema], required: tuple[str, ...] = (), **extra: Any
) -> Schema:
    """An object of ``properties`` and no others (unless ``extra`` says so)."""
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
