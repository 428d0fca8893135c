"""Failure counts in the database (``auth_failures``), one row per scope and
subject (an address, a user), so every instance sharing the database holds
the same count. Each operation is one short transaction that locks the row
it changes (SQLite: the write lock; PostgreSQL: the row), never the log's
lock: throttling a guesser does not hold up webhooks on PostgreSQL."""

from dataclasses import dataclass

from peewee import Database

# A count an hour without a failure starts over, and its row is deleted.
FORGET_AFTER_S = 3600.0
RECENT_KEPT = 8

_COLUMNS = "failures, recent, retry_at, last_failed_at, claimed_until"
LOCK_ROW = (
    f"INSERT INTO auth_failures (scope, subject, {_COLUMNS}) VALUES (?, ?, 0, '', 0, 0, 0) "
    "ON CONFLICT (scope, subject) DO UPDATE SET failures = auth_failures.failures "
    f"RETURNING {_COLUMNS}"
)
READ_ROW = f"SELECT {_COLUMNS} FROM auth_failures WHERE scope = ? AND subject = ?"
WRITE_ROW = (
    "UPDATE auth_failures SET failures = ?, recent = ?, retry_at = ?, last_failed_at = ?, "
    "claimed_until = ? WHERE scope = ? AND subject = ?"
)


@dataclass(frozen=True)
class Count:
    """Failures of one subject: how many, fingerprints of the latest wrong
    values (space-separated), when the next attempt may be looked at, when
    the last one failed, and until when an attempt being checked holds the
    others (Unix seconds)."""

    failures: int = 0
    recent: str = ""
    retry_at: float = 0.0
    last_failed_at: float = 0.0
    claimed_until: float = 0.0

    def seen(self, fingerprint: str) -> bool:
        return fingerprint in self.recent.split()

    def with_failure(self, now: float, fingerprint: str = "") -> "Count":
        """One more failure at ``now`` (``retry_at`` is the caller's to set)."""
        recent = [*self.recent.split(), fingerprint] if fingerprint else self.recent.split()
        recent_text = " ".join(recent[-RECENT_KEPT:])
        return Count(self.failures + 1, recent_text, self.retry_at, now, self.claimed_until)


def _count(row: tuple[int, str, float, float, float] | None, now: float) -> Count:
    if row is None:
        return Count()
    failures, recent, retry_at, last_failed_at, claimed_until = row
    if max(retry_at, last_failed_at) < now - FORGET_AFTER_S:
        return Count(claimed_until=float(claimed_until))  # an hour without a failure
    return Count(
        int(failures), recent, float(retry_at), float(last_failed_at), float(claimed_until)
    )


class FailureCounts:
    """Reads and writes the counts; ``locked`` and ``write`` go inside ``db.atomic()``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def read(self, scope: str, subject: str, now: float) -> Count:
        """The count as it stands, without locking it."""
        return _count(self.db.execute_sql(READ_ROW, (scope, subject)).fetchone(), now)

    def locked(self, scope: str, subject: str, now: float) -> Count:
        """The count, its row created if missing and locked until the transaction ends."""
        return _count(self.db.execute_sql(LOCK_ROW, (scope, subject)).fetchone(), now)

    def write(self, scope: str, subject: str, count: Count) -> None:
        self.db.execute_sql(
            WRITE_ROW,
            (
                count.failures,
                count.recent,
                count.retry_at,
                count.last_failed_at,
                count.claimed_until,
                scope,
                subject,
            ),
        )

    def clear(self, scope: str, subject: str) -> None:
        with self.db.atomic():
            self.db.execute_sql(
                "DELETE FROM auth_failures WHERE scope = ? AND subject = ?", (scope, subject)
            )

    def forget_old(self, now: float) -> None:
        """Delete the rows an hour past their last failure, wait and claim (a
        count never outlives that, so the table holds only recent guessers)."""
        cutoff = now - FORGET_AFTER_S
        self.db.execute_sql(
            "DELETE FROM auth_failures "
            "WHERE retry_at < ? AND last_failed_at < ? AND claimed_until < ?",
            (cutoff, cutoff, cutoff),
        )
