"""The OpenAPI operations of DIUN's updates: the webhook, the list (now or
as it stood), dismissing and forgetting."""

from diundash.api.openapi.blocks import HOST_NAME_IN, NON_BLANK_TEXT, ref
from diundash.api.openapi.responses import (
    BAD_BODY,
    RETRY_AFTER,
    TIME,
    TOO_LARGE,
    UNKNOWN_TAG,
    Operation,
    error,
    json_body,
    query,
    response,
)

_UPDATES_HEADERS = {
    "ETag": {"description": "Without as_of.", "schema": {"type": "string"}},
    "X-As-Of-Position": {
        "description": "With as_of: the log position the answer reflects.",
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    },
}
_HOST_PARAM = {
    "name": "host",
    "in": "query",
    "required": False,
    "description": "Only this host (an empty value: the host without a name).",
    "schema": HOST_NAME_IN,
}
_IMAGE_PARAM = {
    "name": "image",
    "in": "path",
    "required": True,
    "description": "The image reference, URL-encoded (docker.io%2Flibrary%2Fnginx%3A1.25).",
    "schema": NON_BLANK_TEXT,
}

PATHS: dict[str, dict[str, Operation]] = {
    "/webhook": {
        "post": {
            "summary": "Receive a DIUN notification",
            "description": "Upserts the image's update: received now, pending again.",
            "security": [{"webhookSecret": []}, {}],
            "requestBody": json_body("DiunWebhook"),
            "responses": {
                "200": response("Recorded; the body is empty."),
                "400": BAD_BODY,
                "401": error("Authorization is missing or differs from WEBHOOK_SECRET."),
                "413": TOO_LARGE,
                "429": response(
                    "This address sent several different wrong secrets: nothing from it is "
                    "looked at until Retry-After seconds have passed (the wait doubles with "
                    "each new wrong secret, up to a minute).",
                    ref("Error"),
                    RETRY_AFTER,
                ),
            },
        },
        "get": {
            "summary": "Receive a DIUN notification sent as GET (DIUN 4.32's default method)",
            "description": "With a JSON body, exactly as POST. Without one (a browser, a "
            "probe), 405 with a hint.",
            "security": [{"webhookSecret": []}, {}],
            "requestBody": {**json_body("DiunWebhook"), "required": False},
            "responses": {
                "200": response("Recorded; the body is empty."),
                "400": BAD_BODY,
                "401": error("Authorization is missing or differs from WEBHOOK_SECRET."),
                "405": error("No body: set `method: POST` in DIUN's webhook notifier."),
                "413": TOO_LARGE,
            },
        },
    },
    "/api/updates": {
        "get": {
            "summary": "Every tracked image's update",
            "parameters": [
                {**_HOST_PARAM, "description": "Only the images this host reported."},
                query(
                    "as_of",
                    "Answer as things stood at this RFC 3339 time or log position.",
                    {"anyOf": [TIME, {"type": "string", "pattern": "^[0-9]+$"}]},
                ),
                {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                },
            ],
            "responses": {
                "200": response(
                    "Keyed by image. Without as_of the ETag names the log position.",
                    ref("Updates"),
                    _UPDATES_HEADERS,
                ),
                "304": response("Nothing changed since the ETag sent in If-None-Match."),
                "400": error(
                    "as_of is neither an RFC 3339 time nor a log position, or host is not a "
                    "host name."
                ),
                "404": error("as_of is a position past the end of the log."),
            },
        },
    },
    "/api/updates/{image}": {
        "patch": {
            "summary": "Dismiss (acknowledge) an image's update, or snooze it, on every host "
            "or on one",
            "description": "No body (as DiunDashboard's clients send) or no until: dismissed "
            'for good. {"until": T}: snoozed, acknowledged until T, then pending again by '
            "itself. A webhook with the digest it was acknowledged with keeps it so.",
            "parameters": [_IMAGE_PARAM, _HOST_PARAM],
            "requestBody": {**json_body("Acknowledgement"), "required": False},
            "responses": {
                "204": response(
                    "Dismissed or snoozed (a second dismissal changes nothing; a dismissal or "
                    "a snooze of a snoozed update replaces its snooze)."
                ),
                "400": error(
                    "The image is empty, the body is not a JSON object, or until is not an "
                    "RFC 3339 time later than now."
                ),
                "404": error("No update is tracked for this image (on this host)."),
                "413": TOO_LARGE,
            },
        },
        "delete": {
            "summary": "Forget an image, on every host or on one, until a host reports it again",
            "parameters": [_IMAGE_PARAM, _HOST_PARAM],
            "responses": {
                "204": response("Forgotten; its history and tag assignment stay."),
                "400": error("The image is empty."),
                "404": error("No update is tracked for this image (on this host)."),
            },
        },
    },
    "/api/dismissals": {
        "post": {
            "summary": "Dismiss (or snooze) many updates in one transaction",
            "requestBody": json_body("Dismissals"),
            "responses": {
                "200": response("The images dismissed (or snoozed).", ref("Dismissed")),
                "400": BAD_BODY,
                "404": UNKNOWN_TAG,
                "413": TOO_LARGE,
            },
        },
    },
}
