"""The guard both importers share: they write only into an empty log."""

from collections.abc import Iterator
from contextlib import contextmanager

from peewee import Database

from diundash.events.store import last_position
from diundash.projections.rebuild import clear_read_tables
from diundash.storage import write_transaction


class LogNotEmpty(RuntimeError):
    """Imports only go into a database whose log is empty."""


@contextmanager
def into_empty_log(db: Database, command: str) -> Iterator[None]:
    """One write transaction on a log that must be empty, starting from
    empty read tables; ``LogNotEmpty`` (naming ``command``) otherwise."""
    with write_transaction(db):
        existing = last_position(db)
        if existing:
            raise LogNotEmpty(
                f"the log already holds {existing} events; {command} needs an empty database"
            )
        clear_read_tables(db)
        yield
