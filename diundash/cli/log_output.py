"""Where the process's log lines go: standard error, written by a thread of
their own.

A thread that logs formats the message (its arguments may change later) and
queues the record; the handler's writer thread formats the line and writes
it to standard error with every other queued one (a few writes of up to
``WRITE_PIECE`` characters), then rests a moment
(``PERIOD``, cut short by a warning or an error), so that a busy server's
lines are written a few times a second, not one write per request.

A request's thread that wrote its access-log line itself gave up the GIL
for the write and waited for it again behind the other threads (and a
listener woken for each record, as ``logging.handlers.QueueListener`` is,
wakes a thread per request). With the access log on, the ``304`` made 0.52
to 0.58 of the bare app's rate written at once, 0.66 to 0.77 this way (four
runs of ``python -m benchmarks.poll --access-log --also OLD_TREE``).

Queuing a record takes no lock of the handler's (and writing one after the
block a reentrant one), so a signal handler may log while the thread it
interrupted was logging (the stop signals log). When standard
error does not keep up (a stalled log pipe), records beyond ``MAX_QUEUED``
are dropped and counted rather than held in memory or left to stall the
requests. Leaving the block writes every queued line, and from then on each
line is written at once, by the thread that logs it (a request still being
answered at exit).
"""

import logging
import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
PERIOD = 0.2  # seconds an INFO line may wait to be written
MAX_QUEUED = 100_000  # records (about 40 MB); more are dropped, and counted
CLOSE_TIMEOUT = 5.0  # seconds to write what is queued at exit
# Characters a write takes at most: a pipe takes up to 4,096 bytes whole
# (PIPE_BUF), where a longer write may be cut by others' writes. Written a
# batch at a time, 2 of 240 runs of the many-threads test in
# tests/unit/test_log_output.py (three at once) had a line cut by logging's
# own error report, written meanwhile; in pieces, none of 480.
WRITE_PIECE = 4000


class BatchedStderr(logging.Handler):
    """Queues each record; its writer thread writes a record to standard
    error as soon as it comes, with any queued behind it, then rests for
    ``PERIOD`` seconds or until a warning comes: a line logged alone is
    written at once, and lines logged many a second are written a few times
    a second, together. Closed, it writes each record at once."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter(FORMAT))
        self.records: queue.SimpleQueue[logging.LogRecord | None] = queue.SimpleQueue()
        self.closed, self.wake = threading.Event(), threading.Event()
        self.dropped = 0
        self.writer = threading.Thread(target=self._write_until_closed, name="log writer")
        self.writer.daemon = True
        self.writer.start()

    def handle(self, record: logging.LogRecord) -> bool:
        if not self.filter(record):
            return False
        try:
            record.msg, record.args = record.getMessage(), None
        except Exception:
            self.handleError(record)
            return False
        if self.closed.is_set():
            self.acquire()  # reentrant: a signal handler may log meanwhile
            try:
                self._write([record])
            finally:
                self.release()
        elif self.records.qsize() >= MAX_QUEUED:
            self.dropped += 1  # approximate under threads: it is only reported
        else:
            self.records.put(record)
            if record.levelno >= logging.WARNING:
                self.wake.set()
        return True

    def emit(self, record: logging.LogRecord) -> None:
        self.handle(record)

    def close(self) -> None:
        """Write every queued record and stop the writer; records logged
        after this are written at once."""
        self.closed.set()
        self.records.put(None)  # wakes the writer if it waits for a record
        self.wake.set()
        if self.writer.is_alive() and self.writer is not threading.current_thread():
            self.writer.join(CLOSE_TIMEOUT)
        super().close()

    def _write_until_closed(self) -> None:
        while not self.closed.is_set():
            try:
                self._write([self.records.get()])
            except Exception:  # the writer must not die: records would pile up
                continue
            self.wake.wait(PERIOD)
            self.wake.clear()
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
        dropped, self.dropped = self.dropped, 0
        if dropped:
            lines.append(f"{dropped} log line(s) dropped: standard error did not keep up\n")
        stream = sys.stderr
        if lines and stream is not None:  # None: no standard error (closed at start)
            try:
                for piece in _pieces(lines):
                    stream.write(piece)
                stream.flush()
            except (OSError, ValueError):  # closed or gone since: nowhere to say so
                pass


def _pieces(lines: list[str]) -> Iterator[str]:
    """``lines`` joined into pieces of at most ``WRITE_PIECE`` characters
    (or one longer line), each piece one write."""
    piece: list[str] = []
    size = 0
    for line in lines:
        if piece and size + len(line) > WRITE_PIECE:
            yield "".join(piece)
            piece, size = [], 0
        piece.append(line)
        size += len(line)
    if piece:
        yield "".join(piece)


@contextmanager
def logging_to_stderr(level: str | int) -> Iterator[None]:
    """Log at ``level`` and above to standard error, queued while in the
    block and written at once after it. Nothing changes when the root logger
    already has a handler (a test's, an embedding program's), as with
    ``logging.basicConfig``."""
    root = logging.getLogger()
    if root.handlers:
        yield
        return
    # The format uses none of these: a record need not look them up, nor
    # find its caller's frame (the logging HOWTO's "Optimization"; so
    # ``stack_info`` is not collected either).
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None
    handler = BatchedStderr()
    root.setLevel(level)
    root.addHandler(handler)
    try:
        yield
    finally:
        handler.close()
