"""The throttles' counts, on both engines: the waits they impose, one
password attempt per source at a time, counts shared by every instance on a
database, a source that has not failed never held up, and rows that do not
outlive an hour without a failure."""

from collections.abc import Callable

import pytest
from peewee import Database

from diundash.auth.failures import FORGET_AFTER_S
from diundash.auth.throttle import (
    CLAIMED_RETRY_S,
    USER_ALLOWANCE,
    WEBHOOK_ALLOWANCE,
    SignInThrottle,
    WebhookThrottle,
)
from tests.databases import query_db

USER = "admin"


class Clock:
    """Unix seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(database: str, open_db: Callable[..., Database]) -> Database:
    return open_db(database)


def attempt_failed(throttle: SignInThrottle, source: str) -> float:
    assert throttle.begin(source, USER) == 0
    return throttle.failed(source, USER)


def test_the_wait_doubles_with_each_wrong_password_up_to_a_minute(db, clock):
    throttle = SignInThrottle(db, clock)

    waits = []
    for _ in range(8):
        waits.append(attempt_failed(throttle, "192.0.2.1"))
        assert throttle.begin("192.0.2.1", USER) == waits[-1]  # must wait it out
        clock.now += waits[-1]

    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]


def test_the_right_password_clears_the_sources_count(db, clock):
    throttle = SignInThrottle(db, clock)
    for _ in range(3):
        clock.now += attempt_failed(throttle, "192.0.2.1")

    assert throttle.begin("192.0.2.1", USER) == 0
    throttle.succeeded("192.0.2.1")

    assert attempt_failed(throttle, "192.0.2.1") == 1


def test_one_password_attempt_per_source_is_checked_at_a_time(db, clock):
    throttle = SignInThrottle(db, clock)

    first = throttle.begin("192.0.2.1", USER)
    second = throttle.begin("192.0.2.1", USER)  # while the first is being checked
    elsewhere = throttle.begin("192.0.2.2", USER)

    assert (first, second, elsewhere) == (0, CLAIMED_RETRY_S, 0)
    throttle.failed("192.0.2.1", USER)
    assert throttle.begin("192.0.2.1", USER) == 1


def test_the_counts_are_shared_by_every_instance_on_the_database(database, open_db, clock):
    one = SignInThrottle(open_db(database), clock)
    other = SignInThrottle(open_db(database), clock)

    attempt_failed(one, "192.0.2.1")

    assert other.begin("192.0.2.1", USER) == 1
    assert other.begin("192.0.2.2", USER) == 0


def test_many_sources_guessing_hold_every_failed_source_but_never_a_clean_one(db, clock):
    throttle = SignInThrottle(db, clock)
    guessers = [f"198.51.100.{n}" for n in range(1, USER_ALLOWANCE + 6)]
    for guesser in guessers:
        attempt_failed(throttle, guesser)
    clock.now += 2  # every guesser's own wait (1 s) is over

    held = [throttle.begin(guesser, USER) for guesser in guessers]

    assert all(wait > 2 for wait in held)  # the user's wait, renewed by every failure
    assert throttle.begin("192.0.2.77", USER) == 0


def test_an_hour_without_a_failure_forgets_a_source_and_deletes_its_row(db, database, clock):
    throttle = SignInThrottle(db, clock)
    for _ in range(5):
        clock.now += attempt_failed(throttle, "192.0.2.1")

    clock.now += FORGET_AFTER_S + 61
    attempt_failed(throttle, "192.0.2.2")  # any failure sweeps the old rows

    subjects = query_db(database, "SELECT subject FROM auth_failures ORDER BY subject")
    assert subjects == [("192.0.2.2",), (USER,)]
    assert attempt_failed(throttle, "192.0.2.1") == 1  # from the start


def test_a_webhook_source_is_held_from_its_third_different_wrong_secret(db, clock):
    throttle = WebhookThrottle(db, clock)

    refusals = [throttle.failed("192.0.2.1", f"guess-{n}") for n in range(WEBHOOK_ALLOWANCE + 1)]

    assert [r.held for r in refusals] == [False] * (WEBHOOK_ALLOWANCE + 1)
    assert [r.wait for r in refusals] == [0] * WEBHOOK_ALLOWANCE + [1]
    assert throttle.held("192.0.2.1") == 1
    assert throttle.failed("192.0.2.1", "guess-x").held
    clock.now += 1
    assert throttle.held("192.0.2.1") == 0  # claimed: one look, then
    assert throttle.failed("192.0.2.1", "guess-y").wait == 2


def test_a_repeated_wrong_webhook_secret_counts_once(db, clock):
    throttle = WebhookThrottle(db, clock)

    refusals = [throttle.failed("192.0.2.1", "an-old-secret") for _ in range(50)]

    assert not any(r.held or r.wait for r in refusals)
    assert not throttle.has_suspects
    assert throttle.held("192.0.2.1") == 0


def test_a_webhook_source_held_on_one_instance_is_held_on_another(database, open_db, clock):
    one = WebhookThrottle(open_db(database), clock)
    other = WebhookThrottle(open_db(database), clock)
    for n in range(WEBHOOK_ALLOWANCE + 1):
        one.failed("192.0.2.1", f"guess-{n}")

    assert other.held("192.0.2.1") == 0  # nothing known here yet: it looks once
    assert other.failed("192.0.2.1", "guess-x").held  # and learns from the database
    assert other.held("192.0.2.1") == 1


def test_the_right_webhook_secret_ends_a_suspicion(db, clock):
    throttle = WebhookThrottle(db, clock)
    for n in range(WEBHOOK_ALLOWANCE + 1):
        throttle.failed("192.0.2.1", f"guess-{n}")
    clock.now += 1

    assert throttle.held("192.0.2.1") == 0
    throttle.passed("192.0.2.1")

    assert not throttle.has_suspects
