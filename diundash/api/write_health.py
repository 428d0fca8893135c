"""Whether the last write to the database failed: shared by the storage
error handler, which records failures, and ``/healthz``, which reports them
until the next write succeeds."""

import threading

import falcon

WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))


def is_write(req: falcon.Request) -> bool:
    """Whether ``req`` asks for a write: a write method, or a webhook sent
    as a GET with a body (``api/webhook.py``)."""
    return req.method in WRITE_METHODS or "webhook" in req.context


class WriteHealth:
    """The reason the last write failed, or ``None`` once one succeeded since."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._problem: str | None = None

    @property
    def problem(self) -> str | None:
        with self._lock:
            return self._problem

    def failed(self, reason: str) -> None:
        with self._lock:
            self._problem = reason

    def succeeded(self) -> None:
        with self._lock:
            self._problem = None
