"""The OpenAPI operations for where people already look: the start pages'
summary, What's Up Docker's shape, the feeds and the insights."""

from typing import Any

from diundash.api.feeds import FEED_ENTRIES
from diundash.api.insights import DEFAULT_DAYS, MAX_DAYS
from diundash.api.openapi.blocks import HOST_NAME_IN, ref
from diundash.api.openapi.responses import TIME, Operation, error, query, response
from diundash.api.summary import DEFAULT_ITEMS, MAX_ITEMS

_HOST = query("host", "Only this host (an empty value: the host without a name).", HOST_NAME_IN)
_BAD_HOST = error("host is not a host name.")
_IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
}
# A feed reader may send a read-only token in the URL (securitySchemes.feedToken).
_FEED_SECURITY: list[dict[str, list[str]]] = [
    {"sessionCookie": []},
    {"bearerToken": []},
    {"feedToken": []},
    {},
]
_FEED_UNAUTHORIZED = error(
    "The token (Authorization or ?token=) is unknown, revoked, or in the URL without being "
    "read-only; or sign-in is on and the request has no valid token or session."
)


def _feed(summary: str, media_type: str, schema: dict[str, Any] | None) -> Operation:
    return {
        "summary": summary,
        "description": f"The {FEED_ENTRIES} newest updates, one entry per host, image and "
        "digest, each linking to the image on the page (PUBLIC_URL, or the address asked).",
        "security": _FEED_SECURITY,
        "parameters": [_HOST, _IF_NONE_MATCH],
        "responses": {
            "200": {
                **response(
                    "The feed. The ETag names the log position.",
                    headers={"ETag": {"schema": {"type": "string"}}},
                ),
                "content": {media_type: {} if schema is None else {"schema": schema}},
            },
            "304": response("Nothing changed since the ETag sent in If-None-Match."),
            "400": _BAD_HOST,
            "401": _FEED_UNAUTHORIZED,
        },
    }


PATHS: dict[str, dict[str, Operation]] = {
    "/api/summary": {
        "get": {
            "summary": "Counts for a start page (Homepage customapi, Glance custom-api)",
            "parameters": [
                _HOST,
                query(
                    "limit",
                    f"How many of the newest pending updates to list (default {DEFAULT_ITEMS}).",
                    {"type": "integer", "minimum": 0, "maximum": MAX_ITEMS},
                ),
            ],
            "responses": {
                "200": response("The counts, by host, and the newest pending.", ref("Summary")),
                "400": error("host is not a host name, or limit is not 0 to 100."),
            },
        },
    },
    "/api/containers": {
        "get": {
            "summary": "Each image on each host, as What's Up Docker lists containers",
            "description": "For Homepage's whatsupdocker widget and Homarr's WUD integration.",
            "parameters": [_HOST],
            "responses": {
                "200": response(
                    "By host, then image.", {"type": "array", "items": ref("WudContainer")}
                ),
                "400": _BAD_HOST,
            },
        },
    },
    "/api/app": {
        "get": {
            "summary": "What's Up Docker's self-description, for clients that check it",
            "responses": {"200": response("Name and version.", ref("WudApp"))},
        },
    },
    "/api/insights": {
        "get": {
            "summary": "What the log tells of how updates are handled",
            "parameters": [
                query(
                    "days",
                    f"The window, in days up to now or as_of (default {DEFAULT_DAYS}).",
                    {"type": "integer", "minimum": 1, "maximum": MAX_DAYS},
                ),
                query(
                    "as_of",
                    "End the window at this RFC 3339 time or log position.",
                    {"anyOf": [TIME, {"type": "string", "pattern": "^[0-9]+$"}]},
                ),
            ],
            "responses": {
                "200": response("The insights of the window.", ref("Insights")),
                "400": error(
                    "days is not 1 to 3650, or as_of is neither an RFC 3339 time nor a log "
                    "position."
                ),
                "404": error("as_of is a position past the end of the log."),
            },
        },
    },
    "/feed.atom": {
        "get": _feed(
            "The newest updates as an Atom feed (RFC 4287)",
            "application/atom+xml",
            None,  # XML: JSON Schema cannot describe it
        ),
    },
    "/feed.json": {
        "get": _feed(
            "The newest updates as a JSON Feed (1.1)", "application/feed+json", ref("JsonFeed")
        ),
    },
}
