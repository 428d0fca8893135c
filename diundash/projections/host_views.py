"""``GET /api/hosts``' rows: each host with an entry, a silence, or (when its
DIUN's metrics are read) a heartbeat reading, and how its images stand."""

from collections.abc import Collection
from typing import Any

from peewee import Database

from diundash.image_refs import CONNECTION_TEST_IMAGES
from diundash.projections.entry_states import PENDING
from diundash.storage import read_snapshot

_TEST_IMAGES = ", ".join(f"'{image}'" for image in CONNECTION_TEST_IMAGES)
# Each host's counts (pending at a moment, PENDING's one parameter, as
# entry_states decides it), its last `diun notif test`, and its latest
# receipt (receipt positions are unique).
HOST_ENTRIES = (
    "SELECT h.hostname, a.images, a.pending, h.received_at, h.diun_version, a.last_test_at "
    "FROM (SELECT hostname, count(*) AS images, "
    f"sum(CASE WHEN {PENDING} THEN 1 ELSE 0 END) AS pending, "
    f"max(CASE WHEN image IN ({_TEST_IMAGES}) THEN received_at END) AS last_test_at, "
    "max(receipt_position) AS latest FROM host_updates GROUP BY hostname) a "
    "JOIN host_updates h ON h.hostname = a.hostname AND h.receipt_position = a.latest"
)
SILENT_HOSTS = "SELECT hostname, since, reason FROM silent_hosts"
READINGS = "SELECT hostname, last_check_at, diun_version FROM heartbeat_readings"


def read_hosts(db: Database, now: str, watched: Collection[str] = ()) -> list[dict[str, Any]]:
    """Every host with at least one entry, a silence, or among ``watched``
    (the hosts whose metrics are read): how many images it reported, how
    many are pending there at ``now`` (not counting ``diun notif test``'s
    image, whose last receipt is ``last_test_at``), when it last reported
    and with which DIUN, its
    DIUN's last check (of the ``watched``) and since when it has been
    silent. By host name."""
    hosts: dict[str, dict[str, Any]] = {}

    def host(name: str) -> dict[str, Any]:
        if name not in hosts:
            hosts[name] = {
                "hostname": name,
                "images": 0,
                "pending": 0,
                "last_seen": None,
                "diun_version": "",
                "last_check_at": None,
                "silent_since": None,
                "silent_reason": None,
                "last_test_at": None,
            }
        return hosts[name]

    with read_snapshot(db):
        entries = db.execute_sql(HOST_ENTRIES, (now,)).fetchall()
        silences = db.execute_sql(SILENT_HOSTS).fetchall()
        readings = db.execute_sql(READINGS).fetchall() if watched else []
    for hostname, images, pending, received_at, diun_version, last_test_at in entries:
        host(hostname).update(
            images=int(images),
            pending=int(pending),
            last_seen=received_at,
            diun_version=diun_version,
            last_test_at=last_test_at,
        )
    for hostname, since, reason in silences:
        host(hostname).update(silent_since=since, silent_reason=reason)
    for name in watched:
        host(name)
    for hostname, last_check_at, diun_version in readings:
        if hostname in watched:
            row = host(hostname)
            row["last_check_at"] = last_check_at
            row["diun_version"] = row["diun_version"] or diun_version
    return [hosts[name] for name in sorted(hosts)]
