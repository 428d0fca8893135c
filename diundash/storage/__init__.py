"""The storage seam: everything that differs between SQLite and PostgreSQL.

The event store, the projector and the queries are written once against
peewee's ``Database``; they write plain SQL with ``?`` placeholders (the
PostgreSQL database turns them into ``%s``), open transactions through
``write_transaction`` and ``read_snapshot``, and name the image of a stored
event through ``image_of_event``. The schema of each engine, its locking and
how it is opened live in ``storage/sqlite.py`` and ``storage/postgres.py``.
"""

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from peewee import (  # type: ignore[attr-defined]  # peewee-stubs leave it out
    Database,
    SqliteDatabase,
    __exception_wrapper__,
)

from diundash.storage import postgres, sqlite
from diundash.storage.schema import DatabaseNotWritable, NotADiundashDatabase

__all__ = [
    "DatabaseNotWritable",
    "NotADiundashDatabase",
    "codepoint_order",
    "describe_database",
    "drop_broken_connection",
    "execute_many",
    "host_of_event",
    "image_of_event",
    "is_database_url",
    "is_postgres",
    "open_database",
    "read_snapshot",
    "roomy_cache",
    "scratch_database",
    "write_transaction",
]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(target: str) -> bool:
    """Whether ``target`` names a PostgreSQL database (else a SQLite file)."""
    return target.startswith(POSTGRES_SCHEMES)


def describe_database(target: str) -> str:
    """``target`` as logs and messages show it: a URL without its password."""
    if not is_database_url(target):
        return target
    scheme, rest = target.split("://", 1)
    credentials, at, place = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}{':***' if ':' in credentials else ''}{at}{place}"


def is_postgres(db: Database) -> bool:
    """Whether ``db`` is a PostgreSQL database (else SQLite)."""
    return isinstance(db, postgres.PostgresDatabase)


def open_database(target: str, synchronous: str = "FULL", schema: str = "diundash") -> Database:
    """Open, and create when needed, the diundash database ``target`` names:
    a ``postgresql://`` URL (tables in ``schema``) or a SQLite file path.
    Refuses (``NotADiundashDatabase``) one that holds something else."""
    if is_database_url(target):
        return postgres.open_database(target, schema)
    return sqlite.open_database(target, synchronous)


def scratch_database() -> Database:
    """An empty in-memory SQLite database with diundash's tables, to fold a
    log into (time travel, verify) whatever engine holds the log itself."""
    db = SqliteDatabase(":memory:")
    with db.atomic():
        sqlite.create_tables(db)
    return db


def execute_many(db: Database, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """Run ``sql`` (``?`` placeholders) once for each of ``rows``, in one
    call to the driver; errors are peewee's, as from ``execute_sql``."""
    cursor = db.cursor()
    try:
        with __exception_wrapper__:
            cursor.executemany(postgres.pyformat(sql) if is_postgres(db) else sql, rows)
    finally:
        cursor.close()


def write_transaction(db: Database) -> AbstractContextManager[Any]:
    """A transaction holding the log's write lock from its start, so
    concurrent writers (threads, processes, instances) queue and positions
    are handed out in order; nested, it joins the outer one."""
    return postgres.write_transaction(db) if is_postgres(db) else sqlite.write_transaction(db)


def roomy_cache(db: Database) -> AbstractContextManager[Any]:
    """A page cache big enough for a rebuild's writes while it lasts
    (SQLite's default 2 MiB spills a long transaction's pages to the WAL
    and reads them back); PostgreSQL's is the server's."""
    return sqlite.roomy_cache(db) if not is_postgres(db) else nullcontext()


def read_snapshot(db: Database) -> AbstractContextManager[Any]:
    """A read transaction: every query inside sees one consistent state."""
    return postgres.read_snapshot(db) if is_postgres(db) else sqlite.read_snapshot(db)


def codepoint_order(db: Database) -> str:
    """The collation clause that has ``ORDER BY`` sort text as Python does
    (by code point): SQLite's own (bytes of UTF-8), PostgreSQL's "C"."""
    return ' COLLATE "C"' if is_postgres(db) else ""


def image_of_event(db: Database) -> str:
    """The SQL expression (indexed) for the image a stored event concerns,
    whatever its stored version: at ``$.image``, or ``$.body.image`` for
    version 2 receipts."""
    return postgres.IMAGE_OF_EVENT if is_postgres(db) else sqlite.IMAGE_OF_EVENT


def host_of_event(db: Database) -> str:
    """The SQL expression for the host a stored event concerns: a receipt's
    body's hostname, or the host named by a dismissal, forget or rename
    (NULL for those that meant every host)."""
    return postgres.HOST_OF_EVENT if is_postgres(db) else sqlite.HOST_OF_EVENT


def drop_broken_connection(db: Database) -> None:
    """Close this thread's connection if the server dropped it (PostgreSQL
    restarted, network cut), so the next query connects afresh."""
    if not db.is_closed() and not db.in_transaction() and not db.is_connection_usable():
        db.close()
