"""The JSON Schemas of ``/api/notifications``."""

from diundash.api.openapi.blocks import UTC_TIME, Schema, object_schema, ref
from diundash.input_rules import (
    MAX_NOTIFICATION_ATTEMPTS,
    NOTIFICATION_KINDS,
    NOTIFICATION_OUTCOMES,
)
from diundash.notify.records import HISTORY_FIELDS

CHANNEL: Schema = {
    "type": "string",
    "description": "A channel as it is shown: its scheme and host (ntfys://ntfy.sh), or "
    "scheme://… where the host is itself a secret; #2 for a second of the same name. "
    "Never the rest of its URL.",
    "examples": ["ntfys://ntfy.sh"],
}
OUTCOME: Schema = {"type": "string", "enum": list(NOTIFICATION_OUTCOMES)}
_TIME_OR_NULL: Schema = {"anyOf": [UTC_TIME, {"type": "null"}]}
_SECONDS: Schema = {"type": "integer", "minimum": 1}

NOTIFICATION_SCHEMAS: dict[str, Schema] = {
    "Notifications": object_schema(
        {
            "channels": {"type": "array", "items": CHANNEL},
            "new": object_schema(
                {"enabled": {"type": "boolean"}, "batch_seconds": _SECONDS},
                ("enabled", "batch_seconds"),
                description="New updates in batches (NOTIFY_NEW, NOTIFY_BATCH).",
            ),
            "digest": object_schema(
                {
                    "schedule": {"type": ["string", "null"]},
                    "timezone": {"type": "string"},
                    "when_empty": {"type": "boolean"},
                    "next_at": _TIME_OR_NULL,
                },
                ("schedule", "timezone", "when_empty", "next_at"),
                description="DIGEST_SCHEDULE (cron) in TZ; next_at: the next digest.",
            ),
            "remind_after_seconds": {"anyOf": [_SECONDS, {"type": "null"}]},
            "history": {"type": "array", "items": ref("NotificationSend")},
        },
        ("channels", "new", "digest", "remind_after_seconds", "history"),
    ),
    "NotificationSend": object_schema(
        {
            "key": {"type": "string", "description": "Which notification."},
            "channel": CHANNEL,
            "kind": {"type": "string", "enum": list(NOTIFICATION_KINDS)},
            "title": {"type": "string"},
            "outcome": OUTCOME,
            "attempts": {"type": "integer", "minimum": 1, "maximum": MAX_NOTIFICATION_ATTEMPTS},
            "first_attempt_at": UTC_TIME,
            "last_attempt_at": UTC_TIME,
            "retry_at": {
                **_TIME_OR_NULL,
                "description": "When it is tried again; null once sent or given up.",
            },
            "error": {"type": ["string", "null"], "description": "Why it failed."},
        },
        HISTORY_FIELDS,
        description="One notification to one channel, as its latest attempt left it.",
    ),
    "NotificationTest": object_schema(
        {
            "results": {
                "type": "array",
                "items": object_schema(
                    {
                        "channel": CHANNEL,
                        "outcome": OUTCOME,
                        "error": {"type": ["string", "null"]},
                    },
                    ("channel", "outcome", "error"),
                ),
            }
        },
        ("results",),
    ),
}
