"""Leases in the database: one holder at a time, among instances (each a
connection of its own here), taken over once the holder stops renewing."""

import threading
from datetime import UTC, datetime, timedelta

from diundash.leases import Leases
from tests.helpers import HandClock

NOON = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_only_one_holder_at_a_time_and_the_holder_renews(database, open_db):
    clock = HandClock(NOON)
    first = Leases(open_db(database), "first", clock)
    second = Leases(open_db(database), "second", clock)

    assert first.take("notify", MINUTE)
    assert not second.take("notify", MINUTE)
    clock.now += timedelta(seconds=50)
    assert first.take("notify", MINUTE)  # renewed: good for a minute from now
    clock.now += timedelta(seconds=50)
    assert not second.take("notify", MINUTE)
    assert second.holder_of("notify") == "first"


def test_a_lease_its_holder_stopped_renewing_is_taken_over(database, open_db):
    clock = HandClock(NOON)
    dead = Leases(open_db(database), "dead", clock)
    alive = Leases(open_db(database), "alive", clock)
    assert dead.take("notify", MINUTE)

    clock.now += MINUTE
    assert alive.take("notify", MINUTE)
    assert not dead.take("notify", MINUTE)  # it came back: too late
    assert alive.holder_of("notify") == "alive"


def test_a_released_lease_is_free_at_once_and_names_are_apart(database, open_db):
    clock = HandClock(NOON)
    first = Leases(open_db(database), "first", clock)
    second = Leases(open_db(database), "second", clock)
    with first.holding("notify", MINUTE) as taken:
        assert taken
        assert second.take("heartbeat", MINUTE)  # another lease
        second.release("notify")  # not its to release
        assert first.holder_of("notify") == "first"
    assert first.holder_of("notify") is None
    assert second.take("notify", MINUTE)


def test_instances_racing_for_a_lease_get_it_once(database, open_db):
    clock = HandClock(NOON)
    racers = [Leases(open_db(database), f"instance-{n}", clock) for n in range(6)]
    start, won = threading.Barrier(len(racers)), []

    def race(leases: Leases) -> None:
        start.wait()
        try:
            if leases.take("notify", MINUTE):
                won.append(leases.holder)
        finally:
            leases.db.close()  # this thread's connection

    threads = [threading.Thread(target=race, args=(each,)) for each in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(won) == 1
    assert racers[0].holder_of("notify") == won[0]
