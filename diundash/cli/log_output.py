"""Where the process's log lines go: standard error, from a thread of their own.

A thread that logs only queues the record; the handler's writer thread
formats it and writes it to standard error with every other queued one,
then rests a moment (``PERIOD``), so that a busy server's lines are written
a few times a second, not one write per request.

A request's thread that wrote its access-log line itself gave up the GIL
for the write and waited for it again behind the other threads (and a
listener woken for each record, as ``logging.handlers.QueueListener`` is,
wakes a thread per request). With the access log on, the ``304`` made 0.54
to 0.58 of the bare app's rate written at once, 0.66 to 0.72 this way
(``python -m benchmarks.poll --access-log --also OLD_TREE``).

``SimpleQueue`` takes a record even from a signal handler that interrupts a
``put`` (the stop signals log). Closing the handler writes every queued
line, so none is lost at exit.
"""

import logging
import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
PERIOD = 0.2  # seconds a line may wait to be written


class BatchedStderr(logging.Handler):
    """Queues each record; its writer thread writes a record to standard
    error as soon as it comes, with any queued behind it, then rests for
    ``PERIOD`` seconds: a line logged alone is written at once, and lines
    logged many a second are written a few times a second, together."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter(FORMAT))
        self.records: queue.SimpleQueue[logging.LogRecord | None] = queue.SimpleQueue()
        self.closing = threading.Event()
        self.writer = threading.Thread(target=self._write_until_closed, name="log writer")
        self.writer.daemon = True
        self.writer.start()

    def handle(self, record: logging.LogRecord) -> bool:
        # No lock: the queue is thread-safe. The message is formatted here,
        # as its arguments may change before the writer gets to it.
        try:
            record.msg, record.args = record.getMessage(), None
        except Exception:
            self.handleError(record)
            return False
        self.records.put(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:
        self.handle(record)

    def close(self) -> None:
        """Write every queued record, and stop the writer."""
        self.closing.set()
        self.records.put(None)  # wakes the writer if it waits for a record
        if self.writer.is_alive():
            self.writer.join()
        super().close()

    def _write_until_closed(self) -> None:
        while not self.closing.is_set():
            self._write([self.records.get()])
            self.closing.wait(PERIOD)
        self._write([])

    def _write(self, records: list[logging.LogRecord | None]) -> None:
        while True:  # and those queued behind
            try:
                records.append(self.records.get_nowait())
            except queue.Empty:
                break
        lines = []
        for record in records:
            if record is None:
                continue
            try:
                lines.append(self.format(record) + "\n")
            except Exception:
                self.handleError(record)
        if lines:
            try:
                sys.stderr.write("".join(lines))
                sys.stderr.flush()
            except (OSError, ValueError):  # standard error closed or gone: nowhere to say so
                pass


@contextmanager
def logging_to_stderr(level: str | int) -> Iterator[None]:
    """Log at ``level`` and above to standard error while in the block;
    nothing changes when the root logger already has a handler (a test's,
    an embedding program's), as with ``logging.basicConfig``."""
    root = logging.getLogger()
    if root.handlers:
        yield
        return
    # The format uses none of these: a record need not look them up (the
    # logging HOWTO's "Optimization"), nor find its caller's frame.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None
    handler = BatchedStderr()
    root.setLevel(level)
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
        handler.close()
