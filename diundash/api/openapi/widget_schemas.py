"""The JSON Schemas of the start pages' summary, What's Up Docker's shape,
the JSON Feed and the insights."""

from diundash.api.openapi.blocks import HOSTNAME, UTC_TIME, Schema, object_schema, ref

_COUNT: Schema = {"type": "integer", "minimum": 0}
_SECONDS: Schema = {"type": ["number", "null"], "minimum": 0}
_URL: Schema = {"type": "string", "format": "uri"}
_TEXT: Schema = {"type": "string"}

WIDGET_SCHEMAS: dict[str, Schema] = {
    "Summary": object_schema(
        {
            "pending": {**_COUNT, "description": "Updates (an image on a host) pending."},
            "dismissed": {**_COUNT, "description": "Updates dismissed."},
            "hosts": _COUNT,
            "stale_hosts": {**_COUNT, "description": "Hosts silent for longer than STALE_AFTER."},
            "last_received_at": {"anyOf": [UTC_TIME, {"type": "null"}]},
            "by_host": {"type": "array", "items": ref("SummaryHost")},
            "items": {"type": "array", "items": ref("SummaryItem")},
        },
        ("pending", "dismissed", "hosts", "stale_hosts", "last_received_at", "by_host", "items"),
    ),
    "SummaryHost": object_schema(
        {"host": HOSTNAME, "pending": _COUNT, "last_seen": UTC_TIME, "stale": {"type": "boolean"}},
        ("host", "pending", "last_seen", "stale"),
    ),
    "SummaryItem": object_schema(
        {
            "id": {
                **_TEXT,
                "format": "uuid",
                "description": "The same for every receipt of this host, image and digest "
                "(the feeds' entry id).",
            },
            "host": HOSTNAME,
            "image": _TEXT,
            "status": {**_TEXT, "description": "What DIUN said: new, update, ..."},
            "received_at": UTC_TIME,
            "url": {**_URL, "description": "The image on the page."},
        },
        ("id", "host", "image", "status", "received_at", "url"),
        description="A pending update, newest first.",
    ),
    "WudContainer": object_schema(
        {
            "id": {**_TEXT, "format": "uuid", "description": "The same for a host and image."},
            "name": {**_TEXT, "description": "The first container DIUN named, else the image."},
            "displayName": _TEXT,
            "watcher": {**HOSTNAME, "description": "The host (WUD's watcher)."},
            "image": object_schema(
                {
                    "name": _TEXT,
                    "tag": object_schema({"value": _TEXT}, ("value",)),
                    "digest": object_schema({"watch": {"type": "boolean"}}, ("watch",)),
                },
                ("name", "tag", "digest"),
            ),
            "result": object_schema({"tag": _TEXT, "digest": _TEXT}, ("tag", "digest")),
            "updateAvailable": {"type": "boolean", "description": "The update is pending."},
            "updateKind": object_schema(
                {"kind": {"enum": ["digest", "unknown"]}, "remoteValue": _TEXT}, ("kind",)
            ),
            "link": {**_URL, "description": "The image on the page."},
        },
        (
            "id",
            "name",
            "displayName",
            "watcher",
            "image",
            "result",
            "updateAvailable",
            "updateKind",
            "link",
        ),
        description="An image on a host, in What's Up Docker's container shape.",
    ),
    "WudApp": object_schema({"name": _TEXT, "version": _TEXT}, ("name", "version")),
    "JsonFeed": object_schema(
        {
            "version": {"const": "https://jsonfeed.org/version/1.1"},
            "title": _TEXT,
            "home_page_url": _URL,
            "feed_url": _URL,
            "description": _TEXT,
            "authors": {
                "type": "array",
                "items": object_schema({"name": _TEXT}, ("name",)),
            },
            "items": {"type": "array", "items": ref("JsonFeedItem")},
        },
        ("version", "title", "home_page_url", "feed_url", "description", "authors", "items"),
    ),
    "JsonFeedItem": object_schema(
        {
            "id": {**_TEXT, "description": "urn:uuid: of the host, image and digest."},
            "url": _URL,
            "title": {**_TEXT, "description": "image on host: new version"},
            "content_text": _TEXT,
            "date_published": UTC_TIME,
            "date_modified": UTC_TIME,
            "tags": {"type": "array", "items": _TEXT},
        },
        ("id", "url", "title", "content_text", "date_published", "date_modified", "tags"),
    ),
    "Insights": object_schema(
        {
            "as_of": {**UTC_TIME, "description": "The window's end: now, or as_of."},
            "position": {**_COUNT, "description": "The log position at the window's end."},
            "days": {"type": "integer", "minimum": 1},
            "since": {**UTC_TIME, "description": "The window's start."},
            "received": {**_COUNT, "description": "Updates received in the window."},
            "resolved": {
                **_COUNT,
                "description": "Updates resolved (dismissed or deployed) in the window.",
            },
            "weeks": {"type": "array", "items": ref("InsightsWeek")},
            "wait": ref("WaitSummary"),
            "wait_by_host": {"type": "array", "items": ref("HostWaitSummary")},
            "oldest_pending": {"type": "array", "items": ref("PendingUpdate")},
            "repositories": {
                "type": "array",
                "items": object_schema(
                    {"repository": _TEXT, "updates": _COUNT}, ("repository", "updates")
                ),
                "description": "The repositories with the most updates in the window.",
            },
            "hosts": {"type": "array", "items": ref("HostLag")},
        },
        (
            "as_of",
            "position",
            "days",
            "since",
            "received",
            "resolved",
            "weeks",
            "wait",
            "wait_by_host",
            "oldest_pending",
            "repositories",
            "hosts",
        ),
    ),
    "InsightsWeek": object_schema(
        {
            "week": {"type": "string", "format": "date", "description": "Its Monday (UTC)."},
            "received": _COUNT,
            "resolved": _COUNT,
        },
        ("week", "received", "resolved"),
    ),
    "WaitSummary": object_schema(
        {"resolved": _COUNT, "median_seconds": _SECONDS, "p90_seconds": _SECONDS},
        ("resolved", "median_seconds", "p90_seconds"),
        description=(
            "Time from receipt to dismissal or deployment (nearest-rank percentiles; null: none)."
        ),
    ),
    "HostWaitSummary": object_schema(
        {
            "host": HOSTNAME,
            "resolved": _COUNT,
            "median_seconds": _SECONDS,
            "p90_seconds": _SECONDS,
        },
        ("host", "resolved", "median_seconds", "p90_seconds"),
    ),
    "PendingUpdate": object_schema(
        {
            "host": HOSTNAME,
            "image": _TEXT,
            "received_at": UTC_TIME,
            "age_seconds": {"type": "number", "minimum": 0},
        },
        ("host", "image", "received_at", "age_seconds"),
    ),
    "HostLag": object_schema(
        {
            "host": HOSTNAME,
            "pending": _COUNT,
            "oldest_pending_at": {"anyOf": [UTC_TIME, {"type": "null"}]},
            "lag_seconds": {
                "type": "number",
                "minimum": 0,
                "description": "How long its oldest pending update has waited.",
            },
            "median_wait_seconds": _SECONDS,
        },
        ("host", "pending", "oldest_pending_at", "lag_seconds", "median_wait_seconds"),
    ),
}
