"""Group commit: requests that arrive together share one transaction.

With ``synchronous=FULL`` (SQLite) or ``synchronous_commit=on`` (PostgreSQL)
each commit waits for the disk, and DIUN must only get its 200 once the
webhook is there. So the writers take turns. One that finds no commit in
progress commits its own work at once, alone, waking nobody. Those that
arrive meanwhile queue, each waiting on a lock of its own; when the commit is
done, the oldest of them is handed the turn: it takes every piece of work
queued by then (its own included, up to ``max_batch``), runs them in one
write transaction, commits once, hands the turn on to the
oldest left waiting, if any, and wakes the others of its batch. So each
commit wakes only the writers it answers and the one that leads next, and
the writers are served in the order they queued: none waits for more than
the commit in progress and the batches queued before it.

A piece of work that is refused (a ``CommandRejected``, a fault of its own)
fails alone: the batch is rolled back and the rest of it run again, each
piece in a savepoint (none is taken until a refusal calls for it: each
costs two statements); a commit that fails fails the whole batch, and
nothing of it is stored. The clock is read once the write
lock is held, and never earlier than the newest event. No thread of its own:
the callers do the work.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from peewee import Database

from diundash.clock import Clock, format_utc
from diundash.events.store import last_recorded_at
from diundash.storage import write_transaction

MAX_BATCH = 256
# One name for every job's savepoint (they never nest), unlike peewee's
# random ones: the statements are the same text each time, so the driver's
# statement cache keeps them.
SAVEPOINT = "group_commit_job"

Work = Callable[[str], Any]


@dataclass
class _Job:
    work: Work
    done: bool = False
    result: Any = None
    error: BaseException | None = field(default=None)
    # Held while the job waits in the queue; released once, by the writer that
    # committed it (done) or that hands it the turn (not done).
    wake: "threading.Lock | None" = None

    def outcome(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.result


class GroupCommit:
    """Runs write work on ``db``, batched into shared transactions of at
    most ``max_batch`` pieces of work."""

    def __init__(self, db: Database, clock: Clock, max_batch: int = MAX_BATCH) -> None:
        self.db = db
        self.clock = clock
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._pending: list[_Job] = []  # queued while a commit is in progress
        self._committing = False  # a writer holds the turn

    def run(self, work: Work) -> Any:
        """Run ``work(recorded_at)`` in a write transaction and return what it
        returns (or raise what it raised) once that transaction is committed."""
        job = _Job(work)
        with self._lock:
            if self._committing:
                job.wake = threading.Lock()
                job.wake.acquire()
                self._pending.append(job)
            else:
                self._committing = True
        if job.wake is not None:
            job.wake.acquire()  # committed by another writer, or handed the turn
            if job.done:
                return job.outcome()
            with self._lock:  # the turn: everything queued, this job first
                batch = self._pending[: self.max_batch]
                del self._pending[: self.max_batch]
        else:
            batch = [job]
        try:
            self._commit(batch)
        finally:
            self._pass_turn(job, batch)
        return job.outcome()

    def _pass_turn(self, leader: _Job, batch: list[_Job]) -> None:
        """Hand the turn to the oldest writer waiting (first: the next commit
        waits on no one else), or give it up; then wake the batch's writers."""
        with self._lock:
            successor = self._pending[0] if self._pending else None
            if successor is None:
                self._committing = False
        if successor is not None:
            assert successor.wake is not None
            successor.wake.release()
        for job in batch:
            if job is not leader:
                assert job.wake is not None
                job.wake.release()

    def _commit(self, batch: list[_Job]) -> None:
        try:
            refused = self._run_together(batch)
            if refused is not None and len(batch) > 1:
                job, now = refused
                self._run_apart([each for each in batch if each is not job], now)
        except BaseException as error:  # not committed: nothing of the batch is stored
            for job in batch:
                if job.error is None:
                    job.error, job.result = error, None
            if not isinstance(error, Exception):
                raise
        finally:
            for job in batch:
                job.done = True

    def _now(self, earliest: str) -> str:
        # Read once the write lock is held, and never earlier than the newest
        # event: the log keeps its times in position order.
        return max(earliest, last_recorded_at(self.db))

    def _run_together(self, batch: list[_Job]) -> tuple[_Job, str] | None:
        """Run every job of ``batch`` in one transaction, with no savepoint
        (two statements a job, each a round trip on PostgreSQL, for what
        almost never happens): what is usual. When a job raises, the transaction is
        rolled back whole and that job is returned with the time it ran at;
        a failed commit raises."""
        running: _Job | None = None
        now = ""
        try:
            with write_transaction(self.db):
                now = self._now(format_utc(self.clock()))
                for running in batch:
                    running.result = running.work(now)
                running = None
        except Exception as error:
            if running is None:  # the commit (or the clock) failed: the whole batch fails
                raise
            running.error, running.result = error, None
            return running, now
        return None

    def _run_apart(self, jobs: list[_Job], now: str) -> None:
        """Run ``jobs`` again, each in a savepoint, after one job of their
        batch was refused and rolled it all back: a refusal undoes only its
        own job. The time stays the batch's unless another writer stored a
        later one meanwhile; a failed commit raises."""
        with write_transaction(self.db):
            now = self._now(now)
            for job in jobs:
                job.result = None
                try:
                    with _savepoint(self.db):
                        job.result = job.work(now)
                except Exception as error:
                    job.error = error


@contextmanager
def _savepoint(db: Database) -> Iterator[None]:
    """A savepoint around one job: released when it succeeds, rolled back
    (and released) when it raises."""
    db.execute_sql(f"SAVEPOINT {SAVEPOINT}")
    try:
        yield
    except BaseException:
        db.execute_sql(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
        db.execute_sql(f"RELEASE SAVEPOINT {SAVEPOINT}")
        raise
    db.execute_sql(f"RELEASE SAVEPOINT {SAVEPOINT}")
