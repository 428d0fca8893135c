"""Opening the SQLite file with the settings every connection needs."""

import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from diundash.events.store import create_event_table
from diundash.projections.tables import create_read_tables
from diundash.storage import write_transaction

BUSY_TIMEOUT_MS = 10_000


class NotADiundashDatabase(Exception):
    """The file holds something else (a DiunDashboard database, or no SQLite
    database at all); diundash leaves it untouched."""


def check_is_ours(path: str) -> None:
    """Refuse, without writing to it, a file diundash must not take over.

    DiunDashboard uses the same default name (``./diun.db``) and the same
    read tables but keeps no event log: serving from it would mix state that
    no event explains with the log, so it must be imported instead.
    """
    if path == ":memory:" or not Path(path).exists():
        return
    try:
        connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = {name for (name,) in rows}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise NotADiundashDatabase(f"{path} is not a SQLite database ({error})") from None
    if "updates" in tables and "events" not in tables:
        raise NotADiundashDatabase(
            f"{path} is a DiunDashboard database (read tables, no event log). diundash "
            f"needs its own file: set DB_PATH to a new one and run "
            f"`diundash import-legacy {path}` to bring this one's state over."
        )


def open_database(path: str, synchronous: str = "FULL") -> SqliteDatabase:
    """Open (and create if needed) the diundash database at ``path``; refuse a
    file that is not one (``NotADiundashDatabase``).

    Every connection gets WAL, the requested ``synchronous`` level, a busy
    timeout and ``recursive_triggers`` (so ``INSERT OR REPLACE`` on the event
    table fires its delete guard). Write transactions start with
    ``BEGIN IMMEDIATE`` so concurrent writers queue on the lock instead of
    failing to upgrade a read lock.
    """
    check_is_ours(path)
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
    with write_transaction(db):
        create_event_table(db)
        create_read_tables(db)
    return db
