"""The notifier: the background job (``diundash/jobs.py``) that sends what
is due, beside the requests and never on their path.

- New updates (``NOTIFY_NEW``): the first receipt after the last batch opens
  a window of ``NOTIFY_BATCH``; when it closes, every update received in it
  and still pending goes in one message. A receipt that left its entry
  acknowledged (a digest dismissed before) is no news.
- A digest at each time of ``DIGEST_SCHEDULE``; one the service was down
  for is sent when it starts, if it is at most a day late.
- Reminders (``REMIND_AFTER``): in the next digest, or alone without a
  schedule.
- Retries of what failed.

What is due is worked out from the database, so it holds across restarts
and instances: every send is in the log. Each run holds the ``notify``
lease, so with several instances on one database each message goes out
once; an instance that finds the lease taken waits and looks again.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import Database

from diundash.clock import Clock, format_utc, parse_rfc3339, utc_now
from diundash.commands import Commands
from diundash.config import Settings
from diundash.events.types import Audit
from diundash.leases import Leases
from diundash.notify import content
from diundash.notify.channels import Channel
from diundash.notify.deliveries import Deliveries, Outcome, Outgoing
from diundash.notify.records import NotificationRecords
from diundash.notify.schedule import latest_slot, next_slot
from diundash.projections.read_state import ReadStateCache
from diundash.projections.update_views import ReadState

log = logging.getLogger("diundash.notify")
LEASE = "notify"
# Longer than a run takes: each send (at most ``SEND_TIMEOUT_S``) renews it.
LEASE_TIME = timedelta(minutes=5)
# How long to wait after a run that could not take the lease, or failed.
BUSY_WAIT = timedelta(seconds=10)
# The most a digest or a batch is sent late, after a stop.
CATCH_UP = timedelta(days=1)


@dataclass(frozen=True)
class Plan:
    """When each kind of work is next due (None: nothing to do until the
    database changes); ``first_new`` is the receipt that opened the batch."""

    batch: datetime | None = None
    first_new: int = 0
    digest: datetime | None = None
    reminders: datetime | None = None
    retry: datetime | None = None

    def earliest(self) -> datetime | None:
        times = [self.batch, self.digest, self.reminders, self.retry]
        return min((each for each in times if each is not None), default=None)


class Notifier:
    """The ``notify`` job on ``db``, sending to ``channels``."""

    name = "notify"

    def __init__(
        self,
        db: Database,
        settings: Settings,
        channels: Iterable[Channel],
        commands: Commands,
        clock: Clock = utc_now,
        state: ReadStateCache | None = None,
        leases: Leases | None = None,
    ) -> None:
        self.db, self.db_settings, self.clock = db, settings, clock
        self.settings, self.page_url = settings.notify, settings.public_url
        self.channels = tuple(channels)
        self.records = NotificationRecords(db, clock)
        self.deliveries = Deliveries(self.channels, commands, self.records, clock)
        self.leases = leases or Leases(db, clock=clock)
        self.state = state or ReadStateCache(db, watch=False, clock=clock)
        self.started_at = clock()
        self._plan: tuple[ReadState, Plan] | None = None
        self._not_before: datetime | None = None
        # Work found to have nothing to send (this process remembers it; a
        # restart finds the same again): a batch whose updates were all
        # dismissed, a digest slot with nothing to tell.
        self._skipped_batch_to = 0
        self._skipped_slot: datetime | None = None

    # The job

    def due_at(self, now: datetime) -> datetime | None:
        due = self.plan().earliest()
        if due is not None and self._not_before is not None:
            due = max(due, self._not_before)
        return due

    def run(self, now: datetime) -> None:
        self._not_before = now + BUSY_WAIT  # until this run ends well
        with self.leases.holding(LEASE, LEASE_TIME) as held:
            if not held:
                return  # another instance is sending: look again after BUSY_WAIT
            self._plan = None  # read afresh, under the lease
            for channel, position in self.deliveries.due_retries(now):
                self._renew()
                self.deliveries.retry(channel, position)
            plan = self.plan()
            if plan.batch is not None and plan.batch <= now:
                self._send_batch(plan.first_new, plan.batch)
            if plan.digest is not None and plan.digest <= now:
                self._send_digest(latest_slot(self.settings.cron, self.settings.zone, now), now)
            if plan.reminders is not None and plan.reminders <= now:
                self._send_reminders(now)
        self._not_before, self._plan = None, None

    def plan(self) -> Plan:
        """What is due when, read again only once the database moved."""
        state = self.state.current()
        if self._plan is not None and self._plan[0] == state:
            return self._plan[1]
        batch, first = self._batch_due()
        plan = Plan(
            batch, first, self._digest_due(), self._reminders_due(), self.deliveries.next_retry_at()
        )
        self._plan = (state, plan)
        return plan

    def _renew(self) -> None:
        self.leases.take(LEASE, LEASE_TIME)

    # New updates, in batches

    def _batch_cursor(self) -> tuple[int, str]:
        """The last receipt a batch covered, and the time before which
        receipts are too old to be news now (a batch at most a day late; on
        the first batch ever, none from before this start)."""
        cursor = max(self.records.batch_cursor(), self._skipped_batch_to)
        since = self.settings.batch if cursor == 0 else CATCH_UP
        return cursor, format_utc(self.started_at - since)

    def _batch_due(self) -> tuple[datetime | None, int]:
        if not self.settings.new:
            return None, 0
        cursor, not_before = self._batch_cursor()
        first = self.records.first_receipt_after(cursor, not_before)
        opened = None if first is None else parse_rfc3339(first[1])
        if first is None or opened is None:
            return None, 0
        return opened + self.settings.batch, first[0]

    def _send_batch(self, first: int, closes: datetime) -> None:
        cursor, not_before = self._batch_cursor()
        upto = self.records.last_position_before(cursor, format_utc(closes))
        updates = self.records.pending_received(cursor, upto, not_before)
        if not updates:
            self._skipped_batch_to = upto
            return
        self._deliver(content.batch(updates, first, upto, self.page_url))

    # Digests

    def _last_slot(self) -> tuple[datetime | None, int]:
        last = self.records.last_digest()
        slot = None if last is None else parse_rfc3339(last[0])
        if self._skipped_slot is not None and (slot is None or self._skipped_slot > slot):
            slot = self._skipped_slot
        return slot, 0 if last is None else last[1]

    def _digest_due(self) -> datetime | None:
        if not self.settings.digest_schedule:
            return None
        last, _ = self._last_slot()
        after = self.started_at if last is None else max(last, self.started_at - CATCH_UP)
        return next_slot(self.settings.cron, self.settings.zone, after)

    def _send_digest(self, slot: datetime, now: datetime) -> None:
        last, since = self._last_slot()
        if last is not None and slot <= last:
            return
        outgoing = self.digest(slot, now, since)
        if outgoing is None:
            self._skipped_slot = slot
            return
        self._deliver(outgoing)

    def digest(
        self, slot: datetime, now: datetime, since: int | None = None, force: bool = False
    ) -> Outgoing | None:
        """The digest of ``slot`` as it stands at ``now``; None when there is
        nothing to tell and neither ``DIGEST_WHEN_EMPTY`` nor ``force`` asks
        for one anyway."""
        if since is None:
            since = self._last_slot()[1]
        if since == 0 and self.settings.digest_schedule:  # the first: since the slot before
            before = latest_slot(
                self.settings.cron, self.settings.zone, slot - timedelta(minutes=1)
            )
            since = self.records.last_position_before(0, format_utc(before))
        built_at = self.records.last_position()
        quiet = content.quiet_hosts(self.db, now, self.db_settings.stale_after)
        told = content.digest_content(self.records, since, quiet, now, self.settings.remind_after)
        if told.empty and not (force or self.settings.digest_when_empty):
            return None
        zone = self.settings.zone
        return content.digest(told, slot, built_at, now, zone, self.page_url)

    def next_digest_at(self) -> datetime | None:
        """When the next scheduled digest is due (None without a schedule)."""
        return self.plan().digest

    # Reminders, alone (with a schedule they go in the digest)

    def _reminders_due(self) -> datetime | None:
        after = self.settings.remind_after
        if after is None or self.settings.digest_schedule:
            return None
        earliest = self.records.earliest_unreminded()
        waiting_since = None if earliest is None else parse_rfc3339(earliest)
        return None if waiting_since is None else waiting_since + after

    def _send_reminders(self, now: datetime) -> None:
        after = self.settings.remind_after
        assert after is not None
        updates = self.records.due_reminders(format_utc(now - after))
        if updates:
            zone = self.settings.zone
            self._deliver(content.reminders(updates, after, now, zone, self.page_url))

    # Asked for by a person

    def digest_now(self, audit: Audit) -> list[Outcome] | None:
        """Send a digest now, whatever the schedule and even with nothing to
        tell; None when another instance holds the lease."""
        now = self.clock()
        with self.leases.holding(LEASE, LEASE_TIME) as held:
            if not held:
                return None
            outgoing = self.digest(now, now, force=True)
            assert outgoing is not None
            return self._deliver(outgoing, audit)

    def send_test(self, audit: Audit) -> list[Outcome]:
        """Send a test notification to every channel, once, now."""
        return self._deliver(content.test(self.clock(), self.page_url), audit)

    def _deliver(self, outgoing: Outgoing, audit: Audit | None = None) -> list[Outcome]:
        deliveries = self.deliveries
        if audit is not None:
            commands = deliveries.commands
            deliveries = Deliveries(self.channels, commands, self.records, self.clock, audit)
        self._plan = None
        return deliveries.deliver(outgoing, self._renew)
