"""The pieces the operations of the OpenAPI document are made of: responses,
errors, bodies and query parameters, and the ones many operations share."""

from typing import Any

import falcon

from diundash.api.middleware.request_id import REQUEST_ID_HEADER
from diundash.api.openapi.blocks import Schema, ref
from diundash.config import MAX_BODY_BYTES

Operation = dict[str, Any]

REQUEST_ID = {
    "description": "The request's id (the caller's, when it is a plain token).",
    "required": True,
    "schema": {"type": "string", "maxLength": 128},
}


def response(
    description: str, schema: Schema | None = None, headers: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A response: JSON of ``schema`` if any, with X-Request-ID and ``headers``."""
    answer: dict[str, Any] = {
        "description": description,
        "headers": {
            REQUEST_ID_HEADER: {"$ref": "#/components/headers/RequestId"},
            **(headers or {}),
        },
    }
    if schema is not None:
        answer["content"] = {falcon.MEDIA_JSON: {"schema": schema}}
    return answer


def error(description: str) -> dict[str, Any]:
    """An error response (``Error``), described for a person."""
    return response(description, ref("Error"))


def json_body(name: str) -> dict[str, Any]:
    """A required JSON request body of the schema ``name``."""
    return {"required": True, "content": {falcon.MEDIA_JSON: {"schema": ref(name)}}}


def query(name: str, description: str, schema: Schema) -> dict[str, Any]:
    """An optional query parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


RETRY_AFTER = {"Retry-After": {"description": "Seconds.", "schema": {"type": "string"}}}
TOO_LARGE = {
    "description": f"The body is over {MAX_BODY_BYTES} bytes (1 MiB). Past 4 MiB waitress "
    "answers itself, in plain text and without X-Request-ID.",
    "content": {
        falcon.MEDIA_JSON: {"schema": ref("Error")},
        falcon.MEDIA_TEXT: {"schema": {"type": "string"}},
    },
}
BAD_BODY = error("The body is not a JSON object, or a field is missing or of the wrong type.")
UNKNOWN_TAG = error("There is no tag with this id.")
TIME = {"type": "string", "format": "date-time"}
