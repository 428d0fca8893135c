"""What each notification covers, read from the database when it is due:
a batch of new updates, a digest, reminders. Each comes as an
``Outgoing``: its key in the log, what it covered, and its text."""

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from peewee import Database

from diundash.clock import format_utc
from diundash.notify import messages
from diundash.notify.deliveries import Outgoing
from diundash.notify.messages import DigestContent, PendingUpdate, QuietHost
from diundash.notify.records import NotificationRecords
from diundash.projections.host_views import read_hosts


def batch(updates: list[PendingUpdate], first: int, upto: int, page_url: str) -> Outgoing:
    """The batch of the new ``updates`` received from position ``first``
    to ``upto``."""
    covered = {
        "from_position": first,
        "to_position": upto,
        "count": len(updates),
        "positions": sorted(update.position for update in updates),
    }
    return Outgoing(f"new:{first}-{upto}", "new", covered, messages.new_updates(updates, page_url))


def quiet_hosts(db: Database, now: datetime, stale_after: timedelta) -> list[QuietHost]:
    """Hosts the heartbeat found silent (``why="silent"``), and those that
    have not reported for longer than ``stale_after`` (``"stale"``)."""
    stale_before = format_utc(now - stale_after)
    quiet = []
    for host in read_hosts(db, format_utc(now)):
        name, last_seen, silent_since = host["hostname"], host["last_seen"], host["silent_since"]
        if silent_since is not None:
            quiet.append(QuietHost(name, last_seen, "silent", silent_since))
        elif last_seen is not None and last_seen < stale_before:
            quiet.append(QuietHost(name, last_seen, "stale"))
    return quiet


def digest_content(
    records: NotificationRecords,
    since: int,
    quiet: list[QuietHost],
    now: datetime,
    remind_after: timedelta | None,
) -> DigestContent:
    """What a digest built at ``now`` tells: every pending update, those
    received after position ``since`` (the last digest's), the ``quiet``
    hosts, and the updates pending longer than ``remind_after`` that no
    reminder told of yet."""
    pending = records.pending()
    reminded = []
    if remind_after is not None:
        reminded = records.due_reminders(format_utc(now - remind_after))
    arrived = [update for update in pending if update.position > since]
    return DigestContent(pending, arrived, quiet, reminded, remind_after)


def digest(
    content: DigestContent,
    slot: datetime,
    built_at: int,
    now: datetime,
    zone: ZoneInfo,
    page_url: str,
) -> Outgoing:
    """The digest of ``slot`` (its scheduled time, or now for one asked
    for), built at log position ``built_at``."""
    hosts = Counter(update.host for update in content.pending)
    covered = {
        "slot": format_utc(slot),
        "to_position": built_at,
        "pending": len(content.pending),
        "arrived": len(content.arrived),
        "hosts": dict(sorted(hosts.items())),
        "reminded": sorted(update.position for update in content.reminded),
    }
    message = messages.digest(content, now, zone, page_url)
    return Outgoing(f"digest:{format_utc(slot)}", "digest", covered, message)


def reminders(
    updates: list[PendingUpdate], after: timedelta, now: datetime, zone: ZoneInfo, page_url: str
) -> Outgoing:
    """A reminder of ``updates``, pending for longer than ``after``, alone."""
    covered = {
        "count": len(updates),
        "reminded": sorted(update.position for update in updates),
    }
    message = messages.reminder(updates, after, now, zone, page_url)
    return Outgoing(f"reminder:{format_utc(now)}", "reminder", covered, message)


def test(now: datetime, page_url: str) -> Outgoing:
    """A test notification."""
    return Outgoing(f"test:{format_utc(now)}", "test", {}, messages.test(page_url))
