"""The read state in memory (``projections/read_state.py``): asked of the
database only after a commit, by any connection, on both engines."""

import time
from collections.abc import Callable

from peewee import Database

from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.projections.read_state import ReadStateCache
from diundash.storage import is_database_url

# A PostgreSQL listener hears of another connection's commit a moment later.
HEARD_WITHIN = 5.0


def listening(cache: ReadStateCache) -> ReadStateCache:
    cache.current()  # starts PostgreSQL's listener
    deadline = time.monotonic() + HEARD_WITHIN
    while cache.signal.token() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert cache.signal.token() is not None, "no change signal"
    return cache


def record(db: Database, image: str) -> None:
    Commands(db).record_webhook({"image": image}, Audit(source="cli"))


def test_the_state_is_read_once_until_something_commits(
    database: str, open_db: Callable[..., Database]
):
    cache = listening(ReadStateCache(open_db(database)))

    state = cache.current()

    assert cache.current() is state  # the same object: from memory, not read again


def test_a_commit_through_another_connection_shows_at_the_next_read(
    database: str, open_db: Callable[..., Database]
):
    cache = listening(ReadStateCache(open_db(database)))
    before = cache.current()

    record(open_db(database), "ghcr.io/other/connection:1")

    deadline = time.monotonic() + (HEARD_WITHIN if is_database_url(database) else 0)
    while cache.current() == before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert cache.current().position == before.position + 1


def test_a_commit_of_this_process_moves_it_before_the_command_returns(
    database: str, open_db: Callable[..., Database]
):
    db = open_db(database)
    cache = listening(ReadStateCache(db))
    before = cache.current()

    Commands(db, on_commit=cache.moved).record_webhook({"image": "a/b:1"}, Audit(source="cli"))

    assert cache.current().position == before.position + 1
