"""Sending one notification to every channel, and again where it failed.

Each attempt at each channel is recorded as a ``NotificationSent`` right
after it, before the next channel is tried: the log says what went out, so
a notification is never sent twice to a channel that took it, even across
a restart. A crash between a send and its record sends that one message
again (at least once). A failed attempt is tried again after
``BACKOFF`` (30 s, then 2 min); the third failure is the last, recorded as
failed with no retry.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from diundash.clock import Clock, format_utc, parse_rfc3339
from diundash.commands import Commands
from diundash.events.types import Audit, NotificationSent
from diundash.input_rules import MAX_NOTIFICATION_ATTEMPTS
from diundash.notify.channels import Channel, send
from diundash.notify.messages import Message
from diundash.notify.records import NotificationRecords

log = logging.getLogger("diundash.notify")
# The wait before attempt 2, and before attempt 3.
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2))
JOB_AUDIT = Audit(source="job")


@dataclass(frozen=True)
class Outgoing:
    """A notification to send: ``key`` names it in the log (one per batch,
    digest slot, reminder or test), ``covered`` is what it tells of."""

    key: str
    kind: str
    covered: dict[str, Any]
    message: Message


@dataclass(frozen=True)
class Outcome:
    """How an attempt at one channel went: ``error`` is None once sent."""

    channel: str
    error: str | None

    @property
    def sent(self) -> bool:
        return self.error is None


class Deliveries:
    """Sends notifications to ``channels`` and records every attempt;
    ``before_each`` runs before each send (the notifier renews its lease)."""

    def __init__(
        self,
        channels: Iterable[Channel],
        commands: Commands,
        records: NotificationRecords,
        clock: Clock,
        audit: Audit = JOB_AUDIT,
    ) -> None:
        self.channels = {channel.name: channel for channel in channels}
        self.commands, self.records, self.clock, self.audit = commands, records, clock, audit

    def deliver(
        self, outgoing: Outgoing, before_each: Callable[[], None] = lambda: None
    ) -> list[Outcome]:
        """Send ``outgoing`` to each channel it was not attempted on yet."""
        done = self.records.attempted_channels(outgoing.key)
        outcomes = []
        for channel in self.channels.values():
            if channel.name not in done:
                before_each()
                outcomes.append(self._attempt(channel, outgoing, 1))
        return outcomes

    def due_retries(self, now: datetime) -> list[tuple[Channel, int]]:
        """The failed attempts whose retry is due, on channels still
        configured (one removed from NOTIFY_URLS is not tried again)."""
        due = []
        for retry in self.records.retries():
            channel = self.channels.get(retry.channel)
            retry_at = parse_rfc3339(retry.retry_at)
            if channel is not None and retry_at is not None and retry_at <= now:
                due.append((channel, retry.position))
        return due

    def next_retry_at(self) -> datetime | None:
        """When the next retry on a configured channel is due."""
        times = [
            parse_rfc3339(retry.retry_at)
            for retry in self.records.retries()
            if retry.channel in self.channels
        ]
        return min((each for each in times if each is not None), default=None)

    def retry(self, channel: Channel, position: int) -> Outcome:
        """Send the notification of the failed attempt at ``position`` again."""
        last = self.records.attempt(position)
        outgoing = Outgoing(last.key, last.kind, last.covered, Message(last.title, last.body))
        return self._attempt(channel, outgoing, last.attempt + 1)

    def _attempt(self, channel: Channel, outgoing: Outgoing, attempt: int) -> Outcome:
        error = send(channel, outgoing.message.title, outgoing.message.body)
        now = self.clock()
        retry_at = None
        # A test is tried once: the person who asked for it sees how it went.
        if error is not None and attempt < MAX_NOTIFICATION_ATTEMPTS and outgoing.kind != "test":
            retry_at = format_utc(now + BACKOFF[attempt - 1])
        event = NotificationSent(
            key=outgoing.key,
            kind=outgoing.kind,
            channel=channel.name,
            covered=outgoing.covered,
            title=outgoing.message.title,
            body=outgoing.message.body,
            outcome="sent" if error is None else "failed",
            attempt=attempt,
            attempted_at=format_utc(now),
            retry_at=retry_at,
            error=error,
        )
        self.commands.record_notification(event, self.audit)
        _log_attempt(event)
        return Outcome(channel.name, error)


def _log_attempt(event: NotificationSent) -> None:
    what = f"{event.kind} notification {event.key!r} to {event.channel}"
    if event.error is None:
        log.info("%s sent (attempt %d)", what, event.attempt)
    elif event.retry_at is not None:
        log.warning(
            "%s failed (attempt %d of %d): %s; trying again at %s",
            what,
            event.attempt,
            MAX_NOTIFICATION_ATTEMPTS,
            event.error,
            event.retry_at,
        )
    else:
        log.error("%s failed for good (attempt %d): %s", what, event.attempt, event.error)
