"""``GET /api/hosts``' rows: each host with an entry, a silence, or (when its
DIUN's metrics are read) a heartbeat reading, and how its images stand."""

from collections.abc import Collection
from typing import Any

from peewee import Database

from diundash.storage import read_snapshot

HOST_ENTRIES = (
    "SELECT hostname, acknowledged_at, received_at, receipt_position, diun_version "
    "FROM host_updates"
)
SILENT_HOSTS = "SELECT hostname, since, reason FROM silent_hosts"
READINGS = "SELECT hostname, last_check_at, diun_version FROM heartbeat_readings"


def read_hosts(db: Database, watched: Collection[str] = ()) -> list[dict[str, Any]]:
    """Every host with at least one entry, a silence, or among ``watched``
    (the hosts whose metrics are read): how many images it reported, how
    many are pending there, when it last reported and with which DIUN, its
    DIUN's last check (of the ``watched``) and since when it has been
    silent. By host name."""
    hosts: dict[str, dict[str, Any]] = {}
    latest: dict[str, int] = {}  # each host's latest receipt's position

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
            }
        return hosts[name]

    with read_snapshot(db):
        entries = db.execute_sql(HOST_ENTRIES).fetchall()
        silences = db.execute_sql(SILENT_HOSTS).fetchall()
        readings = db.execute_sql(READINGS).fetchall() if watched else []
    for hostname, acknowledged_at, received_at, position, diun_version in entries:
        row = host(hostname)
        row["images"] += 1
        row["pending"] += acknowledged_at is None
        if position > latest.get(hostname, 0):
            latest[hostname] = position
            row["last_seen"], row["diun_version"] = received_at, diun_version
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
