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
            "summary": "DIUN's default method, refused with a hint",
            "responses": {"405": error("Set `method: POST` in DIUN's webhook notifier.")},
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
            "summary": "Dismiss (acknowledge) an image's update, on every host or on one",
            "parameters": [_IMAGE_PARAM, _HOST_PARAM],
            "responses": {
                "204": response("Dismissed (a second dismissal changes nothing)."),
                "400": error("The image is empty."),
                "404": error("No update is tracked for this image (on this host)."),
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
            "summary": "Dismiss many updates in one transaction",
            "requestBody": json_body("Dismissals"),
            "responses": {
                "200": response("The images dismissed.", ref("Dismissed")),
                "400": BAD_BODY,
                "404": UNKNOWN_TAG,
                "413": TOO_LARGE,
            },
        },
    },
}
