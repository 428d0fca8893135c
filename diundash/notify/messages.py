"""The text of each notification: a title and a plain-text body, grouped by
host, ending with a link to the page (``PUBLIC_URL``) when it is known."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from diundash.clock import parse_rfc3339

# Lines listed per section at most; the rest are counted ("and 12 more").
MAX_LINES = 100
DIGEST_WIDTH = 19  # "sha256:" and 12 hex digits
NO_HOST_NAME = "(no host name)"


@dataclass(frozen=True)
class PendingUpdate:
    """One host's pending update of one image, from its latest receipt (the
    event at ``position``)."""

    host: str
    image: str
    digest: str
    status: str
    received_at: str
    position: int
    change: str | None = None  # the version kind (versions.py), when known
    previous_tag: str | None = None


@dataclass(frozen=True)
class QuietHost:
    """A host that has not reported for a while: ``why`` is stale (nothing
    for longer than STALE_AFTER) or silent (its DIUN missed its heartbeat,
    ``since`` when; it may never have sent a webhook: no ``last_seen``)."""

    host: str
    last_seen: str | None
    why: str
    since: str | None = None


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _host(name: str) -> str:
    return name or NO_HOST_NAME


def describe(update: PendingUpdate) -> str:
    """One update on a line: the image, its kind of change (from which tag)
    where known, and its new digest."""
    digest = update.digest
    digest = digest if len(digest) <= DIGEST_WIDTH else digest[:DIGEST_WIDTH] + "…"
    return "  ".join(part for part in (update.image, _kind(update), digest) if part)


def _kind(update: PendingUpdate) -> str:
    if update.change is None:
        return ""
    if update.change == "digest":
        return "(new build)"
    since = f" from {update.previous_tag}" if update.previous_tag else ""
    return f"({update.change}{since})"


def _capped(lines: Sequence[str], indent: str = "  ") -> list[str]:
    shown = [indent + line for line in lines[:MAX_LINES]]
    if len(lines) > MAX_LINES:
        shown.append(f"{indent}… and {len(lines) - MAX_LINES} more")
    return shown


def by_host(updates: Iterable[PendingUpdate]) -> list[str]:
    """``updates`` grouped by host (hosts and images in name order): a line
    per host with its count, then its updates indented."""
    hosts: dict[str, list[PendingUpdate]] = {}
    for update in updates:
        hosts.setdefault(update.host, []).append(update)
    lines = []
    for host in sorted(hosts):
        listed = sorted(hosts[host], key=lambda each: each.image)
        lines.append(f"{_host(host)} ({len(listed)})")
        lines += _capped([describe(each) for each in listed])
    return lines


def _hosts_count(updates: Sequence[PendingUpdate]) -> str:
    return plural(len({each.host for each in updates}), "host")


def _with_link(lines: list[str], page_url: str) -> str:
    if page_url:
        lines += ["", page_url]
    return "\n".join(lines).strip("\n")


def new_updates(updates: Sequence[PendingUpdate], page_url: str) -> Message:
    """The message of a batch of new updates."""
    title = f"diundash: {plural(len(updates), 'new update')} on {_hosts_count(updates)}"
    return Message(title, _with_link(by_host(updates), page_url))


def day_and_age(moment: str, now: datetime, zone: ZoneInfo) -> str:
    """``moment`` as a date in ``zone``, and how long ago (``2026-11-20, 14 days ago``)."""
    parsed = parse_rfc3339(moment)
    if parsed is None:
        return moment
    days = (now - parsed).days
    ago = "today" if days < 1 else f"{plural(days, 'day')} ago"
    return f"{parsed.astimezone(zone):%Y-%m-%d}, {ago}"


def waiting_line(update: PendingUpdate, now: datetime, zone: ZoneInfo) -> str:
    since = day_and_age(update.received_at, now, zone)
    return f"{describe(update)} on {_host(update.host)}, since {since}"


def reminder(
    updates: Sequence[PendingUpdate], after: timedelta, now: datetime, zone: ZoneInfo, page_url: str
) -> Message:
    """The message of updates pending for longer than ``after``, sent alone."""
    oldest_first = sorted(updates, key=lambda each: each.received_at)
    title = f"diundash: {plural(len(updates), 'update')} pending for over {_span(after)}"
    lines = _capped([waiting_line(each, now, zone) for each in oldest_first], indent="")
    return Message(title, _with_link(lines, page_url))


def _span(length: timedelta) -> str:
    if length.days and not length.seconds:
        weeks, days = divmod(length.days, 7)
        return plural(weeks, "week") if weeks and not days else plural(length.days, "day")
    hours = int(length.total_seconds() // 3600)
    return plural(hours, "hour") if hours else plural(int(length.total_seconds() // 60), "minute")


@dataclass(frozen=True)
class DigestContent:
    """What a digest tells: every pending update, those that arrived since
    the last digest, the hosts that stopped reporting, and the updates it
    reminds of (pending for longer than ``remind_after``)."""

    pending: Sequence[PendingUpdate]
    arrived: Sequence[PendingUpdate]
    quiet_hosts: Sequence[QuietHost]
    reminded: Sequence[PendingUpdate]
    remind_after: timedelta | None

    @property
    def empty(self) -> bool:
        """Nothing pending and nothing new: no digest unless asked for anyway."""
        return not self.pending and not self.arrived


def digest(content: DigestContent, now: datetime, zone: ZoneInfo, page_url: str) -> Message:
    """The message of a digest."""
    pending = content.pending
    if pending:
        title = (
            f"diundash digest: {plural(len(pending), 'update')} pending on {_hosts_count(pending)}"
        )
    else:
        title = "diundash digest: nothing pending"
    lines = [f"Arrived since the last digest: {len(content.arrived)}"]
    if pending:
        oldest = min(pending, key=lambda each: (each.received_at, each.position))
        lines += ["", "Waiting longest:", "  " + waiting_line(oldest, now, zone)]
        lines += ["", "Pending, by host:", *by_host(pending)]
    if content.arrived:
        lines += ["", "Arrived since the last digest:", *by_host(content.arrived)]
    if content.reminded and content.remind_after:
        oldest_first = sorted(content.reminded, key=lambda each: each.received_at)
        lines += ["", f"Pending for over {_span(content.remind_after)} (reminder):"]
        lines += _capped([waiting_line(each, now, zone) for each in oldest_first])
    if content.quiet_hosts:
        lines += ["", "Hosts not reporting:"]
        lines += _capped([_quiet_line(each, now, zone) for each in content.quiet_hosts])
    return Message(title, _with_link(lines, page_url))


def _quiet_line(host: QuietHost, now: datetime, zone: ZoneInfo) -> str:
    since = "" if host.since is None else f" since {day_and_age(host.since, now, zone)}"
    parts = [host.why + since]
    if host.last_seen is not None:
        parts.append(f"last report {day_and_age(host.last_seen, now, zone)}")
    return f"{_host(host.host)}: {', '.join(parts)}"


def test(page_url: str) -> Message:
    """The message ``notify test`` and the page's Send test button send."""
    lines = ["diundash can reach this channel: notifications will come here."]
    return Message("diundash: test notification", _with_link(lines, page_url))
