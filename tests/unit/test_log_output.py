"""The process's log lines, queued and written by a thread of their own
(``cli/log_output.py``): every line reaches standard error, in order, soon
after it is logged and all of them by the end. Each case runs in a process
of its own: under pytest the root logger has handlers already."""

import os
import re
import select
import subprocess
import sys

import pytest

# Eight threads log 500 lines each at once; the block then ends.
MANY_THREADS = """
import logging, threading
from diundash.cli.log_output import logging_to_stderr
with logging_to_stderr("INFO"):
    log = logging.getLogger("diundash.test")
    def lines(n):
        for i in range(500):
            log.info("thread %d line %d", n, i)
        log.debug("thread %d hidden", n)
    threads = [threading.Thread(target=lines, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("it failed")
    log.warning("bad %d", "not a number")
    log.warning("last")
"""

# One line, then the process waits for its standard input to close.
STILL_RUNNING = """
import logging, sys
from diundash.cli.log_output import logging_to_stderr
with logging_to_stderr("INFO"):
    logging.getLogger("diundash.test").info("written while running")
    sys.stdin.read()
"""

LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (\w+) diundash\.test (.*)")


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )


def _read_lines(fd: int, count: int, timeout: float = 10) -> list[str]:
    """The first ``count`` lines written to ``fd``, as they come (fewer if
    they do not come within ``timeout`` seconds)."""
    text = ""
    while text.count("\n") < count and select.select([fd], [], [], timeout)[0]:
        piece = os.read(fd, 65536).decode()
        if not piece:
            break
        text += piece
    return text.splitlines()[:count]


@pytest.fixture(scope="module")
def many_threads() -> str:
    """What ``MANY_THREADS`` wrote to standard error."""
    return _run(MANY_THREADS).stderr


def test_every_line_from_every_thread_is_written_in_order_by_the_end(many_threads):
    written = many_threads.splitlines()

    logged = [LINE.fullmatch(line) for line in written]
    info = [found.group(2) for found in logged if found and found.group(1) == "INFO"]
    others = [line for line, found in zip(written, logged, strict=True) if not found]
    assert len(info) == 8 * 500, others[:20]
    for n in range(8):
        assert [line for line in info if line.startswith(f"thread {n} ")] == [
            f"thread {n} line {i}" for i in range(500)
        ]
    assert not any("hidden" in line for line in written)  # below the level


def test_a_traceback_and_a_message_that_does_not_format_are_reported_not_raised(many_threads):
    written = many_threads

    assert "ERROR diundash.test it failed\nTraceback (most recent call last):" in written
    assert "ZeroDivisionError: division by zero" in written
    assert "--- Logging error ---" in written  # logging's own report of 'bad %d'
    assert written.rstrip().endswith("WARNING diundash.test last")  # and logging went on


def _first_lines_while_running(code: str, count: int) -> list[str]:
    """The first ``count`` lines ``code`` writes to standard error while it
    still runs (it waits for its standard input to close)."""
    with subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdin is not None
        assert process.stderr is not None
        lines = _read_lines(process.stderr.fileno(), count)
        assert process.poll() is None  # not at exit: the process is waiting
        process.stdin.close()
        process.wait(timeout=10)
    return lines


def test_a_line_is_written_while_the_process_still_runs():
    (line,) = _first_lines_while_running(STILL_RUNNING, 1)

    assert line.endswith("INFO diundash.test written while running")


# A warning right behind an INFO line, while the writer rests (made long).
WARNING_BEHIND = """
import logging, sys, time
from diundash.cli import log_output
log_output.PERIOD = 60
with log_output.logging_to_stderr("INFO"):
    log = logging.getLogger("diundash.test")
    log.info("first")
    time.sleep(0.5)  # written; the writer rests
    log.info("second")
    log.error("an error")
    sys.stdin.read()
"""


def test_a_warning_cuts_the_writers_rest_short():
    lines = _first_lines_while_running(WARNING_BEHIND, 3)

    assert [line.split(" diundash.test ")[1] for line in lines] == ["first", "second", "an error"]


# Standard error that nobody reads for a while: the queue holds MAX_QUEUED.
NOBODY_READS = """
import logging, sys
from diundash.cli import log_output
log_output.MAX_QUEUED = 1000
with log_output.logging_to_stderr("INFO"):
    log = logging.getLogger("diundash.test")
    for n in range(5000):
        log.info("line %d %s", n, "x" * 100)
    print("logged", flush=True)
"""


def test_lines_standard_error_cannot_take_are_dropped_and_counted():
    with subprocess.Popen(
        [sys.executable, "-c", NOBODY_READS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "logged\n"  # all logged before stderr is read
        _, written = process.communicate(timeout=30)

    lines = [line for line in written.splitlines() if " diundash.test line " in line]
    dropped = [line for line in written.splitlines() if "dropped" in line]
    count = sum(int(line.split()[0]) for line in dropped)
    assert count > 0
    assert len(lines) + count == 5000
    numbers = [int(line.split(" line ")[1].split()[0]) for line in lines]
    assert numbers == sorted(numbers)  # what is written keeps its order


# No standard error at all (closed before the start).
NO_STDERR = """
import logging, sys, time
from diundash.cli.log_output import logging_to_stderr
with logging_to_stderr("INFO"):
    sys.stderr = None
    for n in range(10):
        logging.getLogger("diundash.test").warning("nowhere %d", n)
    time.sleep(0.5)
    (handler,) = logging.getLogger().handlers
    print(handler.writer.is_alive(), handler.records.qsize())
"""


def test_with_no_standard_error_the_writer_lives_and_keeps_nothing():
    assert _run(NO_STDERR).stdout.split() == ["True", "0"]


# Logged after the block (a request still answered at exit), then a hard exit.
AFTER_THE_BLOCK = """
import logging, os, threading
from diundash.cli.log_output import logging_to_stderr
with logging_to_stderr("INFO"):
    logging.getLogger("diundash.test").info("inside")
late = threading.Thread(target=logging.getLogger("diundash.test").info, args=("after",))
late.start()
late.join()
os._exit(0)  # no logging.shutdown
"""


def test_a_line_logged_after_the_block_is_written_at_once():
    written = _run(AFTER_THE_BLOCK).stderr

    assert [line.split(" diundash.test ")[1] for line in written.splitlines()] == [
        "inside",
        "after",
    ]
