"""Whether the last write to the database failed: shared by the storage
error handler, which records failures, and ``/healthz``, which reports them
until the next write succeeds."""

import threading

import falcon

WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))


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


class WriteHealthMiddleware:
    """A write request answered with a 2xx means the database took a write."""

    def __init__(self, health: WriteHealth) -> None:
        self.health = health

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        if succeeded and req.method in WRITE_METHODS and 200 <= resp.status_code < 300:
            self.health.succeeded()
