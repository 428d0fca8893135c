"""Clearing ``/healthz``'s last failed write once a write succeeds again."""

import falcon

from diundash.api.write_health import WriteHealth, is_write


class WriteHealthMiddleware:
    """A write request answered with a 2xx means the database took a write."""

    def __init__(self, health: WriteHealth) -> None:
        self.health = health

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        if succeeded and is_write(req) and 200 <= resp.status_code < 300:
            self.health.succeeded()
