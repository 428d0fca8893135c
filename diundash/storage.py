"""The storage seam: how diundash opens a transaction on its database.

Everything that differs between database engines sits here; the event
store, the projector and the queries are written once on top of it.
"""

from contextlib import AbstractContextManager
from typing import Any

from peewee import Database


def write_transaction(db: Database) -> AbstractContextManager[Any]:
    """A transaction that holds the log's write lock from its first statement
    (SQLite: ``BEGIN IMMEDIATE``), so concurrent writers queue instead of
    failing to upgrade a read lock, and positions are handed out in order."""
    return db.atomic()


def read_snapshot(db: Database) -> AbstractContextManager[Any]:
    """A read transaction: every query inside sees one consistent state."""
    return db.atomic(lock_type="DEFERRED")
