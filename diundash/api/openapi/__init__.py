"""The OpenAPI 3.1 description of the HTTP API, served at
``GET /api/openapi.json``. tests/http/test_openapi.py checks real responses of
every endpoint against it, so it describes what the service does.

The operations are written by area (``update_paths``, ``deployment_paths``,
``host_paths``, ``event_paths``, ``tag_paths``, ``notification_paths``,
``widget_paths``, ``service_paths``), from the pieces of
``responses``; ``shared_responses`` adds what every operation of a kind
answers; ``schemas`` holds the components, ``event_schemas`` those of the
event log."""

from typing import Any

import falcon

from diundash.api.openapi import (
    deployment_paths,
    event_paths,
    host_paths,
    notification_paths,
    service_paths,
    tag_paths,
    update_paths,
    widget_paths,
)
from diundash.api.openapi.responses import REQUEST_ID
from diundash.api.openapi.schemas import SCHEMAS
from diundash.api.openapi.shared_responses import Paths, with_shared_responses

# In the order the document lists them.
PATHS: Paths = {
    **update_paths.PATHS,
    **deployment_paths.PATHS,
    **host_paths.PATHS,
    **event_paths.PATHS,
    **tag_paths.PATHS,
    **notification_paths.PATHS,
    **widget_paths.PATHS,
    **service_paths.PATHS,
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
        "paths": with_shared_responses(PATHS),
        # Each operation under /api/ takes a session or a token when sign-in is on;
        # {}: sign-in is off (the default), or a trusted proxy's user header.
        "security": [{"sessionCookie": []}, {"bearerToken": []}, {}],
        "components": {
            "schemas": SCHEMAS,
            "headers": {"RequestId": REQUEST_ID},
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
                    "[--read-only]`; a read-only one may only GET. HTTP Basic with the "
                    "token as its password (any user name) counts the same.",
                },
                "feedToken": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "token",
                    "description": "On the feeds only: a read-only API token in the URL, for "
                    "feed readers that cannot send a header.",
                },
            },
        },
    }


class OpenApiResource:
    """``GET /api/openapi.json``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = openapi_document()
