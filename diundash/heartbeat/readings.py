"""What the heartbeat last read of each host's DIUN, kept in
``heartbeat_readings`` (outside the log, like the sign-in throttles):
shared by every instance on the database, and kept across restarts, so a
DIUN that died is found silent even if diundash restarts every night."""

from dataclasses import dataclass

from peewee import Database

from diundash.clock import format_utc
from diundash.heartbeat.metrics import DiunMetrics
from diundash.storage import write_transaction

COLUMNS = (
    "hostname",
    "watched_since",
    "read_at",
    "last_check_at",
    "runs_total",
    "diun_version",
    "unreadable_since",
    "error",
)
READ = f"SELECT {', '.join(COLUMNS)} FROM heartbeat_readings WHERE hostname = ?"
WRITE = (
    f"INSERT INTO heartbeat_readings ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(COLUMNS))}) ON CONFLICT (hostname) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in COLUMNS[1:])
)


@dataclass(frozen=True)
class Reading:
    """A host's DIUN as the heartbeat knows it: since when it has been
    read (``watched_since``), when last, its last watch run known (kept
    while the metrics are unreadable, or a restarted DIUN has not run yet),
    and since when and why its metrics cannot be read, if they cannot."""

    hostname: str
    watched_since: str
    read_at: str
    last_check_at: str | None
    runs_total: float | None
    diun_version: str
    unreadable_since: str | None
    error: str


class HeartbeatReadings:
    """The heartbeat's readings in ``db``, each written in a short
    transaction of its own (after the metrics were fetched: no lock is
    held while waiting on the network)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def read(self, hostname: str) -> Reading | None:
        """What is known of ``hostname``'s DIUN, if anything."""
        row = self.db.execute_sql(READ, (hostname,)).fetchone()
        return Reading(*row) if row else None

    def record(self, hostname: str, now: str, metrics: DiunMetrics | str) -> Reading:
        """Record a reading at ``now``: the metrics read, or why they could not be."""
        with write_transaction(self.db):
            before = self.read(hostname)
            reading = _next_reading(before, hostname, now, metrics)
            self.db.execute_sql(WRITE, tuple(getattr(reading, c) for c in COLUMNS))
        return reading


def _next_reading(
    before: Reading | None, hostname: str, now: str, metrics: DiunMetrics | str
) -> Reading:
    watched_since = before.watched_since if before else now
    if isinstance(metrics, str):  # unreadable: what was known stays
        return Reading(
            hostname,
            watched_since,
            now,
            before.last_check_at if before else None,
            before.runs_total if before else None,
            before.diun_version if before else "",
            (before.unreadable_since if before else None) or now,
            metrics,
        )
    last_check_at = format_utc(metrics.last_run_at) if metrics.last_run_at else None
    if last_check_at is None or (before and (before.last_check_at or "") > last_check_at):
        last_check_at = before.last_check_at if before else last_check_at
    version = metrics.version or (before.diun_version if before else "")
    return Reading(
        hostname, watched_since, now, last_check_at, metrics.runs_total, version, None, ""
    )
