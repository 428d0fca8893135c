"""Group commit: work that queues while a commit is in progress shares the
next transaction; a refusal in a batch fails alone, a failed commit fails its
batch; the writers hand the turn on without losing one, oldest first."""

import json
import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from peewee import DatabaseError

from diundash.commands import record_event
from diundash.errors import UnknownImage
from diundash.events.types import Audit, UpdateReceived
from diundash.group_commit import GroupCommit
from tests.helpers import log_rows

AUDIT = Audit(source="cli")
WAIT = 10.0


class CountingClock:
    """The wall clock, counting its readings: one per committed batch."""

    def __init__(self) -> None:
        self.readings = 0

    def __call__(self) -> datetime:
        self.readings += 1
        return datetime.now(UTC)


def receive(db: Any, image: str) -> Any:
    def work(now: str) -> str:
        record_event(db, UpdateReceived(body={"image": image}, received_at=now), AUDIT, now)
        return image

    return work


def refuse(now: str) -> None:
    raise UnknownImage("never/seen:1")


def fail_at_commit(db: Any) -> Any:
    """Work that the database refuses only at COMMIT (a deferred foreign key),
    so the whole transaction fails, whatever else it holds."""

    def work(now: str) -> None:
        db.execute_sql(
            "CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY, parent INTEGER "
            "REFERENCES doomed (id) DEFERRABLE INITIALLY DEFERRED)"
        )
        db.execute_sql("INSERT INTO doomed (id, parent) VALUES (1, 2)")

    return work


@pytest.fixture
def writer(database, open_db):
    db = open_db(database)
    return GroupCommit(db, CountingClock())


class Writers:
    """Threads that each run one piece of work through ``writer``, queued one
    after another behind a first commit held open, so the order in which they
    queued is known."""

    def __init__(self, writer: GroupCommit) -> None:
        self.writer = writer
        self.outcomes: dict[str, Any] = {}
        self.threads: list[threading.Thread] = []
        self.gate, self.started = threading.Event(), threading.Event()

    def _run(self, name: str, work: Any) -> None:
        try:
            self.outcomes[name] = self.writer.run(work)
        except Exception as error:
            self.outcomes[name] = error
        finally:
            self.writer.db.close()  # this thread's connection, if it led a commit

    def start(self, name: str, work: Any) -> None:
        self.threads.append(threading.Thread(target=self._run, args=(name, work)))
        self.threads[-1].start()

    def hold_a_commit_open(self) -> None:
        def held(now: str) -> str:
            self.started.set()
            assert self.gate.wait(WAIT)
            return "held"

        self.start("held", held)
        assert self.started.wait(WAIT)

    def queue(self, name: str, work: Any) -> None:
        queued = len(self.writer._pending)
        self.start(name, work)
        deadline = time.monotonic() + WAIT
        while len(self.writer._pending) == queued and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(self.writer._pending) == queued + 1, f"{name} did not queue"

    def release_and_join(self) -> None:
        self.gate.set()
        for thread in self.threads:
            thread.join(WAIT)
        assert not any(thread.is_alive() for thread in self.threads), "a writer never woke"


def test_work_queued_during_a_commit_shares_the_next_transaction(writer, database):
    gate, started = threading.Event(), threading.Event()
    outcomes: dict[str, Any] = {}

    def first(now: str) -> str:
        started.set()
        assert gate.wait(WAIT)
        return "first"

    def run(name: str, work: Any) -> None:
        try:
            outcomes[name] = writer.run(work)
        except Exception as error:
            outcomes[name] = error
        finally:
            writer.db.close()  # this thread's connection, if it led a commit

    threads = [threading.Thread(target=run, args=("first", first))]
    threads[0].start()
    assert started.wait(WAIT)
    works = {f"img/{n}:1": receive(writer.db, f"img/{n}:1") for n in range(5)}
    works["refused"] = refuse
    for name, work in works.items():
        threads.append(threading.Thread(target=run, args=(name, work)))
        threads[-1].start()
    deadline = time.monotonic() + WAIT
    while len(writer._pending) < len(works) and time.monotonic() < deadline:
        time.sleep(0.01)
    gate.set()
    for thread in threads:
        thread.join(WAIT)

    assert writer.clock.readings == 2  # two commits: the first's, then all six queued at once
    assert outcomes["first"] == "first"
    assert isinstance(outcomes["refused"], UnknownImage)
    images = sorted(name for name in works if name != "refused")
    assert sorted(outcomes[name] for name in images) == images
    rows = log_rows(database)
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5]  # the refusal took no position
    assert len({row[4] for row in rows}) == 1  # one transaction: one recorded_at


def test_one_caller_alone_commits_its_own_work_at_once(writer, database):
    assert writer.run(receive(writer.db, "a/b:1")) == "a/b:1"
    with pytest.raises(UnknownImage):
        writer.run(refuse)

    assert [row[0] for row in log_rows(database)] == [1]
    assert writer.clock.readings == 2


def test_the_oldest_waiting_writers_commit_next_in_batches_of_at_most_max_batch(database, open_db):
    clock = CountingClock()
    writer = GroupCommit(open_db(database), clock, max_batch=2)
    writers = Writers(writer)
    writers.hold_a_commit_open()
    images = [f"img/{n}:1" for n in range(5)]
    for image in images:
        writers.queue(image, receive(writer.db, image))
    writers.release_and_join()

    assert [writers.outcomes[image] for image in images] == images
    # The held commit, then the five in queue order: 2, 2 and 1.
    assert clock.readings == 4
    rows = log_rows(database)
    assert [orjson_image(row) for row in rows] == images
    times = [row[4] for row in rows]
    assert times[0] == times[1]
    assert times[2] == times[3]
    assert writer._pending == []
    assert not writer._committing


def projected_position(db: Any) -> int:
    return int(db.execute_sql("SELECT position FROM projection_state WHERE id = 1").fetchone()[0])


def test_a_batch_records_the_position_of_its_newest_event_projected(database, open_db):
    writer = GroupCommit(open_db(database), CountingClock())
    writers = Writers(writer)
    writers.hold_a_commit_open()
    for n in range(3):
        writers.queue(f"img/{n}:1", receive(writer.db, f"img/{n}:1"))
    writers.queue("refused", refuse)
    writers.release_and_join()

    assert [row[0] for row in log_rows(database)] == [1, 2, 3]
    assert projected_position(writer.db) == 3
    writer.run(receive(writer.db, "img/alone:1"))
    assert projected_position(writer.db) == 4


def refuse_after_writing(db: Any, image: str) -> Any:
    """Work that stores a receipt of ``image``, then is refused."""

    def work(now: str) -> None:
        receive(db, image)(now)
        raise UnknownImage("never/seen:1")

    return work


def test_work_refused_after_writing_undoes_only_its_own_writes_in_its_batch(database, open_db):
    clock = CountingClock()
    writer = GroupCommit(open_db(database), clock)
    writers = Writers(writer)
    writers.hold_a_commit_open()
    writers.queue("before", receive(writer.db, "a/before:1"))
    writers.queue("refused", refuse_after_writing(writer.db, "a/refused:1"))
    writers.queue("after", receive(writer.db, "a/after:1"))
    writers.release_and_join()

    assert writers.outcomes["before"] == "a/before:1"
    assert isinstance(writers.outcomes["refused"], UnknownImage)
    assert writers.outcomes["after"] == "a/after:1"
    rows = log_rows(database)
    assert [orjson_image(row) for row in rows] == ["a/before:1", "a/after:1"]
    assert [row[0] for row in rows] == [1, 2]  # the refusal took no position
    assert rows[0][4] == rows[1][4]  # one batch: one recorded_at
    assert clock.readings == 2  # the held commit's, then the batch's (run again, same time)


def test_a_failed_commit_fails_its_whole_batch_and_the_turn_passes_on(database, open_db):
    writer = GroupCommit(open_db(database), CountingClock())
    writers = Writers(writer)
    writers.hold_a_commit_open()
    writers.queue("kept out", receive(writer.db, "a/kept-out:1"))
    writers.queue("doomed", fail_at_commit(writer.db))
    writers.release_and_join()

    assert writers.outcomes["held"] == "held"
    assert isinstance(writers.outcomes["doomed"], DatabaseError)
    # It shared the failed transaction: nothing of it is stored, and it is told.
    assert isinstance(writers.outcomes["kept out"], DatabaseError)
    assert log_rows(database) == []
    # The turn was given back: the next writer commits at once, alone.
    assert writer.run(receive(writer.db, "a/after:1")) == "a/after:1"
    assert [orjson_image(row) for row in log_rows(database)] == ["a/after:1"]


def test_a_writer_alone_whose_commit_fails_gives_the_turn_back(writer, database):
    with pytest.raises(DatabaseError):
        writer.run(fail_at_commit(writer.db))

    assert writer.run(receive(writer.db, "a/b:1")) == "a/b:1"
    assert [orjson_image(row) for row in log_rows(database)] == ["a/b:1"]


def test_many_writers_at_once_each_get_their_own_outcome_and_none_is_lost(writer, database):
    threads, per_thread = 8, 25
    outcomes: dict[tuple[int, int], Any] = {}

    def client(number: int) -> None:
        try:
            for n in range(per_thread):
                work = refuse if n % 5 == 4 else receive(writer.db, f"t{number}/{n}:1")
                try:
                    outcomes[number, n] = writer.run(work)
                except Exception as error:
                    outcomes[number, n] = error
        finally:
            writer.db.close()

    running = [threading.Thread(target=client, args=(number,)) for number in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join(4 * WAIT)
    assert not any(thread.is_alive() for thread in running), "a writer never woke"

    stored = sorted(orjson_image(row) for row in log_rows(database))
    expected = sorted(
        f"t{number}/{n}:1" for number in range(threads) for n in range(per_thread) if n % 5 != 4
    )
    assert stored == expected  # each exactly once
    for (number, n), outcome in outcomes.items():
        if n % 5 == 4:
            assert isinstance(outcome, UnknownImage)
        else:
            assert outcome == f"t{number}/{n}:1"
    assert len(outcomes) == threads * per_thread
    assert writer.clock.readings <= len(expected) + threads * per_thread // 5
    assert writer._pending == []
    assert not writer._committing


def orjson_image(row: tuple[Any, ...]) -> str:
    """The image of a stored receipt (row of ``log_rows``)."""
    data = row[3] if isinstance(row[3], dict) else json.loads(row[3])
    return str(data["body"]["image"])
