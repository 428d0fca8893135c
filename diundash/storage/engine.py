"""One object per database engine, chosen when the database is opened.

What SQLite and PostgreSQL do differently sits in their ``Engine``
(``storage/sqlite.py``, ``storage/postgres.py``). The database an engine
opens carries it, and the rest of the code asks it, through the functions
of ``diundash.storage``, instead of testing which engine it has.
"""

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from peewee import Database

from diundash.storage.changes import ChangeSignal

_CREATE_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)")


def table_names(statements: Iterable[str]) -> frozenset[str]:
    """The tables ``statements`` (an engine's schema) create."""
    return frozenset(name for sql in statements for name in _CREATE_TABLE.findall(sql))


class Engine(ABC):
    """What differs between the engines: their SQL, their transactions,
    their tables and how they tell of other writers' commits."""

    # The collation clause that has ``ORDER BY`` sort text as Python does (by code point).
    codepoint_order: str
    # SQL expressions (the first indexed) for the image and the host a stored
    # event concerns, whatever its stored version: a receipt's body's image
    # and hostname, or those a dismissal, forget or rename names.
    image_of_event: str
    host_of_event: str
    # Every table diundash keeps, as its schema statements create them.
    tables: frozenset[str]

    def placeholders(self, sql: str) -> str:
        """``sql`` with the driver's placeholders for the ``?`` it is written with."""
        return sql

    @abstractmethod
    def open(self, target: str, synchronous: str, schema: str) -> Database:
        """Open, and create when needed, the diundash database ``target`` names."""

    @abstractmethod
    def write_transaction(self, db: Database) -> AbstractContextManager[Any]:
        """A transaction holding the log's write lock from its start."""

    @abstractmethod
    def read_snapshot(self, db: Database) -> AbstractContextManager[Any]:
        """A read transaction: every query inside sees one consistent state."""

    def roomy_cache(self, db: Database) -> AbstractContextManager[Any]:
        """A page cache big enough for a rebuild's writes while it lasts."""
        return nullcontext()

    @abstractmethod
    def change_signal(self, db: Database, moved: Callable[[], None]) -> ChangeSignal:
        """The cheap signal of other connections' commits to ``db``."""


def engine_of(db: Database) -> Engine:
    """The engine ``db`` was opened with (``diundash.storage.open_database``
    or ``scratch_database``)."""
    engine = getattr(db, "engine", None)
    if not isinstance(engine, Engine):
        raise TypeError(f"{db!r} was not opened through diundash.storage")
    return engine
