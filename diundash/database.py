"""Opening the SQLite file with the settings every connection needs."""

from contextlib import AbstractContextManager
from typing import Any

from peewee import SqliteDatabase

from diundash.events.store import create_event_table
from diundash.projections.tables import create_read_tables

BUSY_TIMEOUT_MS = 10_000


def open_database(path: str, synchronous: str = "FULL") -> SqliteDatabase:
    """Open (and create if needed) the diundash database at ``path``.

    Every connection gets WAL, the requested ``synchronous`` level, a busy
    timeout and ``recursive_triggers`` (so ``INSERT OR REPLACE`` on the event
    table fires its delete guard). Write transactions start with
    ``BEGIN IMMEDIATE`` so concurrent writers queue on the lock instead of
    failing to upgrade a read lock.
    """
    db = SqliteDatabase(
        path,
        pragmas={
            "journal_mode": "wal",
            "synchronous": synchronous,
            "busy_timeout": BUSY_TIMEOUT_MS,
            "recursive_triggers": 1,
            "foreign_keys": 1,
        },
        timeout=BUSY_TIMEOUT_MS / 1000,
        lock_type="IMMEDIATE",
    )
    with db.atomic():
        create_event_table(db)
        create_read_tables(db)
    return db


def read_snapshot(db: SqliteDatabase) -> AbstractContextManager[Any]:
    """A read transaction: every query inside sees one consistent state."""
    return db.atomic(lock_type="DEFERRED")
