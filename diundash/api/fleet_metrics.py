"""The fleet in ``/metrics``: each host's pending updates and last report,
and how long updates wait until someone acts on them.

Prometheus scrapes often and the fleet changes seldom, so a scrape reads
what the read state already holds: the per-host tallies are worked out
once per state (``projections/fleet.py``), and the waits follow the log
from where the last scrape left it, reading nothing while the state stands
still. No label names an image or a digest: a host has a handful of series.
"""

import threading
from collections.abc import Iterator

from peewee import DatabaseError
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

from diundash.clock import parse_rfc3339
from diundash.projections.queries import Queries
from diundash.projections.waits import Waits

HOUR, DAY = 3600.0, 86400.0
WAIT_BUCKETS = (
    HOUR,
    6 * HOUR,
    DAY,
    3 * DAY,
    7 * DAY,
    14 * DAY,
    30 * DAY,
    60 * DAY,
    90 * DAY,
    180 * DAY,
    365 * DAY,
)


class WaitHistogram:
    """The waits that ended since this process first counted them (its first
    scrape), by how long they were: the log's dismissals and deployments, whichever instance
    recorded them. Like every counter, it starts from zero with the process."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self._lock = threading.Lock()
        self._waits: Waits | None = None
        self.counts = [0] * (len(WAIT_BUCKETS) + 1)  # the last: past every bucket
        self.total_seconds = 0.0

    def catch_up(self) -> None:
        """Count the waits that ended since the last call (none the first time:
        it only learns which entries are pending)."""
        with self._lock:
            if self._waits is None:
                self._waits = self.queries.open_waits()
                return
            if self.queries.read_state().position == self._waits.position:
                return
            for position, event in self.queries.events_after(self._waits.position):
                for resolution in self._waits.follow(position, event):
                    self._observe(resolution.seconds)

    def _observe(self, seconds: float) -> None:
        index = next(
            (i for i, bound in enumerate(WAIT_BUCKETS) if seconds <= bound), len(WAIT_BUCKETS)
        )
        self.counts[index] += 1
        self.total_seconds += seconds

    def buckets(self) -> list[tuple[str, float]]:
        """Cumulative counts by upper bound, as Prometheus reads them."""
        cumulative: list[tuple[str, float]] = []
        running = 0
        for bound, count in zip((*WAIT_BUCKETS, float("inf")), self.counts, strict=True):
            running += count
            cumulative.append(("+Inf" if bound == float("inf") else repr(bound), running))
        return cumulative


class FleetCollector(Collector):
    """``diundash_updates_pending{host}``,
    ``diundash_host_last_report_timestamp_seconds{host}``,
    ``diundash_oldest_pending_update_timestamp_seconds{host}`` and the
    ``diundash_update_wait_seconds`` histogram, left out while the database
    cannot be read (``/healthz`` says why)."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self.waits = WaitHistogram(queries)

    def collect(self) -> Iterator[GaugeMetricFamily | HistogramMetricFamily]:
        try:
            fleet = self.queries.fleet()
            self.waits.catch_up()
        except DatabaseError:
            return
        pending = GaugeMetricFamily(
            "diundash_updates_pending",
            "Updates waiting for someone (an image on a host), by host.",
            labels=["host"],
        )
        last_report = GaugeMetricFamily(
            "diundash_host_last_report_timestamp_seconds",
            "When the host's DIUN last reported an update (Unix time).",
            labels=["host"],
        )
        oldest = GaugeMetricFamily(
            "diundash_oldest_pending_update_timestamp_seconds",
            "When the host's oldest pending update was received (Unix time; absent: none).",
            labels=["host"],
        )
        for tally in fleet.hosts:
            pending.add_metric([tally.hostname], tally.pending)
            _add_time(last_report, tally.hostname, tally.last_seen)
            _add_time(oldest, tally.hostname, tally.oldest_pending)
        yield pending
        yield last_report
        yield oldest
        yield HistogramMetricFamily(
            "diundash_update_wait_seconds",
            "Time from an update's receipt to its dismissal or deployment, for those "
            "resolved since this process started.",
            buckets=self.waits.buckets(),
            sum_value=self.waits.total_seconds,
        )


def _add_time(family: GaugeMetricFamily, host: str, text: str | None) -> None:
    moment = parse_rfc3339(text) if text else None
    if moment is not None:
        family.add_metric([host], moment.timestamp())
