"""The OpenAPI 3.1 description of the HTTP API, served at
``GET /api/openapi.json``. tests/http/test_openapi.py checks real responses of
every endpoint against it, so it describes what the service does."""

from typing import Any

import falcon

from diundash.api.events import DEFAULT_LIMIT, MAX_LIMIT
from diundash.api.middleware.request_id import REQUEST_ID_HEADER
from diundash.api.openapi_schemas import (
    HOST_NAME_IN,
    NON_BLANK_TEXT,
    POSITION,
    SCHEMAS,
    Schema,
    ref,
)
from diundash.config import MAX_BODY_BYTES
from diundash.events.types import EVENT_TYPES
from diundash.input_rules import MAX_HOST_LENGTH

Operation = dict[str, Any]

_REQUEST_ID = {
    "description": "The request's id (the caller's, when it is a plain token).",
    "required": True,
    "schema": {"type": "string", "maxLength": 128},
}


def _response(
    description: str, schema: Schema | None = None, headers: dict[str, Any] | None = None
) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "headers": {
            REQUEST_ID_HEADER: {"$ref": "#/components/headers/RequestId"},
            **(headers or {}),
        },
    }
    if schema is not None:
        response["content"] = {falcon.MEDIA_JSON: {"schema": schema}}
    return response


def _error(description: str) -> dict[str, Any]:
    return _response(description, ref("Error"))


def _json_body(name: str) -> dict[str, Any]:
    return {"required": True, "content": {falcon.MEDIA_JSON: {"schema": ref(name)}}}


_RETRY_AFTER = {"Retry-After": {"description": "Seconds.", "schema": {"type": "string"}}}
_TOO_LARGE = {
    "description": f"The body is over {MAX_BODY_BYTES} bytes (1 MiB). Past 4 MiB waitress "
    "answers itself, in plain text and without X-Request-ID.",
    "content": {
        falcon.MEDIA_JSON: {"schema": ref("Error")},
        falcon.MEDIA_TEXT: {"schema": {"type": "string"}},
    },
}
_UPDATES_HEADERS = {
    "ETag": {"description": "Without as_of.", "schema": {"type": "string"}},
    "X-As-Of-Position": {
        "description": "With as_of: the log position the answer reflects.",
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    },
}
_BAD_BODY = _error("The body is not a JSON object, or a field is missing or of the wrong type.")
_UNKNOWN_TAG = _error("There is no tag with this id.")
_HOST_PARAM = {
    "name": "host",
    "in": "query",
    "required": False,
    "description": "Only this host (an empty value: the host without a name).",
    "schema": HOST_NAME_IN,
}
_HOSTNAME_PARAM = {
    "name": "hostname",
    "in": "path",
    "required": True,
    "description": "The host name, URL-encoded.",
    "schema": {**HOST_NAME_IN, "minLength": 1},
}
_UNKNOWN_HOST = _error("No host of this name has an entry.")
_BAD_HOST_NAME = _error(
    f"The host name in the URL is longer than {MAX_HOST_LENGTH} characters or holds a "
    "control character."
)
_IMAGE_PARAM = {
    "name": "image",
    "in": "path",
    "required": True,
    "description": "The image reference, URL-encoded (docker.io%2Flibrary%2Fnginx%3A1.25).",
    "schema": NON_BLANK_TEXT,
}


_TIME = {"type": "string", "format": "date-time"}
_TYPE_NAME = "|".join(EVENT_TYPES)


def _query(name: str, description: str, schema: Schema) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


_EVENT_FILTERS = [
    _query("image", "Only events about this image.", NON_BLANK_TEXT),
    _query(
        "host",
        "Only events about this host: its receipts, and dismissals, forgets and renames "
        "that name it.",
        HOST_NAME_IN,
    ),
    _query(
        "type",
        "Only events of these types, comma-separated.",
        {
            "type": "string",
            "pattern": f"^(?:{_TYPE_NAME})?(?:,(?:{_TYPE_NAME})?)*$",
            "examples": [",".join(EVENT_TYPES)],
        },
    ),
    _query("since", "Recorded at or after this RFC 3339 time.", _TIME),
    _query("until", "Recorded before this RFC 3339 time.", _TIME),
    _query("after", "Positions after this one (the next page, ascending).", POSITION),
    _query("before", "Positions before this one (the next page, descending).", POSITION),
    _query(
        "limit",
        f"Events per page (default {DEFAULT_LIMIT}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    ),
    _query("order", "By position.", {"type": "string", "enum": ["asc", "desc"], "default": "asc"}),
]

PATHS: dict[str, dict[str, Operation]] = {
    "/webhook": {
        "post": {
            "summary": "Receive a DIUN notification",
            "description": "Upserts the image's update: received now, pending again.",
            "security": [{"webhookSecret": []}, {}],
            "requestBody": _json_body("DiunWebhook"),
            "responses": {
                "200": _response("Recorded; the body is empty."),
                "400": _BAD_BODY,
                "401": _error("Authorization is missing or differs from WEBHOOK_SECRET."),
                "413": _TOO_LARGE,
                "429": _response(
                    "This address sent several different wrong secrets: nothing from it is "
                    "looked at until Retry-After seconds have passed (the wait doubles with "
                    "each new wrong secret, up to a minute).",
                    ref("Error"),
                    _RETRY_AFTER,
                ),
            },
        },
        "get": {
            "summary": "DIUN's default method, refused with a hint",
            "responses": {"405": _error("Set `method: POST` in DIUN's webhook notifier.")},
        },
    },
    "/api/updates": {
        "get": {
            "summary": "Every tracked image's update",
            "parameters": [
                {**_HOST_PARAM, "description": "Only the images this host reported."},
                _query(
                    "as_of",
                    "Answer as things stood at this RFC 3339 time or log position.",
                    {"anyOf": [_TIME, {"type": "string", "pattern": "^[0-9]+$"}]},
                ),
                {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                },
            ],
            "responses": {
                "200": _response(
                    "Keyed by image. Without as_of the ETag names the log position.",
                    ref("Updates"),
                    _UPDATES_HEADERS,
                ),
                "304": _response("Nothing changed since the ETag sent in If-None-Match."),
                "400": _error(
                    "as_of is neither an RFC 3339 time nor a log position, or host is not a "
                    "host name."
                ),
                "404": _error("as_of is a position past the end of the log."),
            },
        },
    },
    "/api/updates/{image}": {
        "patch": {
            "summary": "Dismiss (acknowledge) an image's update, on every host or on one",
            "parameters": [_IMAGE_PARAM, _HOST_PARAM],
            "responses": {
                "204": _response("Dismissed (a second dismissal changes nothing)."),
                "400": _error("The image is empty."),
                "404": _error("No update is tracked for this image (on this host)."),
            },
        },
        "delete": {
            "summary": "Forget an image, on every host or on one, until a host reports it again",
            "parameters": [_IMAGE_PARAM, _HOST_PARAM],
            "responses": {
                "204": _response("Forgotten; its history and tag assignment stay."),
                "400": _error("The image is empty."),
                "404": _error("No update is tracked for this image (on this host)."),
            },
        },
    },
    "/api/dismissals": {
        "post": {
            "summary": "Dismiss many updates in one transaction",
            "requestBody": _json_body("Dismissals"),
            "responses": {
                "200": _response("The images dismissed.", ref("Dismissed")),
                "400": _BAD_BODY,
                "404": _UNKNOWN_TAG,
                "413": _TOO_LARGE,
            },
        },
    },
    "/api/hosts": {
        "get": {
            "summary": "Every host with an entry",
            "responses": {
                "200": _response("By host name.", {"type": "array", "items": ref("Host")})
            },
        },
    },
    "/api/hosts/{hostname}": {
        "delete": {
            "summary": "Forget a host and every entry it reported",
            "parameters": [_HOSTNAME_PARAM],
            "responses": {
                "204": _response("Forgotten; its history stays."),
                "400": _BAD_HOST_NAME,
                "404": _UNKNOWN_HOST,
            },
        },
    },
    "/api/hosts/{hostname}/rename": {
        "post": {
            "summary": "Move a host's entries under a new name",
            "parameters": [_HOSTNAME_PARAM],
            "requestBody": _json_body("HostRename"),
            "responses": {
                "204": _response("Renamed."),
                "400": _error(
                    "The body is not a JSON object or its hostname is not a host name, or the "
                    "host name in the URL is not one."
                ),
                "404": _UNKNOWN_HOST,
                "409": _error("A host of the new name exists."),
                "413": _TOO_LARGE,
            },
        },
    },
    "/api/events": {
        "get": {
            "summary": "The event log, filtered and paged",
            "parameters": _EVENT_FILTERS,
            "responses": {
                "200": _response("A page of events.", ref("EventPage")),
                "400": _error("A query parameter is invalid."),
            },
        },
    },
    "/api/tags": {
        "get": {
            "summary": "Every tag, by id",
            "responses": {"200": _response("The tags.", {"type": "array", "items": ref("Tag")})},
        },
        "post": {
            "summary": "Create a tag",
            "requestBody": _json_body("NewTag"),
            "responses": {
                "201": _response("Created.", ref("Tag")),
                "400": _BAD_BODY,
                "409": _error("A tag with this name exists."),
                "413": _TOO_LARGE,
            },
        },
    },
    "/api/tags/{tag_id}": {
        "delete": {
            "summary": "Delete a tag and every assignment to it",
            "parameters": [
                {"name": "tag_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {
                "204": _response("Deleted."),
                "400": _error("The id is not an integer."),
                "404": _UNKNOWN_TAG,
            },
        },
    },
    "/api/tag-assignments": {
        "put": {
            "summary": "Put an image under a tag (one tag per image: reassigns)",
            "requestBody": _json_body("Assignment"),
            "responses": {
                "204": _response("Assigned."),
                "400": _BAD_BODY,
                "404": _UNKNOWN_TAG,
                "413": _TOO_LARGE,
            },
        },
        "delete": {
            "summary": "Take an image out of its tag",
            "requestBody": _json_body("Unassignment"),
            "responses": {"204": _response("Unassigned."), "400": _BAD_BODY, "413": _TOO_LARGE},
        },
    },
    "/api/session": {
        "get": {
            "summary": "Who is signed in, and how sign-in is set up",
            "responses": {
                "200": _response("Signed in, or sign-in is off (user null).", ref("Session")),
                "401": _error("Sign-in is on and nobody is signed in."),
            },
        },
        "post": {
            "summary": "Sign in with the password: sets the session cookie",
            "requestBody": _json_body("SignIn"),
            "responses": {
                "200": _response(
                    "Signed in; Set-Cookie carries the session (HttpOnly, SameSite=Strict, "
                    "Secure over HTTPS).",
                    ref("Session"),
                    {"Set-Cookie": {"schema": {"type": "string"}}},
                ),
                "400": _BAD_BODY,
                "401": _error("The password is wrong (or AUTH_PASSWORD is not set)."),
                "413": _TOO_LARGE,
                "429": _response(
                    "A wrong password came from this address a moment ago, or another attempt "
                    "from it is being checked: wait Retry-After seconds (the wait doubles with "
                    "each wrong password, up to a minute).",
                    ref("Error"),
                    _RETRY_AFTER,
                ),
            },
        },
        "delete": {
            "summary": "Sign out: ends the session (on every instance) and clears the cookie",
            "responses": {"204": _response("Signed out.")},
        },
    },
    "/api/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {"200": _response("OpenAPI 3.1.", {"type": "object"})},
        },
    },
    "/healthz": {
        "get": {
            "summary": "Whether the database answers and the read tables are current",
            "responses": {
                "200": _response("ok: the read tables reflect the whole log.", ref("Health")),
                "503": _response(
                    "behind; unavailable (with error); or degraded (with reason): the last "
                    "write failed, until a write succeeds again.",
                    ref("Health"),
                ),
            },
        },
    },
    "/metrics": {
        "get": {
            "summary": "Prometheus metrics: webhooks received and refused, request latency, "
            "events appended, log and projection positions, storage errors",
            "description": "With sign-in on it takes a token (a read-only one is enough) or "
            "a session, unless METRICS_PUBLIC is set.",
            "responses": {
                "200": {
                    "description": "Prometheus text format 0.0.4. The positions are left "
                    "out while the database cannot be read.",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                },
                "401": _error(
                    "Sign-in is on, METRICS_PUBLIC is not set, and the request has no valid "
                    "token or session."
                ),
            },
        },
    },
    "/": {
        "get": {
            "summary": "The dashboard (any other non-API path serves it too)",
            "responses": {
                "200": {
                    "description": "The single-page app's index.html.",
                    "content": {falcon.MEDIA_HTML: {"schema": {"type": "string"}}},
                }
            },
        },
    },
}


_UNAVAILABLE = _response(
    "The database cannot be reached or used right now (read-only, locked by another "
    "writer past the busy timeout, PostgreSQL down or restarting); nothing was changed. "
    "Retry-After says when to try again.",
    ref("Error"),
    {"Retry-After": {"description": "Seconds.", "schema": {"type": "string"}}},
)
_DISK_FULL = _error(
    "The database's disk is full: nothing was stored (the whole request was rolled back); "
    "free space and send it again."
)
# Operations that answer without the database, and those that write no event.
_WITHOUT_DATABASE = {
    ("/", "get"),
    ("/webhook", "get"),
    ("/api/openapi.json", "get"),
    ("/healthz", "get"),
}
_WITHOUT_EVENTS = {("/api/session", "post"), ("/api/session", "delete")}


def _paths() -> dict[str, dict[str, Operation]]:
    """PATHS, with the 503 every operation on the database may answer, and
    the 507 of every operation that appends to the log."""
    return {
        path: {
            method: {**operation, "responses": _storage_failures(path, method, operation)}
            for method, operation in operations.items()
        }
        for path, operations in PATHS.items()
    }


def _storage_failures(path: str, method: str, operation: Operation) -> dict[str, Any]:
    responses = dict(operation["responses"])
    if (path, method) in _WITHOUT_DATABASE:
        return responses
    responses["503"] = _UNAVAILABLE
    if method not in ("get", "head", "options") and (path, method) not in _WITHOUT_EVENTS:
        responses["507"] = _DISK_FULL
    return responses


_CROSS_SITE = _error(
    "A browser marked the request as coming from another site (Sec-Fetch-Site cross-site or "
    "same-site, or an Origin that is not this site's), or the request's token is read-only: "
    "refused, nothing was changed."
)


def _with_cross_site(paths: dict[str, dict[str, Operation]]) -> dict[str, dict[str, Operation]]:
    """``paths``, with the 403 every state-changing operation answers a
    browser's cross-site request with."""
    return {
        path: {
            method: operation
            if method in ("get", "head", "options")
            else {**operation, "responses": {**operation["responses"], "403": _CROSS_SITE}}
            for method, operation in operations.items()
        }
        for path, operations in paths.items()
    }


_SIGN_IN_REQUIRED = _error(
    "Sign-in is on (AUTH_PASSWORD or AUTH_TRUSTED_HEADER) and the request has no valid "
    "session, trusted proxy user or token; or its Bearer token is unknown or revoked."
)
# Answered whoever asks, signed in or not.
_OPEN_PATHS = ("/api/session", "/api/openapi.json")


def _with_sign_in(paths: dict[str, dict[str, Operation]]) -> dict[str, dict[str, Operation]]:
    """``paths``, with the 401 every ``/api/`` operation answers when sign-in
    is on and the request proves no identity."""
    return {
        path: operations
        if not path.startswith("/api/") or path in _OPEN_PATHS
        else {
            method: {**operation, "responses": {**operation["responses"], "401": _SIGN_IN_REQUIRED}}
            for method, operation in operations.items()
        }
        for path, operations in paths.items()
    }


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "diundash",
            "version": "1",
            "description": "Event-sourced dashboard for DIUN webhooks, compatible with "
            "DiunDashboard's API. Errors are JSON {title, description}; every response "
            "carries X-Request-ID.",
        },
        "paths": _with_sign_in(_with_cross_site(_paths())),
        # Each operation under /api/ takes a session or a token when sign-in is on;
        # {}: sign-in is off (the default), or a trusted proxy's user header.
        "security": [{"sessionCookie": []}, {"bearerToken": []}, {}],
        "components": {
            "schemas": SCHEMAS,
            "headers": {"RequestId": _REQUEST_ID},
            "securitySchemes": {
                "webhookSecret": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "The value of WEBHOOK_SECRET, when it is set.",
                },
                "sessionCookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "diundash_session",
                    "description": "Set by POST /api/session (the AUTH_PASSWORD sign-in).",
                },
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token from `diundash token create NAME "
                    "[--read-only]`; a read-only one may only GET.",
                },
            },
        },
    }


class OpenApiResource:
    """``GET /api/openapi.json``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = openapi_document()
