"""Progress of a long operator command (export, import), told on a stream:
``imported 120000 events (12%), 9800 events/s``. On a terminal the line is
rewritten in place; elsewhere (``--progress`` into a log) one line a report."""

import time
from collections.abc import Callable
from typing import Protocol, TextIO


class Progress(Protocol):
    """What export and import report as they go."""

    def advance(self, events: int, share: float | None) -> None:
        """``events`` done so far, ``share`` of the whole work (when known)."""

    def stage(self, text: str) -> None:
        """A step with no count of its own begins (``text`` says which)."""


class ProgressLine:
    """``Progress`` written to ``stream``, with the rate since it was made."""

    def __init__(
        self, verb: str, stream: TextIO, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.verb = verb
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.in_place = stream.isatty()
        self.line_open = False  # a line rewritten in place, not ended yet

    def advance(self, events: int, share: float | None) -> None:
        elapsed = max(self.clock() - self.started, 1e-6)
        done = f" ({share:.0%})" if share is not None else ""
        self._show(f"{self.verb} {events} events{done}, {events / elapsed:.0f} events/s")

    def stage(self, text: str) -> None:
        self._show(text)
        self.end()

    def end(self) -> None:
        """End the line rewritten in place, so what follows starts afresh."""
        if self.line_open:
            self.stream.write("\n")
            self.stream.flush()
            self.line_open = False

    def _show(self, text: str) -> None:
        if self.in_place:  # back to the line's start, then erase what is left of it
            self.stream.write(f"\r{text}\x1b[K")
            self.line_open = True
        else:
            self.stream.write(f"{text}\n")
        self.stream.flush()
