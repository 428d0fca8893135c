"""Timing every request by route, and counting webhooks by outcome, for
``/metrics`` (``api/metrics.py``)."""

import time
from collections.abc import Callable

import falcon

from diundash.api.metrics import Metrics

WEBHOOK_PATH = "/webhook"
REFUSAL_REASONS = {
    400: "invalid",
    401: "unauthorized",
    405: "method",
    413: "too_large",
    429: "throttled",
    500: "error",
    503: "unavailable",
    507: "disk_full",
}


class MetricsMiddleware:
    """Times every request by route, and counts webhooks by outcome."""

    def __init__(self, metrics: Metrics, timer: Callable[[], float] = time.perf_counter) -> None:
        self.metrics, self.timer = metrics, timer

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.metrics_started = self.timer()

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        started = req.context.get("metrics_started")
        route = req.uri_template or ("/api/*" if req.path.startswith("/api/") else "(page)")
        if started is not None:
            self.metrics.latency_of(route, req.method).observe(self.timer() - started)
        # A GET with a body is a webhook too (DIUN 4.32's default method).
        if req.path != WEBHOOK_PATH or (req.method != "POST" and "webhook" not in req.context):
            return
        status = resp.status_code
        if status == 200:
            self.metrics.webhooks_received.inc()
            self.metrics.last_webhook.set(time.time())
        else:
            reason = REFUSAL_REASONS.get(status, f"http_{status}")
            self.metrics.webhooks_refused.labels(reason).inc()
