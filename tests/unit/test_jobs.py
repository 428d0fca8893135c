"""The background job runner: due jobs run, a failing one never stops the
others, a wake makes the thread look again at once."""

import threading
from datetime import UTC, datetime, timedelta

from diundash.jobs import MAX_SLEEP_S, JobRunner

NOON = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


class Recording:
    """A job due at ``due`` that records the times it ran at."""

    def __init__(self, name: str, due: datetime | None, fails: bool = False) -> None:
        self.name, self.due, self.fails = name, due, fails
        self.ran: list[datetime] = []
        self.ran_once = threading.Event()

    def due_at(self, now: datetime) -> datetime | None:
        return self.due

    def run(self, now: datetime) -> None:
        self.ran.append(now)
        self.ran_once.set()
        if self.fails:
            raise RuntimeError("the channel is down")
        self.due = None  # done until something gives it work again


def test_only_the_jobs_that_are_due_run():
    due, later, idle = (
        Recording("due", NOON),
        Recording("later", NOON + timedelta(minutes=1)),
        Recording("idle", None),
    )
    runner = JobRunner([due, later, idle])
    assert runner.run_due(NOON) == ["due"]
    assert due.ran == [NOON]
    assert later.ran == []
    assert idle.ran == []
    assert runner.run_due(NOON + timedelta(minutes=1)) == ["later"]


def test_a_failing_job_is_logged_and_the_others_still_run(caplog):
    failing, fine = Recording("failing", NOON, fails=True), Recording("fine", NOON)
    runner = JobRunner([failing, fine])
    assert runner.run_due(NOON) == ["failing", "fine"]
    assert fine.ran == [NOON]
    assert "background job failing failed" in caplog.text
    assert runner.run_due(NOON + timedelta(seconds=1)) == ["failing"]  # still due: tried again


def test_the_thread_sleeps_until_the_earliest_due_time_at_most_the_longest_sleep():
    runner = JobRunner([Recording("a", NOON + timedelta(seconds=5)), Recording("b", None)])
    assert runner.seconds_to_next(NOON) == 5
    assert JobRunner([Recording("b", None)]).seconds_to_next(NOON) == MAX_SLEEP_S
    assert runner.seconds_to_next(NOON + timedelta(minutes=1)) == 0


def test_a_wake_makes_the_thread_run_a_job_that_became_due():
    job = Recording("later", None)
    runner = JobRunner([job])
    runner.start()
    try:
        job.due = datetime(2000, 1, 1, tzinfo=UTC)  # due long ago, but nobody said so yet
        runner.wake()
        assert job.ran_once.wait(MAX_SLEEP_S / 2), "the wake did not make the thread look"
    finally:
        runner.stop()
    assert runner._thread is not None
    assert not runner._thread.is_alive()
