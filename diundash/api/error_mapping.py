"""Domain and storage errors mapped to HTTP once, for every resource."""

import logging
from typing import Any

import falcon
from peewee import DatabaseError, IntegrityError

from diundash.api.metrics import Metrics
from diundash.api.write_health import WriteHealth, is_write
from diundash.errors import (
    CommandRejected,
    DigestNotPending,
    DuplicateTagName,
    HostNameTaken,
    UnknownHost,
    UnknownImage,
    UnknownTag,
)
from diundash.input_rules import InvalidInput
from diundash.storage.failures import StorageFailure, diagnose

log = logging.getLogger(__name__)

STATUS_OF: dict[type[CommandRejected], str] = {
    UnknownImage: falcon.HTTP_404,
    UnknownTag: falcon.HTTP_404,
    UnknownHost: falcon.HTTP_404,
    DuplicateTagName: falcon.HTTP_409,
    HostNameTaken: falcon.HTTP_409,
    DigestNotPending: falcon.HTTP_409,
}


def command_rejected(
    req: falcon.Request, resp: falcon.Response, error: CommandRejected, params: dict[str, Any]
) -> None:
    """Answer a refused command with its status and message."""
    raise falcon.HTTPError(STATUS_OF.get(type(error), falcon.HTTP_400), description=str(error))


def invalid_input(
    req: falcon.Request, resp: falcon.Response, error: InvalidInput, params: dict[str, Any]
) -> None:
    """A value the rules refuse (``input_rules``) is a 400 that says why."""
    raise falcon.HTTPBadRequest(description=str(error))


RETRY_AFTER_S = 5


class StorageFailed:
    """The error handler for database errors. A database that cannot take a
    write (disk full: 507; read-only, locked past the busy timeout, down or
    restarting: 503 with Retry-After) is answered with what happened; the
    transaction was rolled back, so nothing was half-written. A failed write
    is recorded in ``health`` for ``/healthz``. A broken constraint is a bug,
    not an outage: 500."""

    def __init__(self, health: WriteHealth, metrics: Metrics | None = None) -> None:
        self.health, self.metrics = health, metrics

    def __call__(
        self, req: falcon.Request, resp: falcon.Response, error: DatabaseError, params: Any
    ) -> None:
        if isinstance(error, IntegrityError):
            log.error("integrity error: %s", error)
            self._count("integrity")
            raise falcon.HTTPInternalServerError()
        diagnosis = diagnose(error)
        failure, detail = diagnosis.failure, diagnosis.detail
        self._count(failure.name.lower())
        log.warning("storage failed (%s): %s", failure.name.lower(), detail)
        if is_write(req):
            self.health.failed(f"the last write failed: {failure.value} ({detail})")
        if failure is StorageFailure.DISK_FULL:
            raise falcon.HTTPInsufficientStorage(
                description=f"{failure.value}: nothing was stored ({detail}); "
                "free space on the database's disk and send it again"
            )
        raise falcon.HTTPServiceUnavailable(
            description=f"{failure.value}: {detail}", retry_after=RETRY_AFTER_S
        )

    def _count(self, kind: str) -> None:
        if self.metrics is not None:
            self.metrics.storage_errors.labels(kind).inc()
