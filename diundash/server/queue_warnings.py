"""waitress's "Task queue depth is N": at most one line a minute.

waitress warns each time a request has to wait for a free worker thread.
That tells an operator to raise ``THREADS`` when it goes on, but a burst
(DIUN posting a run's webhooks at once, a page opening beside them) gives a
line per request: 1,400 lines in six seconds under the benchmark's load. This
filter lets one through, then counts the rest; the serving loop asks it
(``report_held``) to log, once the minute is over, how many it held back and
the deepest queue among them, and once more at the end.
"""

import logging
import threading
import time
from collections.abc import Callable

QUEUE_LOGGER = "waitress.queue"
INTERVAL_S = 60.0

log = logging.getLogger("diundash")


class QueueWarnings(logging.Filter):
    """Passes a record, then holds back (and counts) those that follow
    within ``interval`` seconds of the last line about them."""

    def __init__(
        self, interval: float = INTERVAL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.interval, self.clock = interval, clock
        self._lock = threading.Lock()
        self._quiet_until = float("-inf")
        self._held = self._deepest = 0

    def filter(self, record: logging.LogRecord) -> bool:
        depth = record.args[0] if isinstance(record.args, tuple) and record.args else 0
        with self._lock:
            if self.clock() < self._quiet_until:
                self._held += 1
                self._deepest = max(self._deepest, depth if isinstance(depth, int) else 0)
                return False
            self._quiet_until = self.clock() + self.interval
        record.msg = (
            f"{record.getMessage()} (a request waited for a worker thread; more such "
            f"waits are counted, and told every {self.interval:g} s)"
        )
        record.args = None
        return True

    def report_held(self, final: bool = False) -> None:
        """Log how many were held back once their ``interval`` is over (or
        now, when ``final``); nothing when none were."""
        if not self._held:  # the serving loop asks often: no lock to say no
            return
        with self._lock:
            now = self.clock()
            if not self._held or (now < self._quiet_until and not final):
                return
            held, deepest = self._held, self._deepest
            self._held = self._deepest = 0
            self._quiet_until = now + self.interval
        log.warning(
            "%d more request(s) waited for a worker thread since the last such line, "
            "at most %d queued: raise THREADS if this goes on",
            held,
            deepest,
        )


def hold_back_queue_warnings() -> QueueWarnings:
    """The filter on waitress's queue logger, put there once per process."""
    logger = logging.getLogger(QUEUE_LOGGER)
    for each in logger.filters:
        if isinstance(each, QueueWarnings):
            return each
    installed = QueueWarnings()
    logger.addFilter(installed)
    return installed
