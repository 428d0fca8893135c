"""The OpenAPI operations of notifications: the set-up and history, and a
test to every channel."""

from diundash.api.openapi.blocks import ref
from diundash.api.openapi.responses import Operation, response

PATHS: dict[str, dict[str, Operation]] = {
    "/api/notifications": {
        "get": {
            "summary": "Where notifications go (scheme and host only), what is sent, the next "
            "digest, and the latest sends with their outcomes",
            "responses": {"200": response("The set-up and the history.", ref("Notifications"))},
        },
    },
    "/api/notifications/test": {
        "post": {
            "summary": "Send a test notification to every channel, once, and say how each went",
            "responses": {
                "200": response(
                    "Sent (or not) to each channel; each attempt is a NotificationSent "
                    "in the log. No result when no channel is set up (NOTIFY_URLS).",
                    ref("NotificationTest"),
                ),
            },
        },
    },
}
