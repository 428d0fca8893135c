"""Domain and storage errors mapped to HTTP once, for every resource."""

import logging
from typing import Any

import falcon
from peewee import Database, DatabaseError, IntegrityError

from diundash.errors import (
    CommandRejected,
    DuplicateTagName,
    HostNameTaken,
    UnknownHost,
    UnknownImage,
    UnknownTag,
)
from diundash.storage import drop_broken_connection

log = logging.getLogger(__name__)

STATUS_OF: dict[type[CommandRejected], str] = {
    UnknownImage: falcon.HTTP_404,
    UnknownTag: falcon.HTTP_404,
    UnknownHost: falcon.HTTP_404,
    DuplicateTagName: falcon.HTTP_409,
    HostNameTaken: falcon.HTTP_409,
}


def command_rejected(
    req: falcon.Request, resp: falcon.Response, error: CommandRejected, params: dict[str, Any]
) -> None:
    """Answer a refused command with its status and message."""
    raise falcon.HTTPError(STATUS_OF.get(type(error), falcon.HTTP_400), description=str(error))


RETRY_AFTER_S = 5


def storage_failed(
    req: falcon.Request, resp: falcon.Response, error: DatabaseError, params: dict[str, Any]
) -> None:
    """A database that cannot be reached or written right now (PostgreSQL
    down or restarting, a lock held too long) is a 503 that says why; the
    transaction was rolled back, so nothing was half-written. A broken
    constraint is a bug, not an outage: 500."""
    if isinstance(error, IntegrityError):
        log.error("integrity error: %s", error)
        raise falcon.HTTPInternalServerError()
    log.warning("storage unavailable: %s", error)
    raise falcon.HTTPServiceUnavailable(
        description=f"the database is unavailable: {str(error).strip() or type(error).__name__}",
        retry_after=RETRY_AFTER_S,
    )


class ReconnectMiddleware:
    """Before each request, drop this thread's connection if the database
    server closed it, so the service recovers by itself once it is back."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        drop_broken_connection(self.db)
