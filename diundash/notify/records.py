"""What the notifier reads: the pending updates (the read tables), which
notifications went out (``notifications``, ``reminded_updates``: projected
from ``NotificationSent``) and the receipts a batch covers (the log).
Nothing here writes: every send is recorded as an event, through
``Commands``."""

from dataclasses import dataclass
from typing import Any

import orjson
from peewee import Database

from diundash.clock import Clock, format_utc, utc_now
from diundash.events.store import decode
from diundash.events.types import NotificationSent
from diundash.notify.messages import PendingUpdate
from diundash.projections.entry_states import PENDING

_UPDATE_COLUMNS = (
    "hostname, image, digest, status, received_at, receipt_position, change, previous_tag"
)
PENDING_UPDATES = f"SELECT {_UPDATE_COLUMNS} FROM host_updates WHERE {PENDING}"
# A batch: the pending entries whose latest receipt it covers.
PENDING_RECEIVED_BETWEEN = (
    PENDING_UPDATES + " AND receipt_position > ? AND receipt_position <= ? AND received_at >= ?"
)
NOT_REMINDED = (
    " AND NOT EXISTS (SELECT 1 FROM reminded_updates r "
    "WHERE r.receipt_position = host_updates.receipt_position)"
)
DUE_REMINDERS = PENDING_UPDATES + " AND received_at <= ?" + NOT_REMINDED
EARLIEST_UNREMINDED = f"SELECT min(received_at) FROM host_updates WHERE {PENDING}" + NOT_REMINDED
FIRST_RECEIPT_AFTER = (
    "SELECT position, recorded_at FROM events WHERE type = 'UpdateReceived' "
    "AND position > ? AND recorded_at >= ? ORDER BY position LIMIT 1"
)
LAST_BEFORE = "SELECT max(position) FROM events WHERE position > ? AND recorded_at < ?"
LAST_POSITION = "SELECT coalesce(max(position), 0) FROM events"
BATCH_CURSOR = "SELECT coalesce(max(covered_to), 0) FROM notifications WHERE kind = 'new'"
LAST_DIGEST = (
    "SELECT slot, covered_to FROM notifications WHERE kind = 'digest' AND slot IS NOT NULL "
    "ORDER BY slot DESC LIMIT 1"
)
ATTEMPTED = "SELECT channel FROM notifications WHERE key = ?"
RETRIES = (
    "SELECT key, channel, attempts, retry_at, position FROM notifications "
    "WHERE outcome = 'failed' AND retry_at IS NOT NULL ORDER BY retry_at"
)
EVENT_AT = "SELECT position, type, version, data, recorded_at FROM events WHERE position = ?"
# What the Notifications view lists of each notification, newest first.
HISTORY_FIELDS = (
    "key",
    "channel",
    "kind",
    "title",
    "outcome",
    "attempts",
    "first_attempt_at",
    "last_attempt_at",
    "retry_at",
    "error",
)
HISTORY = (
    f"SELECT {', '.join(HISTORY_FIELDS)} FROM notifications "
    "ORDER BY last_attempt_at DESC, key, channel LIMIT ?"
)


@dataclass(frozen=True)
class Retry:
    """A notification that failed on ``channel`` and is to be tried again
    at ``retry_at``; ``position`` is its last attempt's event."""

    key: str
    channel: str
    attempts: int
    retry_at: str
    position: int


def _updates(rows: Any) -> list[PendingUpdate]:
    return [PendingUpdate(*row) for row in rows]


class NotificationRecords:
    """The reads of the notifier, on ``db``."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock

    def _now(self) -> str:
        # What is pending depends on the time too: a snooze ends by itself.
        return format_utc(self.clock())

    def _one(self, sql: str, *params: Any) -> Any:
        row = self.db.execute_sql(sql, params).fetchone()
        return None if row is None else row[0]

    def pending(self) -> list[PendingUpdate]:
        """Every pending update, host by host."""
        return _updates(self.db.execute_sql(PENDING_UPDATES, (self._now(),)))

    def pending_received(self, after: int, upto: int, not_before: str) -> list[PendingUpdate]:
        """The pending updates whose latest receipt is in the log after
        position ``after``, up to ``upto``, and not before ``not_before``."""
        return _updates(
            self.db.execute_sql(PENDING_RECEIVED_BETWEEN, (self._now(), after, upto, not_before))
        )

    def first_receipt_after(self, position: int, not_before: str) -> tuple[int, str] | None:
        """The first receipt after ``position`` (and not before the time
        ``not_before``): its position and time."""
        row = self.db.execute_sql(FIRST_RECEIPT_AFTER, (position, not_before)).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def last_position_before(self, after: int, moment: str) -> int:
        """The last position after ``after`` recorded before ``moment`` (``after`` if none)."""
        return int(self._one(LAST_BEFORE, after, moment) or after)

    def last_position(self) -> int:
        return int(self._one(LAST_POSITION))

    def batch_cursor(self) -> int:
        """The last receipt a batch of new updates covered (0: none yet)."""
        return int(self._one(BATCH_CURSOR))

    def last_digest(self) -> tuple[str, int] | None:
        """The slot of the latest digest, and the log position it was built at."""
        row = self.db.execute_sql(LAST_DIGEST).fetchone()
        return None if row is None else (str(row[0]), int(row[1] or 0))

    def due_reminders(self, received_before: str) -> list[PendingUpdate]:
        """Pending updates received at or before ``received_before`` that no
        reminder told of yet."""
        return _updates(self.db.execute_sql(DUE_REMINDERS, (self._now(), received_before)))

    def earliest_unreminded(self) -> str | None:
        """When the longest-waiting update no reminder told of arrived."""
        found = self._one(EARLIEST_UNREMINDED, self._now())
        return None if found is None else str(found)

    def attempted_channels(self, key: str) -> set[str]:
        """The channels notification ``key`` was attempted on already."""
        return {row[0] for row in self.db.execute_sql(ATTEMPTED, (key,))}

    def retries(self) -> list[Retry]:
        """Every failed notification with an attempt left, soonest first."""
        return [Retry(*row) for row in self.db.execute_sql(RETRIES)]

    def attempt(self, position: int) -> NotificationSent:
        """The recorded attempt at ``position`` (its text, to send again)."""
        row = self.db.execute_sql(EVENT_AT, (position,)).fetchone()
        event = decode(row[0], row[1], row[2], orjson.loads(row[3]), row[4])
        if not isinstance(event, NotificationSent):
            raise LookupError(f"event {position} is no notification")
        return event

    def history(self, limit: int) -> list[dict[str, Any]]:
        """The latest notifications, one per channel, newest first."""
        rows = self.db.execute_sql(HISTORY, (limit,))
        return [dict(zip(HISTORY_FIELDS, row, strict=True)) for row in rows]
