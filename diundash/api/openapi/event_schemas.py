"""The JSON Schemas of the event log as ``GET /api/events`` serves it: an
event, a page of them, and each event type's data, worked out from its
dataclass (its fields, their types, its docstring): a new event type needs
no edit here."""

import inspect
import re
import types
from dataclasses import fields
from typing import Any, get_args, get_origin

from diundash.api.events import MAX_LIMIT
from diundash.api.openapi.blocks import POSITION, UTC_TIME, Schema, object_schema, ref
from diundash.events.types import AUDIT_SOURCES, EVENT_TYPES, Event

# The JSON type of each Python type an event's field may have.
_JSON_TYPES = {str: "string", int: "integer", bool: "boolean"}
# Fields that hold a document with a schema of its own.
_DOCUMENTS = {("UpdateReceived", "body"): ref("DiunWebhook")}


def data_schema_name(type_name: str) -> str:
    """The name of the component that describes the data of ``type_name``."""
    return f"{type_name}Data"


def _data_schema(event_type: type[Event]) -> Schema:
    # Every field is served, defaults included: each one is required.
    properties = {
        each.name: _DOCUMENTS.get((event_type.TYPE, each.name)) or _field_schema(each.type)
        for each in fields(event_type)
    }
    # The docstring, in JSON's words: Python's None is null there.
    doc = inspect.cleandoc(event_type.__doc__ or "").replace("``", "`")
    doc = re.sub(r"\bNone\b", "null", " ".join(doc.split()))
    return object_schema(properties, tuple(properties), description=doc)


def _field_schema(declared: Any) -> Schema:
    origin = get_origin(declared)
    if origin is types.UnionType:  # X | None
        (member,) = (each for each in get_args(declared) if each is not type(None))
        return {"type": [_field_schema(member)["type"], "null"]}
    if origin is dict:
        return {"type": "object", "additionalProperties": ref("JsonValue")}
    return {"type": _JSON_TYPES[declared]}


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
            "data": {
                "anyOf": [ref(data_schema_name(name)) for name in EVENT_TYPES],
                "description": "The event's fields in the current schema version: the "
                "component named after its type and Data (UpdateReceivedData, ...).",
            },
            "audit": object_schema(
                {
                    "source": {"type": "string", "enum": list(AUDIT_SOURCES)},
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
    **{data_schema_name(name): _data_schema(cls) for name, cls in EVENT_TYPES.items()},
}
