"""The storage seam: everything that differs between SQLite and PostgreSQL.

The event store, the projector and the queries are written once against
peewee's ``Database``; they write plain SQL with ``?`` placeholders (the
PostgreSQL database turns them into ``%s``), open transactions through
``write_transaction`` and ``read_snapshot``, and name the image of a stored
event through ``image_of_event``. Each of these asks the ``Engine`` the
database was opened with (``storage/engine.py``), chosen once from what
``open_database`` is given; each engine's schema, locking, SQL and change
signal live in ``storage/sqlite.py`` and ``storage/postgres.py``.
"""

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from peewee import (  # type: ignore[attr-defined]  # peewee-stubs leave it out
    Database,
    __exception_wrapper__,
)

from diundash.storage import postgres, sqlite
from diundash.storage.changes import ChangeSignal
from diundash.storage.engine import Engine, engine_of
from diundash.storage.schema import DatabaseNotWritable, NotADiundashDatabase

__all__ = [
    "DatabaseNotWritable",
    "Engine",
    "NotADiundashDatabase",
    "change_signal",
    "codepoint_order",
    "describe_database",
    "drop_broken_connection",
    "engine_for",
    "engine_of",
    "execute_many",
    "host_of_event",
    "image_of_event",
    "is_database_url",
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


def engine_for(target: str) -> Engine:
    """The engine of the database ``target`` names: a ``postgresql://`` URL
    or a SQLite file path."""
    return postgres.POSTGRES if is_database_url(target) else sqlite.SQLITE


def open_database(target: str, synchronous: str = "FULL", schema: str = "diundash") -> Database:
    """Open, and create when needed, the diundash database ``target`` names:
    a ``postgresql://`` URL (tables in ``schema``) or a SQLite file path.
    Refuses (``NotADiundashDatabase``) one that holds something else."""
    return engine_for(target).open(target, synchronous, schema)


def scratch_database() -> Database:
    """An empty in-memory SQLite database with diundash's tables, to fold a
    log into (time travel, verify) whatever engine holds the log itself."""
    return sqlite.scratch_database()


def execute_many(db: Database, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """Run ``sql`` (``?`` placeholders) once for each of ``rows``, in one
    call to the driver; errors are peewee's, as from ``execute_sql``."""
    cursor = db.cursor()
    try:
        with __exception_wrapper__:
            cursor.executemany(engine_of(db).placeholders(sql), rows)
    finally:
        cursor.close()


def write_transaction(db: Database) -> AbstractContextManager[Any]:
    """A transaction holding the log's write lock from its start, so
    concurrent writers (threads, processes, instances) queue and positions
    are handed out in order; nested, it joins the outer one."""
    return engine_of(db).write_transaction(db)


def roomy_cache(db: Database) -> AbstractContextManager[Any]:
    """A page cache big enough for a rebuild's writes while it lasts
    (SQLite's default 2 MiB spills a long transaction's pages to the WAL
    and reads them back); PostgreSQL's is the server's."""
    return engine_of(db).roomy_cache(db)


def read_snapshot(db: Database) -> AbstractContextManager[Any]:
    """A read transaction: every query inside sees one consistent state."""
    return engine_of(db).read_snapshot(db)


def codepoint_order(db: Database) -> str:
    """The collation clause that has ``ORDER BY`` sort text as Python does
    (by code point): SQLite's own (bytes of UTF-8), PostgreSQL's "C"."""
    return engine_of(db).codepoint_order


def image_of_event(db: Database) -> str:
    """The SQL expression (indexed) for the image a stored event concerns,
    whatever its stored version: at ``$.image``, or ``$.body.image`` for
    version 2 receipts."""
    return engine_of(db).image_of_event


def host_of_event(db: Database) -> str:
    """The SQL expression for the host a stored event concerns: a receipt's
    body's hostname, or the host named by a dismissal, forget or rename
    (NULL for those that meant every host)."""
    return engine_of(db).host_of_event


def change_signal(db: Database, moved: Callable[[], None]) -> ChangeSignal:
    """A token that changes whenever any connection commits to ``db``
    (``storage/changes.py``); ``moved`` is called when the PostgreSQL
    listener hears of a commit."""
    return engine_of(db).change_signal(db, moved)


def drop_broken_connection(db: Database) -> None:
    """Close this thread's connection if the server dropped it (PostgreSQL
    restarted, network cut), so the next query connects afresh."""
    if not db.is_closed() and not db.in_transaction() and not db.is_connection_usable():
        db.close()
