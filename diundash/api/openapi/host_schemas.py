"""The JSON Schemas of the hosts: how each stands (``GET /api/hosts``), and a rename."""

from diundash.api.openapi.blocks import HOSTNAME, NAME, UTC_TIME, Schema, object_schema
from diundash.input_rules import MAX_HOST_LENGTH

_ANY_MORE: Schema = {"additionalProperties": {"$ref": "#/components/schemas/JsonValue"}}

HOST_SCHEMAS: dict[str, Schema] = {
    "Host": object_schema(
        {
            "hostname": HOSTNAME,
            "images": {"type": "integer", "minimum": 0},
            "pending": {"type": "integer", "minimum": 0},
            "last_seen": {
                "anyOf": [UTC_TIME, {"type": "null"}],
                "description": "Its latest webhook; null when none came (a host whose "
                "metrics are read, or that went silent).",
            },
            "diun_version": {"type": "string"},
            "stale": {
                "type": "boolean",
                "description": "Silent; or, for a host whose metrics are not read, last_seen "
                "is longer ago than STALE_AFTER (default 7d).",
            },
            "heartbeat": {
                "type": "boolean",
                "description": "Its DIUN's metrics are read (HEARTBEAT_URLS).",
            },
            "last_check_at": {
                "anyOf": [UTC_TIME, {"type": "null"}],
                "description": "Its DIUN's last watch run, from its metrics.",
            },
            "silent_since": {
                "anyOf": [UTC_TIME, {"type": "null"}],
                "description": "Its DIUN's last sign of life, when it has gone silent.",
            },
            "silent_reason": {"type": ["string", "null"]},
            "update_hook": {
                "type": "boolean",
                "description": "An update hook is configured for it (UPDATE_HOOKS).",
            },
            "last_test_at": {
                "anyOf": [UTC_TIME, {"type": "null"}],
                "description": "When this host's DIUN last sent `diun notif test` (its image, "
                "docker.io/diun/testnotif:latest, is listed but not counted as pending).",
            },
        },
        (
            "hostname",
            "images",
            "pending",
            "last_seen",
            "diun_version",
            "stale",
            "heartbeat",
            "last_check_at",
            "silent_since",
            "silent_reason",
            "update_hook",
            "last_test_at",
        ),
    ),
    "HostRename": object_schema(
        {"hostname": {**NAME, "maxLength": MAX_HOST_LENGTH}},
        ("hostname",),
        **_ANY_MORE,
        description="The new name (trimmed); no host may have it yet.",
    ),
}
