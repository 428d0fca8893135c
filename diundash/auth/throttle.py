"""Slowing down guessing, of the password and of the webhook secret.

A source (the client's address: see ``api/client_source.py``) that sent a
wrong one must wait before its next attempt is looked at at all: 1 s after
its first counted failure, then 2, 4, ... up to a minute. An attempt made in
the wait gets 429, whatever it carries: were a right one let through, the
guesser would learn from it at full speed. A source that has not failed is
never held up. Counts live in the database (``auth/failures.py``), so every
instance sharing it holds the same ones; an hour without a failure forgets
a source.

- Password: one attempt per source at a time (a second one sent while the
  first is checked gets 429), and failures are counted per user too: past
  ``USER_ALLOWANCE`` of them (guessing from many addresses), a source that
  has failed also waits for the user's wait, which every failure renews.
- Webhook secret: a right secret is checked first and costs nothing more
  (no database, no lock) unless its source is a suspect here. Only different
  wrong values count, and the first ``WEBHOOK_ALLOWANCE`` are free: a DIUN
  with an old secret repeats one wrong value, so neither it nor a DIUN with
  the right secret behind the same address is ever held up.
"""

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from peewee import Database

from diundash.auth.failures import Count, FailureCounts

MAX_DELAY_S = 60.0
# How long a claimed attempt keeps the next one of its source out, at most
# (a process that died while checking a password frees its source by then).
EVALUATION_HOLD_S = 30.0
CLAIMED_RETRY_S = 1.0
USER_ALLOWANCE = 10
WEBHOOK_ALLOWANCE = 2
MAX_SUSPECTS = 10_000

SIGN_IN, SIGN_IN_USER, WEBHOOK = "sign-in", "sign-in-user", "webhook"


def delay_after(failures: int) -> float:
    """The wait after the ``failures``-th counted failure: 1 s, doubling, up to a minute."""
    return 0.0 if failures <= 0 else min(2.0 ** (failures - 1), MAX_DELAY_S)


class SignInThrottle:
    """Password attempts: per source and per user, one at a time per source."""

    def __init__(self, db: Database, now: Callable[[], float] = time.time) -> None:
        self.db = db
        self.counts = FailureCounts(db)
        self.now = now

    def begin(self, source: str, user: str) -> float:
        """Claim the check of one password from ``source``: 0, or the seconds
        it must wait first (nothing claimed)."""
        now = self.now()
        with self.db.atomic():
            by_user = self.counts.read(SIGN_IN_USER, user, now)
            count = self.counts.locked(SIGN_IN, source, now)
            if count.claimed_until > now:
                return CLAIMED_RETRY_S  # another attempt of this source is being checked
            until = count.retry_at
            if count.failures and by_user.failures > USER_ALLOWANCE:
                until = max(until, by_user.retry_at)
            if until > now:
                return until - now
            claimed = replace(count, claimed_until=now + EVALUATION_HOLD_S)
            self.counts.write(SIGN_IN, source, claimed)
        return 0.0

    def failed(self, source: str, user: str) -> float:
        """Count a wrong password from ``source`` for ``user`` (and end the
        claim); returns the seconds ``source`` must now wait."""
        now = self.now()
        with self.db.atomic():
            count = self.counts.locked(SIGN_IN, source, now).with_failure(now)
            wait = delay_after(count.failures)
            self.counts.write(SIGN_IN, source, replace(count, retry_at=now + wait, claimed_until=0))
            by_user = self.counts.locked(SIGN_IN_USER, user, now).with_failure(now)
            user_wait = delay_after(by_user.failures - USER_ALLOWANCE)
            self.counts.write(SIGN_IN_USER, user, replace(by_user, retry_at=now + user_wait))
            self.counts.forget_old(now)
        return wait

    def succeeded(self, source: str) -> None:
        """The right password from ``source``: its count is cleared (the
        user's is not: other sources may be guessing)."""
        self.counts.clear(SIGN_IN, source)


@dataclass(frozen=True)
class Refusal:
    """A wrong webhook secret's answer: ``held`` (429: the source was in its
    wait, nothing was counted) or not (401), and the source's wait from now."""

    held: bool
    wait: float


def fingerprint(value: str) -> str:
    """What is kept of a wrong secret, to tell a repeated one from a new guess."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class WebhookThrottle:
    """Wrong webhook secrets per source; what this instance knows of the
    sources in a wait (its suspects) is kept in memory, so the webhook path
    of everyone else reads nothing."""

    def __init__(self, db: Database, now: Callable[[], float] = time.time) -> None:
        self.db = db
        self.counts = FailureCounts(db)
        self.now = now
        self._suspects: dict[str, float] = {}  # source: until when it waits
        self._checking: dict[str, float] = {}  # suspect: until when its attempt holds others
        self._lock = threading.Lock()

    @property
    def has_suspects(self) -> bool:
        """Whether any source is held here (if not, ``held`` is never needed)."""
        return bool(self._suspects)

    def held(self, source: str) -> float:
        """0 when the secret ``source`` sent may be looked at (and, for a
        suspect, claims that: one at a time), else the seconds left to wait."""
        if source not in self._suspects:
            return 0.0
        with self._lock:
            until, now = self._suspects.get(source, 0.0), self.now()
            if self._checking.get(source, 0.0) > now:
                return CLAIMED_RETRY_S
            if until > now:
                return until - now
            if source in self._suspects:
                self._checking[source] = now + EVALUATION_HOLD_S
            return 0.0

    def passed(self, source: str) -> None:
        """The right secret came from ``source``: it is no suspect here any more."""
        if source in self._suspects:
            self._suspect(source, None)

    def failed(self, source: str, secret: str) -> Refusal:
        """Count the wrong ``secret`` from ``source`` (unless it repeats one)."""
        now, seen = self.now(), fingerprint(secret)
        try:
            with self.db.atomic():
                count = self.counts.locked(WEBHOOK, source, now)
                if count.retry_at > now:
                    refusal = Refusal(held=True, wait=count.retry_at - now)
                else:
                    if not count.seen(seen):
                        count = count.with_failure(now, seen)
                        retry_at = now + delay_after(count.failures - WEBHOOK_ALLOWANCE)
                        count = replace(count, retry_at=retry_at)
                        self.counts.write(WEBHOOK, source, count)
                        self.counts.forget_old(now)
                    refusal = Refusal(held=False, wait=max(0.0, count.retry_at - now))
        finally:
            if source in self._checking:
                with self._lock:
                    self._checking.pop(source, None)
        self._suspect(source, now + refusal.wait if refusal.wait else None)
        return refusal

    def _suspect(self, source: str, until: float | None) -> None:
        with self._lock:
            self._checking.pop(source, None)
            if until is None:
                self._suspects.pop(source, None)
                return
            if len(self._suspects) >= MAX_SUSPECTS:
                now = self.now()
                self._suspects = {s: u for s, u in self._suspects.items() if u > now}
                if len(self._suspects) >= MAX_SUSPECTS:
                    self._suspects.clear()  # bounded memory; the database still holds them
            self._suspects[source] = until


__all__ = ["Count", "Refusal", "SignInThrottle", "WebhookThrottle", "delay_after"]
