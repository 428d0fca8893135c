"""The process's log lines, queued and written by a thread of their own
(``cli/log_output.py``): every line reaches standard error, in order, soon
after it is logged and all of them by the end. Each case runs in a process
of its own: under pytest the root logger has handlers already."""

import re
import select
import subprocess
import sys

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


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stderr


def test_every_line_from_every_thread_is_written_in_order_by_the_end():
    written = _run(MANY_THREADS).splitlines()

    logged = [LINE.fullmatch(line) for line in written]
    info = [found.group(2) for found in logged if found and found.group(1) == "INFO"]
    assert len(info) == 8 * 500
    for n in range(8):
        assert [line for line in info if line.startswith(f"thread {n} ")] == [
            f"thread {n} line {i}" for i in range(500)
        ]
    assert not any("hidden" in line for line in written)  # below the level


def test_a_traceback_and_a_message_that_does_not_format_are_reported_not_raised():
    written = _run(MANY_THREADS)

    assert "ERROR diundash.test it failed\nTraceback (most recent call last):" in written
    assert "ZeroDivisionError: division by zero" in written
    assert "--- Logging error ---" in written  # logging's own report of 'bad %d'
    assert written.rstrip().endswith("WARNING diundash.test last")  # and logging went on


def test_a_line_is_written_while_the_process_still_runs():
    with subprocess.Popen(
        [sys.executable, "-c", STILL_RUNNING],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdin is not None
        assert process.stderr is not None
        readable, _, _ = select.select([process.stderr], [], [], 10)
        assert readable, "nothing written in 10 s"
        line = process.stderr.readline()
        assert line.rstrip().endswith("INFO diundash.test written while running")
        assert process.poll() is None  # not at exit: the process is waiting
        process.stdin.close()
        process.wait(timeout=10)
