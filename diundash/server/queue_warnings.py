"""waitress's "Task queue depth is N": at most one line a minute.

waitress warns each time a request has to wait for a free worker thread.
That tells an operator to raise ``THREADS`` when it goes on, but a burst
(DIUN posting a run's webhooks at once, a page opening beside them) gives a
line per request: 1,400 lines in six seconds under the benchmark's load. This
filter lets one through a minute, and that one says how many it stands for
and the deepest queue among them.
"""

import logging
import threading
import time
from collections.abc import Callable

QUEUE_LOGGER = "waitress.queue"
INTERVAL_S = 60.0


class QueueWarnings(logging.Filter):
    """Passes the first record, then one per ``interval`` seconds, which
    counts those held back since the last one passed."""

    def __init__(
        self, interval: float = INTERVAL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.interval, self.clock = interval, clock
        self._lock = threading.Lock()
        self._next_at = float("-inf")
        self._held = self._deepest = 0

    def filter(self, record: logging.LogRecord) -> bool:
        depth = record.args[0] if isinstance(record.args, tuple) and record.args else 0
        with self._lock:
            self._deepest = max(self._deepest, depth if isinstance(depth, int) else 0)
            if self.clock() < self._next_at:
                self._held += 1
                return False
            held, deepest = self._held, self._deepest
            self._held = self._deepest = 0
            self._next_at = self.clock() + self.interval
        since = f"{held} held back since the last, the deepest {deepest}" if held else "first"
        record.msg = (
            f"{record.getMessage()} (one such line a minute at most: {since}; "
            "raise THREADS if they go on)"
        )
        record.args = None
        return True


def hold_back_queue_warnings() -> None:
    """Put the filter on waitress's queue logger, once per process."""
    logger = logging.getLogger(QUEUE_LOGGER)
    if not any(isinstance(each, QueueWarnings) for each in logger.filters):
        logger.addFilter(QueueWarnings())
