"""Background work beside the requests: what runs on a schedule or after a
delay (reading each host's DIUN metrics, sending notifications), never on a
request's path.

One thread runs every job. A job says when it next wants to run
(``due_at``: an aware UTC time, or None for nothing to do) and does its
work in ``run``; the thread sleeps until the earliest due time, or until
``wake`` (a commit that may have given a job something to do) or ``stop``.
A job that raises is logged and asked again for its next due time: one
failing job never stops the others. Tests drive ``run_due`` with a frozen
clock instead of the thread, so no test sleeps for a schedule.
"""

import logging
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from diundash.clock import Clock, utc_now

log = logging.getLogger("diundash.jobs")
# The longest the thread sleeps without looking at the due times again: a
# job whose due time moves without a wake (a clock change) is late by at most this.
MAX_SLEEP_S = 30.0


class Job(Protocol):
    """Work that runs beside the requests."""

    name: str

    def due_at(self, now: datetime) -> datetime | None:
        """When this job next wants to run (``now`` or earlier: at once);
        None when it has nothing to do until something wakes it."""
        ...

    def run(self, now: datetime) -> None:
        """Do the work that was due at ``now``."""
        ...


class JobRunner:
    """Runs ``jobs`` on one thread of its own once started."""

    def __init__(self, jobs: Sequence[Job] = (), clock: Clock = utc_now) -> None:
        self.jobs = list(jobs)
        self.clock = clock
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, job: Job) -> None:
        """Run ``job`` too (before ``start``)."""
        self.jobs.append(job)

    def run_due(self, now: datetime | None = None) -> list[str]:
        """Run each job that is due at ``now`` (the clock's time by default);
        the names of those that ran."""
        now = now or self.clock()
        ran = []
        for job in self.jobs:
            try:
                due = job.due_at(now)
                if due is not None and due <= now:
                    ran.append(job.name)
                    job.run(now)
            except Exception:
                log.exception("background job %s failed; it runs again when next due", job.name)
        return ran

    def seconds_to_next(self, now: datetime) -> float:
        """How long the thread may sleep from ``now``: until the earliest due
        time, at most ``MAX_SLEEP_S``."""
        wait = MAX_SLEEP_S
        for job in self.jobs:
            try:
                due = job.due_at(now)
            except Exception:
                log.exception("background job %s cannot say when it is due", job.name)
                continue
            if due is not None:
                wait = min(wait, max(0.0, (due - now).total_seconds()))
        return wait

    def wake(self) -> None:
        """Something happened that may make a job due sooner (cheap: a flag)."""
        self._wake.set()

    def start(self) -> None:
        """Run the jobs on a thread of their own until ``stop``; nothing to
        start when there are no jobs."""
        if self.jobs and self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="diundash-jobs", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread, letting a job that is running finish (up to ``timeout``)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()  # before running: a wake meanwhile is not lost
            self.run_due()
            self._wake.wait(self.seconds_to_next(self.clock()))
