"""The heartbeat job: every HEARTBEAT_EVERY, read each host's DIUN metrics
(all at once, each bounded in time, no lock held meanwhile), keep what was
read, and record a change of state when there is one: ``HostSilent`` once
its last check (or the last time its metrics could be read) is older than
SILENT_AFTER, ``HostBack`` once it has checked again since."""

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from diundash.clock import format_utc, parse_rfc3339
from diundash.commands import Commands
from diundash.config.endpoints import Endpoint
from diundash.config.heartbeat import HeartbeatSettings
from diundash.events.types import Audit
from diundash.heartbeat.metrics import DiunMetrics, read_metrics
from diundash.heartbeat.readings import HeartbeatReadings, Reading
from diundash.outbound import Outbound, OutboundFailure

log = logging.getLogger(__name__)
TIMEOUT_S = 10.0  # the longest one read may take
MAX_PARALLEL_READS = 8
AUDIT = Audit(source="job", request_id="heartbeat")


@dataclass(frozen=True)
class Silent:
    """The host's DIUN is silent: since when, and why."""

    since: str
    reason: str


@dataclass(frozen=True)
class Back:
    """The host's DIUN checked at ``last_check_at``, within SILENT_AFTER."""

    last_check_at: str


def judge(reading: Reading, now: datetime, silent_after: timedelta) -> Silent | Back | None:
    """Whether ``reading`` shows a silent DIUN, one that checks (``Back``:
    a change only if it was silent), or neither yet (its first check may
    still come). The last sign of life is its last check, else the first
    time diundash read it."""
    evidence = reading.last_check_at or reading.watched_since
    unreadable = reading.unreadable_since
    if unreadable is not None and _older(unreadable, now, silent_after):
        since = min(evidence, unreadable)
        return Silent(since, f"its metrics could not be read since {unreadable}: {reading.error}")
    if _older(evidence, now, silent_after):
        if reading.last_check_at is None:
            why = f"no DIUN watch run since diundash began reading its metrics at {evidence}"
        else:
            why = f"no DIUN watch run since {evidence}"
        if unreadable is not None:
            why += f" (its metrics cannot be read: {reading.error})"
        return Silent(evidence, why)
    if unreadable is None and reading.last_check_at is not None:
        return Back(reading.last_check_at)
    return None


def _older(moment: str, now: datetime, age: timedelta) -> bool:
    parsed = parse_rfc3339(moment)
    return parsed is not None and now - parsed > age


class HeartbeatJob:
    """Reads each host's DIUN metrics (``settings.sources``) when due."""

    name = "heartbeat"

    def __init__(
        self,
        settings: HeartbeatSettings,
        commands: Commands,
        readings: HeartbeatReadings,
        outbound: Outbound | None = None,
    ) -> None:
        self.settings, self.commands, self.readings = settings, commands, readings
        self.outbound = outbound or Outbound()
        self._next: datetime | None = None  # None: at once (the service just started)

    def due_at(self, now: datetime) -> datetime | None:
        return self._next or now

    def run(self, now: datetime) -> None:
        """Read every host's metrics, keep what was read, record the changes."""
        self._next = now + self.settings.every
        sources = self.settings.sources
        with ThreadPoolExecutor(min(MAX_PARALLEL_READS, len(sources) or 1)) as pool:
            results = list(zip(sources, pool.map(self._read, sources.values()), strict=True))
        stamp = format_utc(now)
        for hostname, result in results:
            try:
                self._take(hostname, self.readings.record(hostname, stamp, result), now)
            except Exception:  # one host's trouble leaves the others' readings
                log.exception("heartbeat: the reading of %r could not be kept", hostname)

    def _read(self, source: Endpoint) -> DiunMetrics | str:
        try:
            return read_metrics(self.outbound, source, TIMEOUT_S)
        except OutboundFailure as failure:
            return str(failure)

    def _take(self, hostname: str, reading: Reading, now: datetime) -> None:
        change = judge(reading, now, self.settings.silent_after)
        if isinstance(change, Silent):
            if self.commands.host_silent(hostname, change.since, change.reason, AUDIT):
                log.warning("host %r is silent: %s", hostname, change.reason)
        elif isinstance(change, Back) and self.commands.host_back(
            hostname, change.last_check_at, AUDIT
        ):
            log.info("host %r is back: its DIUN checked at %s", hostname, change.last_check_at)
