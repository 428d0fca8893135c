"""Each host entry and whether it is pending: the one query every count of
"pending" goes through (``GET /api/hosts``, the summary, the WUD-shaped
containers, the metrics).

What makes an entry pending is decided here and nowhere else, as the SQL
predicate ``PENDING`` (the notifier selects with it too): today, a receipt
no dismissal has acknowledged since (the Go service's ``acknowledged:
false``). A reported deployment acknowledges the entry too (it sets
``acknowledged_at``), so it is not pending either. A snooze that has not
ended makes an entry not pending by changing ``PENDING`` alone.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from peewee import Database

PENDING = "acknowledged_at IS NULL"
ENTRY_STATES = (
    "SELECT hostname, image, status, digest, containers, diun_version, received_at, "
    f"receipt_position, acknowledged_at, CASE WHEN {PENDING} THEN 1 ELSE 0 END FROM host_updates"
)


@dataclass(frozen=True, slots=True)
class EntryState:
    """One image as one host last reported it, and whether it waits for someone."""

    hostname: str
    image: str
    status: str
    digest: str
    containers: str
    diun_version: str
    received_at: str
    position: int  # of the receipt, in the log
    acknowledged_at: str | None
    pending: bool


def entry_states(db: Database, host: str | None = None) -> Iterator[EntryState]:
    """Every host entry (of ``host`` alone, when given), in no set order,
    read inside the caller's snapshot if it holds one."""
    params: tuple[str, ...] = () if host is None else (host,)
    sql = ENTRY_STATES if host is None else ENTRY_STATES + " WHERE hostname = ?"
    for (
        hostname,
        image,
        status,
        digest,
        containers,
        diun_version,
        received_at,
        position,
        acknowledged_at,
        pending,
    ) in db.execute_sql(sql, params):
        yield EntryState(
            hostname,
            image,
            status,
            digest,
            containers,
            diun_version,
            received_at,
            int(position),
            acknowledged_at,
            bool(pending),
        )
