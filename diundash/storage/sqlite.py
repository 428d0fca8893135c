"""SQLite, the embedded default: one file, WAL, ``BEGIN IMMEDIATE`` writes."""

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, ClassVar

from peewee import Database, SqliteDatabase

from diundash.storage.changes import ChangeSignal, wal_index
from diundash.storage.engine import Engine, table_names
from diundash.storage.schema import (
    AUTH_TABLES,
    CREATE_PROJECTION_STATE,
    EVENT_COLUMNS,
    HEARTBEAT_TABLES,
    HOST_UPDATE_COLUMNS,
    HOST_UPDATE_INDEXES,
    LEASE_TABLES,
    PROJECTION_STATE_COLUMNS,
    READ_TABLES,
    SNAPSHOT_COLUMNS,
    DatabaseNotWritable,
    NotADiundashDatabase,
)

BUSY_TIMEOUT_MS = 10_000
ROOMY_CACHE_KIB = (
    256 * 1024
)  # a rebuild's page cache: the pages it writes, at 10,000 images x 20 hosts

IMAGE_OF_EVENT = "coalesce(json_extract(data, '$.body.image'), json_extract(data, '$.image'))"
# A receipt's host is its body's hostname ("" when the body has none); other
# events name theirs in host (None: every host) or hostname.
HOST_OF_EVENT = (
    "CASE WHEN type = 'UpdateReceived' THEN coalesce(json_extract(data, '$.body.hostname'), "
    "json_extract(data, '$.hostname'), '') "
    "ELSE coalesce(json_extract(data, '$.host'), json_extract(data, '$.hostname')) END"
)


def _append_only(table: str, what: str) -> tuple[str, ...]:
    """Triggers by which the database itself refuses to change ``table``'s
    history: UPDATE and DELETE abort, and an insert must take exactly the
    next position (no gaps, no overwrite, so INSERT OR REPLACE cannot slip
    past even without recursive_triggers)."""
    return (
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are append-only: UPDATE is not allowed'); END
        """,
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are append-only: DELETE is not allowed'); END
        """,
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_next_position BEFORE INSERT ON {table}
        WHEN NEW.position IS NOT (SELECT coalesce(max(position), 0) + 1 FROM {table})
        BEGIN SELECT RAISE(ABORT, '{what} are append-only: position must be the next one'); END
        """,
    )


EVENT_TABLE = (
    """
    CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)),
        recorded_at TEXT NOT NULL,
        source TEXT NOT NULL,
        remote_addr TEXT,
        request_id TEXT,
        actor TEXT
    )
    """,
    f"CREATE INDEX IF NOT EXISTS events_by_image ON events ({IMAGE_OF_EVENT})",
    "CREATE INDEX IF NOT EXISTS events_by_time ON events (recorded_at)",
    *_append_only("events", "events"),
)

# The hash chain of the log (diundash/events/chain.py), as append-only as the log.
CHAIN_TABLE = (
    """
    CREATE TABLE IF NOT EXISTS event_hashes (
        position INTEGER PRIMARY KEY,
        hash TEXT NOT NULL
    )
    """,
    *_append_only("event_hashes", "event hashes"),
)

# Tags keep DiunDashboard's AUTOINCREMENT (ids come from the events).
TAGS_TABLE = """
    CREATE TABLE IF NOT EXISTS tags (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE
    )
    """


# Every table's statements, in the order they are created.
SCHEMA_TABLES = (
    *EVENT_TABLE,
    *CHAIN_TABLE,
    TAGS_TABLE,
    *READ_TABLES,
    *AUTH_TABLES,
    *HEARTBEAT_TABLES,
    *LEASE_TABLES,
)


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


def check_writable(path: str) -> None:
    """Refuse a file (or, for a new one, a directory) that cannot be written:
    SQLite needs to write the file and to create its ``-wal`` and ``-shm``
    beside it. ``access()`` answers for the file system too, root included."""
    if path == ":memory:":
        return
    target = Path(path)
    if not target.parent.is_dir():
        raise DatabaseNotWritable(
            f"cannot open {path}: the directory {target.parent} does not exist"
        )
    for place in (target, target.parent) if target.exists() else (target.parent,):
        if not os.access(place, os.W_OK):
            raise DatabaseNotWritable(
                f"cannot write {path}: {place} is read-only (a read-only file system or no "
                "write permission); diundash needs to write the database and create "
                f"{target.name}-wal and {target.name}-shm beside it"
            )


def create_tables(db: Database) -> None:
    """The event log and the read tables, created if missing, and brought up
    to this version's columns (a read model older than this version's is
    rebuilt when the service or a command opens it)."""
    for statement in SCHEMA_TABLES:
        db.execute_sql(statement)
    # Adding a nullable column rewrites no row, so the triggers do not fire.
    event_columns = {row[1] for row in db.execute_sql("PRAGMA table_info(events)")}
    for name, definition in EVENT_COLUMNS.items():
        if name not in event_columns:
            db.execute_sql(f"ALTER TABLE events ADD COLUMN {name} {definition}")
    for table, added in (
        ("projection_state", PROJECTION_STATE_COLUMNS),
        ("read_model_snapshots", SNAPSHOT_COLUMNS),
        ("host_updates", HOST_UPDATE_COLUMNS),
    ):
        columns = {row[1] for row in db.execute_sql(f"PRAGMA table_info({table})")}
        for name, definition in added.items():
            if name not in columns:
                db.execute_sql(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")
    for statement in HOST_UPDATE_INDEXES:
        db.execute_sql(statement)
    db.execute_sql(CREATE_PROJECTION_STATE)


class SqliteEngine(Engine):
    """SQLite: one file, ``?`` placeholders, ``BEGIN IMMEDIATE`` writes, and
    the WAL index to hear of other writers' commits."""

    codepoint_order = ""  # SQLite compares text by its UTF-8 bytes: code point order
    image_of_event = IMAGE_OF_EVENT
    host_of_event = HOST_OF_EVENT
    tables = table_names(SCHEMA_TABLES)

    def open(self, target: str, synchronous: str = "FULL", schema: str = "") -> Database:
        """The file at ``target`` (a database has no schema of its own here).

        Every connection gets WAL, the requested ``synchronous`` level, a busy
        timeout and ``recursive_triggers`` (so ``INSERT OR REPLACE`` on the event
        table fires its delete guard). Write transactions start with
        ``BEGIN IMMEDIATE`` so concurrent writers queue on the lock instead of
        failing to upgrade a read lock.
        """
        check_writable(target)
        check_is_ours(target)
        db = SqliteStore(
            target,
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
            create_tables(db)
        return db

    def write_transaction(self, db: Database) -> AbstractContextManager[Any]:
        """``BEGIN IMMEDIATE`` (the database's lock_type): the write lock first."""
        return db.atomic()

    def read_snapshot(self, db: Database) -> AbstractContextManager[Any]:
        """``BEGIN DEFERRED``: a read snapshot from the first read on."""
        return db.atomic(lock_type="DEFERRED")

    @contextmanager
    def roomy_cache(self, db: Database) -> Iterator[None]:
        """``ROOMY_CACHE_KIB`` of page cache on this connection while it lasts
        (the default 2 MiB spills a long transaction's pages to the WAL and
        reads them back), then what it had, and the memory given back."""
        (previous,) = db.execute_sql("PRAGMA cache_size").fetchone()
        db.execute_sql(f"PRAGMA cache_size = -{ROOMY_CACHE_KIB}")
        try:
            yield
        finally:
            db.execute_sql(f"PRAGMA cache_size = {int(previous)}")
            db.execute_sql("PRAGMA shrink_memory")

    def change_signal(self, db: Database, moved: Callable[[], None]) -> ChangeSignal:
        """The header of the file's WAL index (none for a database in memory)."""
        return wal_index(str(db.database))


SQLITE = SqliteEngine()


class SqliteStore(SqliteDatabase):
    """peewee's SQLite database, carrying its engine."""

    engine: ClassVar[Engine] = SQLITE


def scratch_database() -> SqliteStore:
    """An empty in-memory database with diundash's tables (no pragmas: it
    lives on one connection, for one fold)."""
    db = SqliteStore(":memory:")
    with db.atomic():
        create_tables(db)
    return db
