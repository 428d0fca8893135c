"""``GET /metrics``: Prometheus text format, from a registry of this app's
own (nothing global, so every ``create_app`` starts from zero)."""

from collections.abc import Callable, Iterator

import falcon
from peewee import DatabaseError
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

# The classic text format (0.0.4), which every Prometheus version reads.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
Positions = Callable[[], tuple[int, int]]


class Metrics:
    """Everything ``/metrics`` reports; the log and projection positions
    are read from the database at each scrape, and ``fleet`` (the hosts'
    series, api/fleet_metrics.py) from the read state."""

    def __init__(self, positions: Positions, fleet: Collector | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.webhooks_received = Counter(
            "diundash_webhooks_received",
            "Webhooks accepted and stored.",
            registry=self.registry,
        )
        self.webhooks_refused = Counter(
            "diundash_webhooks_refused",
            "Webhooks answered with an error, by reason.",
            ["reason"],
            registry=self.registry,
        )
        self.last_webhook = Gauge(
            "diundash_last_webhook_timestamp_seconds",
            "When this process last stored a webhook (Unix time; 0: not since it started).",
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "diundash_request_duration_seconds",
            "Time to answer a request, by route.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.storage_errors = Counter(
            "diundash_storage_errors",
            "Database errors answered to a request, by kind.",
            ["kind"],
            registry=self.registry,
        )
        self.registry.register(LogPositions(positions))
        if fleet is not None:
            self.registry.register(fleet)
        self._latencies: dict[tuple[str, str], Histogram] = {}

    def latency_of(self, route: str, method: str) -> Histogram:
        """The latency histogram of one route and method (labelled once:
        ``labels()`` costs more than the observation)."""
        key = (route, method)
        histogram = self._latencies.get(key)
        if histogram is None:
            histogram = self._latencies.setdefault(key, self.request_seconds.labels(*key))
        return histogram

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class LogPositions(Collector):
    """The log's last position (every event ever appended: positions have no
    gaps) and the read tables' position, read at scrape time."""

    def __init__(self, positions: Positions) -> None:
        self.positions = positions

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        try:
            log, projected = self.positions()
        except DatabaseError:
            return  # /healthz says why; a scrape still answers
        yield CounterMetricFamily(
            "diundash_events_appended", "Events in the log (its last position).", value=log
        )
        yield GaugeMetricFamily(
            "diundash_log_position", "The event log's last position.", value=log
        )
        yield GaugeMetricFamily(
            "diundash_projection_position",
            "The log position the read tables reflect.",
            value=projected,
        )


class MetricsResource:
    """Serves the metrics for Prometheus to scrape."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = CONTENT_TYPE
        resp.cache_control = ["no-store"]
        resp.data = self.metrics.exposition()
