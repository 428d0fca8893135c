"""The read state in memory (``projections/read_state.py``): asked of the
database only after a commit, by any connection, on both engines."""

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from peewee import Database

from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.projections.read_state import ReadStateCache
from diundash.storage import is_database_url
from tests.helpers import HandClock

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


def test_the_state_moves_by_itself_when_a_snooze_ends(
    database: str, open_db: Callable[..., Database]
):
    db = open_db(database)
    clock = HandClock(datetime(2026, 3, 23, 10, 0, tzinfo=UTC))
    cache = listening(ReadStateCache(db, clock=clock))
    commands = Commands(db, clock, on_commit=cache.moved)
    commands.record_webhook({"image": "a/b:1"}, Audit(source="cli"))
    commands.dismiss("a/b:1", Audit(source="api"), until=clock.now + timedelta(hours=1))
    snoozed = cache.current()

    clock.now += timedelta(minutes=59)
    assert cache.current() == snoozed  # nothing changed yet
    clock.now += timedelta(minutes=1)
    ended = cache.current()

    assert ended.position == snoozed.position  # no event: time alone
    assert ended != snoozed
    assert ended.etag != snoozed.etag
    assert ended.next_change is None
    assert snoozed.next_change == "2026-03-23T11:00:00.000000Z"
    clock.now += timedelta(days=1)
    assert cache.current() == ended  # no snooze left to end
