"""What only the log can tell: how many updates came and were resolved
week by week, how long they waited (median and 90th percentile, per host),
which are the oldest still pending, which repositories change most, and
which hosts lag, over the ``days`` before a moment (now, or ``as_of``).

The log is folded from the nearest snapshot of the read model before the
window (``diundash replay`` stores them), so a long log costs the window's
events, not its whole length.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from peewee import Database

from diundash.clock import format_utc, parse_rfc3339
from diundash.events.history import position_at
from diundash.events.store import read_decoded
from diundash.events.types import UpdateReceived
from diundash.image_refs import parse_image
from diundash.projections.fold import cycle_collection_paused
from diundash.projections.snapshots import nearest_snapshot
from diundash.projections.update_entries import hostname_of
from diundash.projections.waits import Resolution, Waits

OLDEST_SHOWN = 10
REPOSITORIES_SHOWN = 10


# The moments a window may span: far past any log, and within what
# ``datetime`` counts (an ``as_of`` of year 1 or 9999 must not overflow).
EARLIEST = datetime(1970, 1, 5, tzinfo=UTC)  # a Monday
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Window:
    """The ``days`` up to ``until`` (the moment of log position ``position``),
    kept between ``EARLIEST`` and ``LATEST``."""

    days: int
    until: datetime
    position: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "until", min(max(self.until, EARLIEST), LATEST))

    @property
    def since(self) -> datetime:
        return max(self.until - timedelta(days=self.days), EARLIEST)


def read_insights(db: Database, window: Window) -> dict[str, Any]:
    """The insights of ``window`` (``GET /api/insights``' body)."""
    start = min(position_at(db, format_utc(window.since)), window.position)
    received: list[tuple[str, str, str]] = []  # (time, host, image)
    resolved: list[Resolution] = []
    with cycle_collection_paused():
        model = nearest_snapshot(db, start)
        waits = Waits.of_model(model)
        for position, event in read_decoded(db, after=model.position, upto=start):
            waits.follow(position, event)
        for position, event in read_decoded(db, after=start, upto=window.position):
            if isinstance(event, UpdateReceived):
                received.append((event.received_at, hostname_of(event.body), event.image))
            resolved += waits.follow(position, event)
    return {
        "as_of": format_utc(window.until),
        "position": window.position,
        "days": window.days,
        "since": format_utc(window.since),
        "received": len(received),
        "resolved": len(resolved),
        "weeks": _weeks(window, [each[0] for each in received], [r.resolved_at for r in resolved]),
        "wait": _wait_summary(resolved),
        "wait_by_host": [
            {"host": host, **_wait_summary(of_host)} for host, of_host in _by_host(resolved)
        ],
        "oldest_pending": _oldest_pending(waits, window.until),
        "repositories": _repositories(image for _, _, image in received),
        "hosts": _hosts_by_lag(waits, resolved, window.until),
    }


def _week_start(moment: datetime) -> datetime:
    """Monday 00:00 UTC of ``moment``'s week."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def _weeks(window: Window, received: list[str], resolved: list[str]) -> list[dict[str, Any]]:
    """Updates received and resolved in each week of the window, oldest
    first, every week listed (0 where nothing happened)."""
    counts: dict[datetime, list[int]] = {}
    week = _week_start(window.since)
    while week <= window.until:
        counts[week] = [0, 0]
        week += timedelta(days=7)
    for column, times in enumerate((received, resolved)):
        for text in times:
            moment = parse_rfc3339(text)
            if moment is not None and _week_start(moment) in counts:
                counts[_week_start(moment)][column] += 1
    return [
        {"week": week.date().isoformat(), "received": each[0], "resolved": each[1]}
        for week, each in counts.items()
    ]


def _percentile(ordered: list[float], share: float) -> float | None:
    """The nearest-rank percentile of ``ordered`` (None when it is empty)."""
    if not ordered:
        return None
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _wait_summary(resolved: list[Resolution]) -> dict[str, Any]:
    waits = sorted(each.seconds for each in resolved)
    return {
        "resolved": len(waits),
        "median_seconds": _percentile(waits, 0.5),
        "p90_seconds": _percentile(waits, 0.9),
    }


def _by_host(resolved: list[Resolution]) -> list[tuple[str, list[Resolution]]]:
    hosts: dict[str, list[Resolution]] = defaultdict(list)
    for each in resolved:
        hosts[each.host].append(each)
    return sorted(hosts.items())


def _age(received_at: str, until: datetime) -> float:
    moment = parse_rfc3339(received_at)
    return 0.0 if moment is None else max(0.0, (until - moment).total_seconds())


def _oldest_pending(waits: Waits, until: datetime) -> list[dict[str, Any]]:
    pending = sorted(
        (received_at, host, image)
        for image, hosts in waits.pending.items()
        for host, received_at in hosts.items()
    )
    return [
        {"host": host, "image": image, "received_at": at, "age_seconds": _age(at, until)}
        for at, host, image in pending[:OLDEST_SHOWN]
    ]


def _repositories(images: Any) -> list[dict[str, Any]]:
    counts = Counter(parse_image(image).name for image in images)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"repository": name, "updates": n} for name, n in ranked[:REPOSITORIES_SHOWN]]


def _hosts_by_lag(
    waits: Waits, resolved: list[Resolution], until: datetime
) -> list[dict[str, Any]]:
    """Every host with a pending update or a resolution in the window, the
    one whose oldest pending update has waited longest first."""
    oldest: dict[str, str] = {}
    pending: Counter[str] = Counter()
    for hosts in waits.pending.values():
        for host, received_at in hosts.items():
            pending[host] += 1
            oldest[host] = min(oldest.get(host, received_at), received_at)
    medians = {
        host: _wait_summary(of_host)["median_seconds"] for host, of_host in _by_host(resolved)
    }
    rows = [
        {
            "host": host,
            "pending": pending[host],
            "oldest_pending_at": oldest.get(host),
            "lag_seconds": _age(oldest[host], until) if host in oldest else 0.0,
            "median_wait_seconds": medians.get(host),
        }
        for host in sorted(set(pending) | set(medians))
    ]
    return sorted(rows, key=lambda row: (-row["lag_seconds"], -row["pending"], row["host"]))
