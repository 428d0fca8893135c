"""The responses every operation of a kind answers, added to the paths in
one place: 503 (and 507) from the database, 403 from the cross-site
check, 401 from sign-in."""

from typing import Any

from diundash.api.openapi.blocks import ref
from diundash.api.openapi.responses import Operation, error, response

Paths = dict[str, dict[str, Operation]]

_UNAVAILABLE = response(
    "The database cannot be reached or used right now (read-only, locked by another "
    "writer past the busy timeout, PostgreSQL down or restarting); nothing was changed. "
    "Retry-After says when to try again.",
    ref("Error"),
    {"Retry-After": {"description": "Seconds.", "schema": {"type": "string"}}},
)
_DISK_FULL = error(
    "The database's disk is full: nothing was stored (the whole request was rolled back); "
    "free space and send it again."
)
# Operations that answer without the database, and those that write no event.
_WITHOUT_DATABASE = {
    ("/", "get"),
    ("/api/openapi.json", "get"),
    ("/healthz", "get"),
}
_WITHOUT_EVENTS = {("/api/session", "post"), ("/api/session", "delete")}
# A GET that appends: DIUN's webhook sent as GET with its body.
_GETS_THAT_APPEND = {("/webhook", "get")}


def with_shared_responses(paths: Paths) -> Paths:
    """``paths``, with the responses every operation of a kind answers."""
    return _with_sign_in(_with_cross_site(_with_storage_failures(paths)))


def _with_storage_failures(paths: Paths) -> Paths:
    """``paths``, with the 503 every operation on the database may answer,
    and the 507 of every operation that appends to the log."""
    return {
        path: {
            method: {**operation, "responses": _storage_failures(path, method, operation)}
            for method, operation in operations.items()
        }
        for path, operations in paths.items()
    }


def _storage_failures(path: str, method: str, operation: Operation) -> dict[str, Any]:
    responses = dict(operation["responses"])
    if (path, method) in _WITHOUT_DATABASE:
        return responses
    responses["503"] = _UNAVAILABLE
    writes = method not in ("get", "head", "options") or (path, method) in _GETS_THAT_APPEND
    if writes and (path, method) not in _WITHOUT_EVENTS:
        responses["507"] = _DISK_FULL
    return responses


_CROSS_SITE = error(
    "A browser marked the request as coming from another site (Sec-Fetch-Site cross-site or "
    "same-site, or an Origin that is not this site's), or the request's token is read-only: "
    "refused, nothing was changed."
)


def _with_cross_site(paths: Paths) -> Paths:
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


_SIGN_IN_REQUIRED = error(
    "Sign-in is on (AUTH_PASSWORD or AUTH_TRUSTED_HEADER) and the request has no valid "
    "session, trusted proxy user or token; or its Bearer token is unknown or revoked."
)
# Answered whoever asks, signed in or not.
_OPEN_PATHS = ("/api/session", "/api/openapi.json")


def _with_sign_in(paths: Paths) -> Paths:
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
