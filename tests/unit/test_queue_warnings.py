"""waitress's queue-depth warnings held to one line a minute, and the rest
counted and told (``server/queue_warnings.py``), through real loggers."""

import logging

import pytest

from diundash.server.queue_warnings import QueueWarnings

FIRST = "(a request waited for a worker thread; more such waits are counted, and told every 60 s)"


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def queue_log():
    """A logger with the filter on it, and a clock the test moves; what it
    and diundash's logger wrote."""
    now = [1000.0]
    logger, told = logging.getLogger("diundash.test.queue"), logging.getLogger("diundash")
    lines = Lines()
    kept = logger.propagate
    logger.propagate = False
    for each in (logger, told):
        each.addHandler(lines)
    watch = QueueWarnings(interval=60, clock=lambda: now[0])
    logger.addFilter(watch)
    yield logger, watch, lines.lines, now
    logger.removeFilter(watch)
    for each in (logger, told):
        each.removeHandler(lines)
    logger.propagate = kept


def test_the_first_warning_passes_and_the_rest_of_the_minute_are_held(queue_log):
    logger, watch, lines, now = queue_log

    for depth in (1, 2, 5, 3):
        logger.warning("Task queue depth is %d", depth)
    now[0] += 59
    watch.report_held()  # not a minute yet

    assert lines == [f"Task queue depth is 1 {FIRST}"]


def test_after_the_minute_the_held_ones_are_told_with_the_deepest(queue_log):
    logger, watch, lines, now = queue_log
    for depth in (1, 2, 7, 3):
        logger.warning("Task queue depth is %d", depth)
    now[0] += 60.1

    watch.report_held()
    watch.report_held()  # told once

    assert lines[1:] == [
        "3 more request(s) waited for a worker thread since the last such line, "
        "at most 7 queued: raise THREADS if this goes on"
    ]


def test_under_a_long_burst_one_line_a_minute(queue_log):
    logger, watch, lines, now = queue_log
    for _ in range(10 * 60 * 5):  # ten minutes of five a second
        logger.warning("Task queue depth is %d", 2)
        now[0] += 0.2
        watch.report_held()

    watch.report_held(final=True)

    assert 10 <= len(lines) <= 12
    told = [int(line.split()[0]) for line in lines[1:]]
    assert 1 + sum(told) == 10 * 60 * 5  # every wait told


def test_at_the_end_the_held_ones_are_told_at_once(queue_log):
    logger, watch, lines, _ = queue_log
    logger.warning("Task queue depth is %d", 1)
    logger.warning("Task queue depth is %d", 4)

    watch.report_held(final=True)

    assert lines[1].startswith("1 more request(s) waited for a worker thread")


def test_after_a_quiet_minute_the_next_warning_passes_again(queue_log):
    logger, watch, lines, now = queue_log
    logger.warning("Task queue depth is %d", 1)
    now[0] += 600
    watch.report_held()  # none held: nothing to tell

    logger.warning("Task queue depth is %d", 1)

    assert lines == [f"Task queue depth is 1 {FIRST}"] * 2
