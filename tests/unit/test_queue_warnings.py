"""waitress's queue-depth warnings held to one line a minute
(``server/queue_warnings.py``), through a real logger."""

import logging

import pytest

from diundash.server.queue_warnings import QueueWarnings


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def queue_log():
    now = [1000.0]
    logger = logging.getLogger("diundash.test.queue")
    lines = Lines()
    logger.addHandler(lines)
    logger.propagate = False
    logger.addFilter(QueueWarnings(interval=60, clock=lambda: now[0]))
    yield logger, lines.lines, now
    logger.filters.clear()
    logger.removeHandler(lines)


def test_the_first_warning_passes_and_says_the_rest_are_held_back(queue_log):
    logger, lines, _ = queue_log

    for depth in (1, 2, 5, 3):
        logger.warning("Task queue depth is %d", depth)

    assert lines == [
        "Task queue depth is 1 (one such line a minute at most: first; raise THREADS if they go on)"
    ]


def test_a_minute_on_one_passes_with_how_many_were_held_and_the_deepest(queue_log):
    logger, lines, now = queue_log
    for depth in (1, 2, 7, 3):
        logger.warning("Task queue depth is %d", depth)
    now[0] += 59.9
    logger.warning("Task queue depth is %d", 2)
    now[0] += 0.2

    logger.warning("Task queue depth is %d", 4)

    assert len(lines) == 2
    assert lines[1] == (
        "Task queue depth is 4 (one such line a minute at most: 4 held back since the "
        "last, the deepest 7; raise THREADS if they go on)"
    )


def test_after_a_quiet_minute_the_next_warning_is_a_first_again(queue_log):
    logger, lines, now = queue_log
    logger.warning("Task queue depth is %d", 1)
    now[0] += 600

    logger.warning("Task queue depth is %d", 1)

    assert lines[1].endswith("(one such line a minute at most: first; raise THREADS if they go on)")
