"""Group commit: requests that arrive together share one transaction.

With ``synchronous=FULL`` (SQLite) or ``synchronous_commit=on`` (PostgreSQL)
each commit waits for the disk, and DIUN must only get its 200 once the
webhook is there. So the writers take turns: whoever finds no commit in
progress takes every piece of work queued meanwhile (its own included), runs
each in a savepoint of one write transaction, and commits once; the others
wait for that commit and return their own outcome. A piece of work that is
refused (a ``CommandRejected``, a fault of its own) rolls back to its
savepoint and fails alone; a commit that fails fails the whole batch, and
nothing of it is stored. No thread of its own: the callers do the work.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from peewee import Database

from diundash.clock import Clock, format_utc
from diundash.events.store import last_recorded_at
from diundash.storage import write_transaction

MAX_BATCH = 256

Work = Callable[[str], Any]


@dataclass
class _Job:
    work: Work
    done: bool = False
    result: Any = None
    error: BaseException | None = field(default=None)

    def outcome(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.result


class GroupCommit:
    """Runs write work on ``db``, batched into shared transactions."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self._turn = threading.Condition()
        self._pending: list[_Job] = []
        self._committing = False

    def run(self, work: Work) -> Any:
        """Run ``work(recorded_at)`` in a write transaction and return what it
        returns (or raise what it raised) once that transaction is committed."""
        job = _Job(work)
        with self._turn:
            self._pending.append(job)
        while True:
            with self._turn:
                while self._committing and not job.done:
                    self._turn.wait()
                if job.done:
                    return job.outcome()
                self._committing = True
                batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                self._commit(batch)
            finally:
                with self._turn:
                    self._committing = False
                    self._turn.notify_all()

    def _commit(self, batch: list[_Job]) -> None:
        try:
            with write_transaction(self.db):
                # Read once the write lock is held, and never earlier than the
                # newest event: the log keeps its times in position order.
                now = max(format_utc(self.clock()), last_recorded_at(self.db))
                if len(batch) == 1:  # alone: its transaction is its savepoint
                    (job,) = batch
                    job.result = job.work(now)
                else:
                    for job in batch:
                        try:
                            with self.db.atomic():  # a savepoint: a refusal undoes it alone
                                job.result = job.work(now)
                        except Exception as error:
                            job.error = error
        except BaseException as error:  # not committed: nothing of the batch is stored
            # (alone, the work's own refusal lands here too, rolled back, as it should)
            for job in batch:
                if job.error is None:
                    job.error, job.result = error, None
            if not isinstance(error, Exception):
                raise
        finally:
            for job in batch:
                job.done = True
