"""Slowing down password guessing: after each wrong password from an
address, the next attempt from it must wait twice as long as the one before
(1 s, 2 s, 4 s, ... up to a minute); a right one clears it. Kept per
process: each instance slows its own guessers."""

import threading
import time
from collections.abc import Callable

MAX_DELAY_S = 60.0
MAX_TRACKED = 10_000


class SignInThrottle:
    """Per-address failure counts and the time each may try again."""

    def __init__(self, timer: Callable[[], float] = time.monotonic) -> None:
        self.timer = timer
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def wait_left(self, address: str) -> float:
        """Seconds ``address`` must still wait before its next attempt (0: none)."""
        with self._lock:
            _, allowed_at = self._failures.get(address, (0, 0.0))
        return max(0.0, allowed_at - self.timer())

    def failed(self, address: str) -> None:
        with self._lock:
            if len(self._failures) >= MAX_TRACKED:
                self._failures.clear()  # bounded memory; guessers start over at 1 s
            count, _ = self._failures.get(address, (0, 0.0))
            delay = min(2.0**count, MAX_DELAY_S)
            self._failures[address] = (count + 1, self.timer() + delay)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)
