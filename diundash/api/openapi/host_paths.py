"""The OpenAPI operations of the hosts: listing, forgetting and renaming them."""

from diundash.api.openapi.blocks import HOST_NAME_IN, ref
from diundash.api.openapi.responses import TOO_LARGE, Operation, error, json_body, response
from diundash.input_rules import MAX_HOST_LENGTH

_HOSTNAME_PARAM = {
    "name": "hostname",
    "in": "path",
    "required": True,
    "description": "The host name, URL-encoded.",
    "schema": {**HOST_NAME_IN, "minLength": 1},
}
_UNKNOWN_HOST = error("No host of this name has an entry.")
_BAD_HOST_NAME = error(
    f"The host name in the URL is longer than {MAX_HOST_LENGTH} characters or holds a "
    "control character."
)

PATHS: dict[str, dict[str, Operation]] = {
    "/api/hosts": {
        "get": {
            "summary": "Every host with an entry",
            "responses": {
                "200": response("By host name.", {"type": "array", "items": ref("Host")})
            },
        },
    },
    "/api/hosts/{hostname}": {
        "delete": {
            "summary": "Forget a host and every entry it reported",
            "parameters": [_HOSTNAME_PARAM],
            "responses": {
                "204": response("Forgotten; its history stays."),
                "400": _BAD_HOST_NAME,
                "404": _UNKNOWN_HOST,
            },
        },
    },
    "/api/hosts/{hostname}/rename": {
        "post": {
            "summary": "Move a host's entries under a new name",
            "parameters": [_HOSTNAME_PARAM],
            "requestBody": json_body("HostRename"),
            "responses": {
                "204": response("Renamed."),
                "400": error(
                    "The body is not a JSON object or its hostname is not a host name, or the "
                    "host name in the URL is not one."
                ),
                "404": _UNKNOWN_HOST,
                "409": error("A host of the new name exists."),
                "413": TOO_LARGE,
            },
        },
    },
}
