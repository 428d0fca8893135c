"""Group commit: work that queues while a commit is in progress shares the
next transaction; a refusal in a batch fails alone."""

import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest

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


@pytest.fixture
def writer(database, open_db):
    db = open_db(database)
    return GroupCommit(db, CountingClock())


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
