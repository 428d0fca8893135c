"""The OpenAPI operations around the API: signing in and out, this
document, the health and metrics probes, and the page."""

import falcon

from diundash.api.openapi.blocks import ref
from diundash.api.openapi.responses import (
    BAD_BODY,
    RETRY_AFTER,
    TOO_LARGE,
    Operation,
    error,
    json_body,
    response,
)

PATHS: dict[str, dict[str, Operation]] = {
    "/api/session": {
        "get": {
            "summary": "Who is signed in, and how sign-in is set up",
            "responses": {
                "200": response("Signed in, or sign-in is off (user null).", ref("Session")),
                "401": error("Sign-in is on and nobody is signed in."),
            },
        },
        "post": {
            "summary": "Sign in with the password: sets the session cookie",
            "requestBody": json_body("SignIn"),
            "responses": {
                "200": response(
                    "Signed in; Set-Cookie carries the session (HttpOnly, SameSite=Strict, "
                    "Secure over HTTPS).",
                    ref("Session"),
                    {"Set-Cookie": {"schema": {"type": "string"}}},
                ),
                "400": BAD_BODY,
                "401": error("The password is wrong (or AUTH_PASSWORD is not set)."),
                "413": TOO_LARGE,
                "429": response(
                    "A wrong password came from this address a moment ago, or another attempt "
                    "from it is being checked: wait Retry-After seconds (the wait doubles with "
                    "each wrong password, up to a minute).",
                    ref("Error"),
                    RETRY_AFTER,
                ),
            },
        },
        "delete": {
            "summary": "Sign out: ends the session (on every instance) and clears the cookie",
            "responses": {"204": response("Signed out.")},
        },
    },
    "/api/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {"200": response("OpenAPI 3.1.", {"type": "object"})},
        },
    },
    "/healthz": {
        "get": {
            "summary": "Whether the database answers and the read tables are current",
            "responses": {
                "200": response("ok: the read tables reflect the whole log.", ref("Health")),
                "503": response(
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
            "events appended, log and projection positions, storage errors, each host's pending "
            "updates and last report, and how long updates wait",
            "description": "With sign-in on it takes a token (a read-only one is enough) or "
            "a session, unless METRICS_PUBLIC is set.",
            "responses": {
                "200": {
                    "description": "Prometheus text format 0.0.4. The positions are left "
                    "out while the database cannot be read.",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                },
                "401": error(
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
