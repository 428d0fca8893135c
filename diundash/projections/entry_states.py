"""Each host entry and whether it is pending: the one query every count of
"pending" goes through (``GET /api/hosts``, the summary, the WUD-shaped
containers, the metrics).

What makes an entry pending is decided here and nowhere else, as the SQL
predicate ``PENDING`` (the notifier selects with it too): a receipt no
dismissal has acknowledged since (the Go service's ``acknowledged:
false``), or one whose snooze has ended by the time asked about, and not
``diun notif test``'s image (a test of the connection, not an update). A
reported deployment acknowledges the entry for good (it sets
``acknowledged_at`` and ends a snooze), so it is not pending either.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from peewee import Database

from diundash.image_refs import CONNECTION_TEST_IMAGES

# Its one parameter, first among a statement's: the time now, RFC 3339 text
# as ``clock.format_utc`` writes it (compared as text, as snoozes are stored).
PENDING = (
    "((acknowledged_at IS NULL OR snoozed_until <= ?) AND image NOT IN ("
    + ", ".join(f"'{image}'" for image in CONNECTION_TEST_IMAGES)
    + "))"
)
ENTRY_STATES = (
    "SELECT hostname, image, status, digest, containers, diun_version, received_at, "
    "receipt_position, acknowledged_at, snoozed_until, "
    f"CASE WHEN {PENDING} THEN 1 ELSE 0 END FROM host_updates"
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
    snoozed_until: str | None
    pending: bool


def entry_states(db: Database, now: str, host: str | None = None) -> Iterator[EntryState]:
    """Every host entry (of ``host`` alone, when given) and whether it is
    pending at ``now``, in no set order, read inside the caller's snapshot
    if it holds one."""
    params: tuple[str, ...] = (now,) if host is None else (now, host)
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
        snoozed_until,
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
            snoozed_until,
            bool(pending),
        )
